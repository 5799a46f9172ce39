import type { SessionUser } from '../../types/session-user';

/** Who may manage user accounts: administrators only. */
export const userRules = {
  'users.manage': (user: SessionUser) => user.role === 'admin',
  /** Names of staff (e.g. supplier owners) are visible to staff, not to vendors. */
  'users.listStaff': (user: SessionUser) => user.role !== 'vendor',
};
