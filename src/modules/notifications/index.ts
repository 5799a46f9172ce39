export { notificationDirectory } from './notification-directory';
export { NOTIFICATION_KINDS, type NotificationKind } from './notification.model';
export { notify, pruneNotifications, unreadCount, type NewNotification } from './notifications.service';
