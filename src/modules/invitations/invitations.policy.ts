import type { SessionUser } from '../../types/session-user';
import type { SupplierRef } from '../suppliers/suppliers.policy';

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';

/** Administrators and procurement invite vendor users and manage pending invitations. */
export const invitationRules = {
  'invitations.list': isBuyerStaff,
  'invitations.inviteVendor': (user: SessionUser, _supplier: SupplierRef) => isBuyerStaff(user),
  'invitations.manage': isBuyerStaff,
};
