import type { RequestHandler } from 'express';
import { z } from 'zod';
import { contextOf } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { parseInput } from '../../lib/validation';
import {
  listNotifications,
  markAllNotificationsRead,
  markNotification,
  notificationText,
} from './notifications.service';

const filterSchema = z.object({
  unread: z.preprocess((value) => value === '1', z.boolean()),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(filterSchema, req.query);
  const page = await listNotifications(contextOf(req), filter);
  res.render('notifications/list', { ...page, filter, textOf: notificationText });
};

/** Notification ids are "n:<uuid>" or a reminder's key: letters, digits and a few separators. */
function notificationId(value: unknown): string {
  if (typeof value !== 'string' || !/^[\w:.-]{1,200}$/.test(value)) throw new NotFoundError();
  return value;
}

/** Opening a notification marks it read and goes where it points. */
export const open: RequestHandler = async (req, res) => {
  const link = await markNotification(contextOf(req), notificationId(req.params.id), true);
  // Links are paths the portal wrote; checked all the same, as every redirect is.
  res.redirect(303, safeRedirectPath(link, '/notifications'));
};

export const markUnread: RequestHandler = async (req, res) => {
  await markNotification(contextOf(req), notificationId(req.params.id), false);
  res.redirect(303, '/notifications');
};

export const markAllRead: RequestHandler = async (req, res) => {
  const count = await markAllNotificationsRead(contextOf(req));
  req.flash('success', 'notifications.allRead', { count });
  res.redirect(303, '/notifications');
};
