import { daysBetween, formatDay } from '../../lib/dates';
import type { NotificationKind } from '../notifications';

/** When reminders go out: days before a due date, and how often while it is overdue. */
export interface ReminderRules {
  leadDays: readonly number[];
  overdueEveryDays: number;
}

/**
 * Which reminder a due date calls for today, or none. Before the date: the closest lead time
 * already reached ("before-7" from 7 days ahead until the 1-day one). After it: one per period
 * of `overdueEveryDays` ("overdue-0" for the first days late, "overdue-1" for the next…). A run
 * that was missed for a few days therefore sends only the reminder that is due now, not every
 * one it missed.
 */
export function reminderStage(due: Date, today: Date, rules: ReminderRules): string | undefined {
  const days = daysBetween(today, due);
  if (days < 0) return `overdue-${Math.floor((-days - 1) / rules.overdueEveryDays)}`;
  const reached = rules.leadDays.filter((lead) => days <= lead);
  return reached.length > 0 ? `before-${Math.min(...reached)}` : undefined;
}

/** One reminder for one person. */
export interface PlannedReminder {
  /** Same item, due date, stage and person → same key: it is sent once, ever. */
  onceKey: string;
  userId: string;
  kind: NotificationKind;
  supplierName: string;
  subject?: string | undefined;
  subjectKey?: string | undefined;
  day: Date;
  days: number;
  link: string;
}

/** Something that falls due, whom to remind of it, and when. */
export interface DueItem {
  /** Stable identity of the thing (the schedule item's uid). */
  item: string;
  due: Date;
  recipients: readonly string[];
  supplierName: string;
  subject?: string | undefined;
  subjectKey?: string | undefined;
  link: string;
  /** Days before the due date on which to remind. */
  leadDays: readonly number[];
  /** Undefined: no reminder before the date. */
  beforeKind: NotificationKind | undefined;
  /** Undefined: no reminders once it is past (e.g. an expired agreement opens a review instead). */
  overdueKind: NotificationKind | undefined;
}

/** The reminders that items call for today, one per recipient. */
export function planReminders(
  items: readonly DueItem[],
  today: Date,
  overdueEveryDays: number,
): PlannedReminder[] {
  const planned: PlannedReminder[] = [];
  for (const item of items) {
    const stage = reminderStage(item.due, today, { leadDays: item.leadDays, overdueEveryDays });
    if (!stage) continue;
    const kind = stage.startsWith('overdue') ? item.overdueKind : item.beforeKind;
    if (!kind) continue;
    for (const userId of new Set(item.recipients)) {
      planned.push({
        onceKey: `reminder:${item.item}:${formatDay(item.due)}:${stage}:${userId}`,
        userId,
        kind,
        supplierName: item.supplierName,
        subject: item.subject,
        subjectKey: item.subjectKey,
        day: item.due,
        days: daysBetween(today, item.due),
        link: item.link,
      });
    }
  }
  return planned;
}
