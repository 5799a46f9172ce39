import { getConfig, type Config } from '../../config';
import { systemContext } from '../../lib/context';
import { addDays, formatDay } from '../../lib/dates';
import { claimOnce } from '../../lib/lease';
import { logger } from '../../lib/logger';
import { pruneAuditTrail, record } from '../audit';
import { notify, pruneNotifications, type NotificationKind } from '../notifications';
import { triggerReview } from '../reviews';
import { datedItems, type ScheduleKind } from '../schedule/schedule.service';
import { datedAgreements, reviewClock, supplierDirectory, type ReviewClock } from '../suppliers';
import { vendorUsersBySupplier } from '../users';
import { planReminders, type DueItem, type PlannedReminder } from './reminder-plan';

/** Notifications older than this are deleted by the daily job. */
const KEEP_NOTIFICATIONS_DAYS = 365;

export interface DailyRunReport {
  day: string;
  remindersPlanned: number;
  remindersSent: number;
  reviewsTriggered: number;
  notificationsPruned: number;
  auditEventsPruned: number;
}

/** How one kind of dated item is reminded of: to whom, how far ahead, with which messages. */
interface ReminderRule {
  to: 'owner' | 'vendors';
  leadDays: readonly number[];
  before?: NotificationKind;
  overdue?: NotificationKind;
}

function reminderRules(config: Config['scheduler']): Partial<Record<ScheduleKind, ReminderRule>> {
  return {
    review: { to: 'owner', leadDays: config.reviewLeadDays, before: 'review_due', overdue: 'review_overdue' },
    condition: { to: 'owner', leadDays: [], overdue: 'condition_overdue' },
    // An expired agreement opens a review (see triggerExpiredAgreements) instead of reminders.
    agreement: { to: 'owner', leadDays: config.agreementLeadDays, before: 'agreement_expiring' },
    // A certificate is renewed on the same rhythm as an agreement.
    evidence: { to: 'owner', leadDays: config.agreementLeadDays, before: 'evidence_expiring' },
    assessment: {
      to: 'vendors',
      leadDays: config.assessmentLeadDays,
      before: 'assessment_due',
      overdue: 'assessment_overdue',
    },
    // Findings are followed on the findings list and the schedule, without reminders.
  };
}

/**
 * What the schedule shows, with the people to remind of each item: the supplier's owner, or
 * for assessments the supplier's active vendor users.
 */
async function dueItems(clock: ReviewClock, config: Config['scheduler']): Promise<DueItem[]> {
  const rules = reminderRules(config);
  const vendors = await vendorUsersBySupplier();
  const activeVendors = (supplierId: string) =>
    (vendors.get(supplierId) ?? []).filter((user) => user.state === 'active').map((user) => user.id);
  // Stored messages keep free text in English; fixed words are stored as keys and translated.
  const items: DueItem[] = [];
  for (const item of await datedItems(clock, 'en')) {
    const rule = rules[item.kind];
    if (!rule) continue;
    const recipients = rule.to === 'owner' ? [item.ownerId].filter(Boolean) : activeVendors(item.supplierId);
    if (recipients.length === 0) continue;
    items.push({
      item: item.uid,
      due: item.day,
      recipients,
      supplierName: item.supplierName,
      subject: item.detail,
      subjectKey: item.detailKey,
      link: item.link,
      leadDays: rule.leadDays,
      beforeKind: rule.before,
      overdueKind: rule.overdue,
    });
  }
  return items;
}

/** Signed agreements whose expiry day has passed: each opens an event review, once. */
async function triggerExpiredAgreements(clock: ReviewClock, holder: string): Promise<number> {
  let triggered = 0;
  for (const row of await supplierDirectory.all()) {
    if (row.status === 'offboarded') continue;
    for (const agreement of datedAgreements(row)) {
      if (agreement.expiryDate >= clock.today) continue;
      if (!(await claimOnce(`agreement-expired:${agreement.agreementId}`, holder))) continue;
      await triggerReview(systemContext(), row.id, {
        event: 'agreement_expired',
        detail: `${agreement.type.toUpperCase()} · ${formatDay(agreement.expiryDate)}`,
      });
      triggered++;
    }
  }
  return triggered;
}

/** Sends planned reminders; each is written (and mailed) only by the first process to claim it. */
async function send(reminders: readonly PlannedReminder[]): Promise<number> {
  let sent = 0;
  for (const reminder of reminders) if (await notify(reminder)) sent++;
  return sent;
}

/**
 * The daily run: opens reviews for agreements that expired, reminds owners and vendors of what
 * falls due (never the same reminder twice), and prunes old notifications. Safe to run more than
 * once a day and from several processes: every action is claimed by a unique key first.
 */
export async function runDailyJob(holder: string, now = new Date()): Promise<DailyRunReport> {
  const started = Date.now();
  const config = getConfig().scheduler;
  const clock = await reviewClock(now);
  const reviewsTriggered = await triggerExpiredAgreements(clock, holder);
  const reminders = planReminders(await dueItems(clock, config), clock.today, config.overdueEveryDays);
  const remindersSent = await send(reminders);
  const notificationsPruned = await pruneNotifications(addDays(now, -KEEP_NOTIFICATIONS_DAYS));
  // Audit events past the retention setting go too (never younger than six months).
  const auditEventsPruned = (await pruneAuditTrail(holder, now)).removed;
  const report = {
    day: formatDay(clock.today),
    remindersPlanned: reminders.length,
    remindersSent,
    reviewsTriggered,
    notificationsPruned,
    auditEventsPruned,
  };
  await record(systemContext(), { action: 'scheduler.daily_run', details: { ...report, holder } });
  logger().info({ ...report, ms: Date.now() - started }, 'daily job finished');
  return report;
}
