import { ReadModel } from '../../lib/read-model';
import { NotificationModel, type NotificationRecord } from './notification.model';

/** A notification as the list shows it. */
export interface NotificationRow extends Omit<NotificationRecord, '_id'> {
  id: string;
}

function toRow({ _id, ...rest }: NotificationRecord): NotificationRow {
  return { id: _id, ...rest };
}

/** Every notification, in memory: each page header counts the reader's unread ones. */
export const notificationDirectory = new ReadModel<NotificationRecord, NotificationRow>({
  entity: 'notification',
  loadAll: () => NotificationModel.find({}).lean<NotificationRecord[]>(),
  loadOne: (id) => NotificationModel.findById(id).lean<NotificationRecord>(),
  toRow,
});

/** Each user's notifications, newest first, rebuilt only when a notification changes. */
let byUser: { version: number; lists: Map<string, NotificationRow[]> } | undefined;

/** One user's notifications, newest first. */
export async function notificationsOf(userId: string): Promise<readonly NotificationRow[]> {
  const version = await notificationDirectory.version();
  if (byUser?.version !== version) {
    const lists = new Map<string, NotificationRow[]>();
    for (const row of await notificationDirectory.all()) {
      const list = lists.get(row.userId) ?? [];
      list.push(row);
      lists.set(row.userId, list);
    }
    for (const list of lists.values()) list.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
    byUser = { version, lists };
  }
  return byUser.lists.get(userId) ?? [];
}
