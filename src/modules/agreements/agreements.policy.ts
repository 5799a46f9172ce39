import type { SessionUser } from '../../types/session-user';
import type { SupplierRef } from '../suppliers/suppliers.policy';

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';
const isOwnVendor = (user: SessionUser, supplier: SupplierRef) =>
  user.role === 'vendor' && user.supplierId !== undefined && user.supplierId === supplier.id;

/**
 * Staff read every supplier's agreements, vendors their own supplier's; buyers record and
 * change them; a vendor may only hand in a countersigned copy, which a buyer approves.
 */
export const agreementRules = {
  'agreements.read': (user: SessionUser, supplier: SupplierRef) =>
    user.role !== 'vendor' || isOwnVendor(user, supplier),
  'agreements.manage': (user: SessionUser, _supplier: SupplierRef) => isBuyerStaff(user),
  'agreements.countersign': (user: SessionUser, supplier: SupplierRef) => isOwnVendor(user, supplier),
  /** Staff-only remarks on agreements. */
  'agreements.readNotes': (user: SessionUser, _supplier: SupplierRef) => user.role !== 'vendor',
};
