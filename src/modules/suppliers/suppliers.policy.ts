import type { SessionUser } from '../../types/session-user';

/** The part of a supplier that access decisions look at. */
export interface SupplierRef {
  id: string;
}

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';
const isStaff = (user: SessionUser) => user.role !== 'vendor';

/**
 * Vendors reach only the supplier they belong to and never its internal notes or risk
 * ratings; auditors read everything; only admins and procurement change anything.
 */
export const supplierRules = {
  // Staff see the register; a vendor sees only their own supplier (and nothing without one).
  'suppliers.list': (user: SessionUser) => isStaff(user) || Boolean(user.supplierId),
  /** Portfolio-wide figures (counts by status and tier) are for staff. */
  'suppliers.overview': isStaff,
  'suppliers.read': (user: SessionUser, supplier: SupplierRef) =>
    isStaff(user) || (user.supplierId !== undefined && user.supplierId === supplier.id),
  /** Internal notes, risk ratings and status history. */
  'suppliers.readInternal': (user: SessionUser, _supplier: SupplierRef) => isStaff(user),
  'suppliers.create': isBuyerStaff,
  'suppliers.update': (user: SessionUser, _supplier: SupplierRef) => isBuyerStaff(user),
  'suppliers.export': isStaff,
  'suppliers.import': isBuyerStaff,
};
