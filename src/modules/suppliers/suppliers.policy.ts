import type { SessionUser } from '../../types/session-user';

/** The part of a supplier that access decisions look at. */
export interface SupplierRef {
  id: string;
}

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';

/** Vendors reach only the supplier they belong to; staff reach all; only buyers change them. */
export const supplierRules = {
  // Staff see the register; a vendor sees only their own supplier (and nothing without one).
  'suppliers.list': (user: SessionUser) => user.role !== 'vendor' || Boolean(user.supplierId),
  /** Portfolio-wide figures (counts by status and tier) are for staff. */
  'suppliers.overview': (user: SessionUser) => user.role !== 'vendor',
  'suppliers.read': (user: SessionUser, supplier: SupplierRef) =>
    user.role === 'vendor' ? user.supplierId === supplier.id : true,
  'suppliers.create': isBuyerStaff,
  'suppliers.update': (user: SessionUser, _supplier: SupplierRef) => isBuyerStaff(user),
};
