import type { SessionUser } from '../../types/session-user';

/** The supplier an assessment belongs to: what access decisions look at. */
export interface AssessmentRef {
  supplierId: string;
}

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';
const isOwnVendor = (user: SessionUser, ref: AssessmentRef) =>
  user.role === 'vendor' && user.supplierId !== undefined && user.supplierId === ref.supplierId;

/**
 * Buyers send and review assessments; the supplier's own vendor users answer them; auditors
 * read everything and change nothing.
 */
export const assessmentRules = {
  'assessments.list': (user: SessionUser) => user.role !== 'vendor' || Boolean(user.supplierId),
  'assessments.read': (user: SessionUser, ref: AssessmentRef) =>
    user.role !== 'vendor' || isOwnVendor(user, ref),
  'assessments.send': (user: SessionUser, _ref: AssessmentRef) => isBuyerStaff(user),
  'assessments.answer': isOwnVendor,
  'assessments.review': (user: SessionUser, _ref: AssessmentRef) => isBuyerStaff(user),
  'assessments.comment': (user: SessionUser, ref: AssessmentRef) =>
    isBuyerStaff(user) || isOwnVendor(user, ref),
};
