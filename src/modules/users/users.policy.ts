import type { SessionUser } from '../../types/session-user';

/** Who may manage user accounts: administrators only. */
export const userRules = {
  'users.manage': (user: SessionUser) => user.role === 'admin',
};
