import type { SessionUser } from '../../types/session-user';

/** The dashboard counts every supplier, so only staff see it. */
export const homeRules = {
  'dashboard.read': (user: SessionUser) => user.role !== 'vendor',
};
