import { Router } from 'express';
import { requireSignedIn } from '../../middleware/auth';
import * as notifications from './notifications.controller';

/** Each user's own notifications (reminders, event reviews), read and unread. */
export function createNotificationsRouter(): Router {
  return Router()
    .use(requireSignedIn)
    .get('/', notifications.list)
    .post('/read-all', notifications.markAllRead)
    .post('/:id/open', notifications.open)
    .post('/:id/unread', notifications.markUnread);
}
