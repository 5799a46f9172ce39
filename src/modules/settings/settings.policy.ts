import type { SessionUser } from '../../types/session-user';

/** Portal settings are changed by administrators; every staff member may read them. */
export const settingsRules = {
  'settings.manage': (user: SessionUser) => user.role === 'admin',
};
