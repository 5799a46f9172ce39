import { getConfig } from '../../config';
import { systemContext } from '../../lib/context';
import { addDays, formatDay } from '../../lib/dates';
import { claimOnce } from '../../lib/lease';
import { logger } from '../../lib/logger';
import { OPEN_STATUSES, assessmentDirectory, evidenceValidityDirectory } from '../assessments';
import { record } from '../audit';
import { notify, pruneNotifications } from '../notifications';
import { reviewDirectory, triggerReview } from '../reviews';
import {
  datedAgreements,
  nextReviewDue,
  reviewClock,
  supplierDirectory,
  type ReviewClock,
} from '../suppliers';
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
}

/** Reviews due (open ones and the next periodic one), for the supplier's owner. */
async function reviewItems(clock: ReviewClock): Promise<DueItem[]> {
  const items: DueItem[] = [];
  for (const row of await supplierDirectory.all()) {
    const due = nextReviewDue(row, clock.cadence, clock.timeZone);
    if (!due || !row.ownerId) continue;
    const open = row.openReview;
    items.push({
      item: open ? `review:${open.reviewId}` : `periodic-review:${row.id}`,
      due,
      recipients: [row.ownerId],
      supplierName: row.name,
      link: open ? `/reviews/${open.reviewId}` : `/suppliers/${row.id}#reviews`,
      beforeKind: 'review_due',
      overdueKind: 'review_overdue',
    });
  }
  return items;
}

/** Conditions of approved reviews that are past due and not met, for the supplier's owner. */
async function conditionItems(): Promise<DueItem[]> {
  const items: DueItem[] = [];
  for (const review of await reviewDirectory.all()) {
    const owner = (await supplierDirectory.get(review.supplierId))?.ownerId;
    if (!owner || review.status !== 'completed') continue;
    review.conditions.forEach((condition, index) => {
      if (condition.met) return;
      items.push({
        item: `condition:${review.id}:${index}`,
        due: new Date(condition.dueDate),
        recipients: [owner],
        supplierName: review.supplierName,
        subject: condition.text.slice(0, 120),
        link: `/reviews/${review.id}`,
        beforeKind: 'condition_overdue',
        overdueKind: 'condition_overdue',
      });
    });
  }
  return items;
}

/** Signed NDAs and DPAs with an expiry date, for the supplier's owner. */
async function agreementItems(): Promise<DueItem[]> {
  const items: DueItem[] = [];
  for (const row of await supplierDirectory.all()) {
    if (!row.ownerId || row.status === 'offboarded') continue;
    for (const agreement of datedAgreements(row)) {
      items.push({
        item: `agreement:${agreement.agreementId}`,
        due: agreement.expiryDate,
        recipients: [row.ownerId],
        supplierName: row.name,
        subject: agreement.type,
        link: `/suppliers/${row.id}/agreements/${agreement.agreementId}`,
        beforeKind: 'agreement_expiring',
        overdueKind: undefined,
      });
    }
  }
  return items;
}

/** Evidence with an end date (certificates, reports), for the supplier's owner. */
async function evidenceItems(): Promise<DueItem[]> {
  const items: DueItem[] = [];
  for (const row of await evidenceValidityDirectory.all()) {
    const owner = (await supplierDirectory.get(row.supplierId))?.ownerId;
    if (!owner) continue;
    items.push({
      item: `evidence:${row.id}`,
      due: row.validUntil,
      recipients: [owner],
      supplierName: row.supplierName,
      subject: row.filename,
      link: `/assessments/${row.assessmentId}`,
      beforeKind: 'evidence_expiring',
      overdueKind: undefined,
    });
  }
  return items;
}

/** Assessments the vendor still has to hand in, for the supplier's active vendor users. */
async function assessmentItems(): Promise<DueItem[]> {
  const vendors = await vendorUsersBySupplier();
  const items: DueItem[] = [];
  for (const row of await assessmentDirectory.all()) {
    if (!OPEN_STATUSES.includes(row.status) || row.status === 'submitted') continue;
    const recipients = (vendors.get(row.supplierId) ?? [])
      .filter((user) => user.state === 'active')
      .map((user) => user.id);
    if (recipients.length === 0) continue;
    items.push({
      item: `assessment:${row.id}`,
      due: row.dueDate,
      recipients,
      supplierName: row.supplierName,
      subject: row.templateName.en,
      link: `/assessments/${row.id}`,
      beforeKind: 'assessment_due',
      overdueKind: 'assessment_overdue',
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
  const overdueEveryDays = config.overdueEveryDays;
  const reminders = [
    ...planReminders(await reviewItems(clock), clock.today, {
      leadDays: config.reviewLeadDays,
      overdueEveryDays,
    }),
    ...planReminders(await conditionItems(), clock.today, { leadDays: [], overdueEveryDays }),
    ...planReminders(await agreementItems(), clock.today, {
      leadDays: config.agreementLeadDays,
      overdueEveryDays,
    }),
    // A certificate is renewed on the same rhythm as an agreement.
    ...planReminders(await evidenceItems(), clock.today, {
      leadDays: config.agreementLeadDays,
      overdueEveryDays,
    }),
    ...planReminders(await assessmentItems(), clock.today, {
      leadDays: config.assessmentLeadDays,
      overdueEveryDays,
    }),
  ];
  const remindersSent = await send(reminders);
  const notificationsPruned = await pruneNotifications(addDays(now, -KEEP_NOTIFICATIONS_DAYS));
  const report = {
    day: clock.today.toISOString().slice(0, 10),
    remindersPlanned: reminders.length,
    remindersSent,
    reviewsTriggered,
    notificationsPruned,
  };
  await record(systemContext(), { action: 'scheduler.daily_run', details: { ...report, holder } });
  logger().info({ ...report, ms: Date.now() - started }, 'daily job finished');
  return report;
}
