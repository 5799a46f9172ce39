import type { SessionUser } from '../../types/session-user';

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';

/**
 * Reviews carry internal ratings and verdicts: staff read them, buyers run them, vendors never
 * see them. The schedule and its calendar feed follow the same line.
 */
export const reviewRules = {
  'reviews.read': (user: SessionUser) => user.role !== 'vendor',
  'reviews.manage': isBuyerStaff,
  'schedule.read': (user: SessionUser) => user.role !== 'vendor',
};
