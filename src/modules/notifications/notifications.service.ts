import { randomUUID } from 'node:crypto';
import { getConfig } from '../../config';
import type { RequestContext } from '../../lib/context';
import { formatDate } from '../../lib/format';
import { NotFoundError, isDuplicateKey } from '../../lib/errors';
import { translator, type Locale } from '../../lib/i18n';
import { logger } from '../../lib/logger';
import { authorize } from '../access';
import { sendMail } from '../mail';
import { findUserById } from '../users';
import { notificationDirectory, notificationsOf, type NotificationRow } from './notification-directory';
import { NotificationModel, type NotificationRecord } from './notification.model';

/** What a feature says when it notifies someone (the rest of the record is filled in here). */
export type NewNotification = Pick<
  NotificationRecord,
  'userId' | 'kind' | 'supplierName' | 'subject' | 'subjectKey' | 'day' | 'days' | 'link'
> & {
  /** Set for reminders: the same key is never notified twice (see NotificationRecord._id). */
  onceKey?: string | undefined;
};

/** The words of a notification in one language: a one-line title and a sentence. */
export function notificationText(
  notification: Pick<NotificationRecord, 'kind' | 'supplierName' | 'subject' | 'subjectKey' | 'day' | 'days'>,
  locale: Locale,
): { title: string; body: string } {
  const t = translator(locale);
  const values = {
    supplier: notification.supplierName,
    // An event review names its trigger by code; the reader sees it in words.
    subject: notification.subjectKey ? t(notification.subjectKey) : (notification.subject ?? ''),
    date: formatDate(notification.day, locale),
    count: Math.abs(notification.days ?? 0),
  };
  return {
    title: t(`notifications.messages.${notification.kind}.title`, values),
    body: t(`notifications.messages.${notification.kind}.body`, values),
  };
}

/**
 * Records a notification for a user and mails it to them in their language. With `onceKey`, a
 * notification that was already written (by this or another process, today or before a
 * restart) is not written or mailed again: returns false then.
 */
export async function notify(input: NewNotification): Promise<boolean> {
  const recipient = await findUserById(input.userId);
  if (!recipient || recipient.state === 'disabled') return false;
  const record: NotificationRecord = {
    _id: input.onceKey ?? `n:${randomUUID()}`,
    userId: input.userId,
    kind: input.kind,
    supplierName: input.supplierName,
    subject: input.subject,
    subjectKey: input.subjectKey,
    day: input.day,
    days: input.days,
    link: input.link,
    mailed: false,
    createdAt: new Date(),
  };
  try {
    // The insert is the claim: a unique `_id` is atomic on MongoDB and on the embedded database.
    await NotificationModel.collection.insertOne(withoutUndefined(record));
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  await notificationDirectory.publish(record);
  await mailNotification(record, recipient.email, recipient.name, recipient.locale ?? 'en');
  return true;
}

/** Mails a notification; a failed mail is logged and the in-app notification stays. */
async function mailNotification(
  record: NotificationRecord,
  email: string,
  name: string,
  locale: Locale,
): Promise<void> {
  const config = getConfig();
  const { title, body } = notificationText(record, locale);
  try {
    await sendMail(config, {
      to: email,
      subject: title,
      // A kind may word the mail's closing line its own way (mail.notification.body_<kind>).
      text: translator(locale)('mail.notification.body', {
        context: record.kind,
        name,
        body,
        url: `${config.publicUrl}${record.link}`,
      }),
    });
    const mailed = { ...record, mailed: true };
    await NotificationModel.updateOne({ _id: record._id }, { $set: { mailed: true } });
    await notificationDirectory.publish(mailed);
  } catch (error) {
    logger().error({ err: error, notification: record._id }, 'notification mail failed');
  }
}

function withoutUndefined(record: object): object {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

export interface NotificationPage {
  notifications: NotificationRow[];
  unread: number;
  total: number;
  page: number;
  pageCount: number;
}

/** The signed-in user's notifications, newest first, one page at a time. */
export async function listNotifications(
  context: RequestContext,
  filter: { unread: boolean; page: number },
  pageSize = 25,
): Promise<NotificationPage> {
  authorize(context.actor, 'notifications.own');
  const all = await notificationsOf(context.actor.id);
  const matching = filter.unread ? all.filter((row) => !row.readAt) : all;
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(filter.page, pageCount);
  return {
    notifications: matching.slice((page - 1) * pageSize, page * pageSize),
    unread: all.filter((row) => !row.readAt).length,
    total: matching.length,
    page,
    pageCount,
  };
}

/** How many of a user's notifications are unread (for the bell in the page header). */
export async function unreadCount(userId: string): Promise<number> {
  let count = 0;
  for (const row of await notificationsOf(userId)) if (!row.readAt) count++;
  return count;
}

/** Marks one of the user's own notifications read (or unread again); returns where it points. */
export async function markNotification(context: RequestContext, id: string, read: boolean): Promise<string> {
  authorize(context.actor, 'notifications.own');
  const row = await notificationDirectory.get(id);
  // Someone else's notification is as unknown as one that does not exist.
  if (row?.userId !== context.actor.id) throw new NotFoundError();
  const update = read ? { $set: { readAt: new Date() } } : { $unset: { readAt: 1 } };
  const updated = await NotificationModel.findOneAndUpdate({ _id: id }, update, {
    returnDocument: 'after',
  }).lean<NotificationRecord>();
  if (!updated) throw new NotFoundError();
  await notificationDirectory.publish(updated);
  return updated.link;
}

/** Marks every unread notification of the user read. */
export async function markAllNotificationsRead(context: RequestContext): Promise<number> {
  authorize(context.actor, 'notifications.own');
  const unread = (await notificationsOf(context.actor.id)).filter((row) => !row.readAt);
  const readAt = new Date();
  for (const row of unread) {
    await NotificationModel.updateOne({ _id: row.id }, { $set: { readAt } });
    await notificationDirectory.publish({ ...toRecord(row), readAt });
  }
  return unread.length;
}

function toRecord({ id, ...rest }: NotificationRow): NotificationRecord {
  return { _id: id, ...rest };
}

/** Deletes notifications older than `before` (the daily job keeps the collection small). */
export async function pruneNotifications(before: Date): Promise<number> {
  const old = (await notificationDirectory.all()).filter((row) => row.createdAt < before);
  for (const row of old) {
    await NotificationModel.deleteOne({ _id: row.id });
    await notificationDirectory.forget(row.id);
  }
  return old.length;
}
