import type { SessionUser } from '../../types/session-user';

/** The supplier a finding belongs to. */
export interface FindingRef {
  supplierId: string;
}

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';
const isOwnVendor = (user: SessionUser, ref: FindingRef) =>
  user.role === 'vendor' && user.supplierId !== undefined && user.supplierId === ref.supplierId;

/** Buyers raise and close findings; the supplier's vendors read and answer theirs; auditors read. */
export const findingRules = {
  'findings.list': (user: SessionUser) => user.role !== 'vendor' || Boolean(user.supplierId),
  'findings.read': (user: SessionUser, ref: FindingRef) => user.role !== 'vendor' || isOwnVendor(user, ref),
  'findings.respond': isOwnVendor,
  'findings.manage': (user: SessionUser, _ref: FindingRef) => isBuyerStaff(user),
  'findings.comment': (user: SessionUser, ref: FindingRef) => isBuyerStaff(user) || isOwnVendor(user, ref),
};
