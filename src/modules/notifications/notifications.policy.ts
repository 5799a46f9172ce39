import type { SessionUser } from '../../types/session-user';

/** Everyone reads and marks their own notifications, and nobody else's (checked in the service). */
export const notificationRules = {
  'notifications.own': (_user: SessionUser) => true,
};
