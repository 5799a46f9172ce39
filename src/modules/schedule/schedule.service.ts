import type { RequestContext } from '../../lib/context';
import { addDays, formatDay } from '../../lib/dates';
import type { Locale } from '../../lib/i18n';
import { authorize } from '../access';
import { OPEN_STATUSES, assessmentDirectory, evidenceValidityDirectory, inLocale } from '../assessments';
import { UNRESOLVED, findingDirectory } from '../findings';
import { reviewDirectory } from '../reviews';
import {
  datedAgreements,
  nextReviewDue,
  reviewClock,
  supplierDirectory,
  type ReviewClock,
  type SupplierRow,
} from '../suppliers';

/** What falls due: reviews, review conditions, agreement and evidence expiries, assessments and findings. */
export const SCHEDULE_KINDS = [
  'review',
  'condition',
  'agreement',
  'evidence',
  'assessment',
  'finding',
] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** One dated thing on the schedule. */
export interface ScheduleItem {
  /** Stable across days and feeds (the calendar feed's UID, the reminders' item). */
  uid: string;
  kind: ScheduleKind;
  /** The calendar day it falls due (midnight UTC). */
  day: Date;
  supplierId: string;
  supplierName: string;
  ownerId: string;
  /** What it is, beyond its kind, as free text (a title, a file name…). */
  detail: string;
  /** What it is as a translation key, when it is a fixed word (a review kind, an agreement type). */
  detailKey?: string | undefined;
  link: string;
  overdue: boolean;
}

/** Who the schedule is for: everyone's items, or one owner's ("none": suppliers without one). */
export interface ScheduleFilter {
  owner?: string | undefined;
}

type Dated = Omit<ScheduleItem, 'ownerId' | 'overdue'>;

// A collator compares far faster than localeCompare, and many items share a day.
const byName = new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true });

/** Reviews (the open one, else the next periodic one) and the signed agreements' expiries. */
function supplierItems(rows: readonly SupplierRow[], clock: ReviewClock): Dated[] {
  const items: Dated[] = [];
  for (const row of rows) {
    // Offboarded suppliers are not reviewed, and their agreements no longer need renewing.
    if (row.status === 'offboarded') continue;
    const due = nextReviewDue(row, clock.cadence, clock.timeZone);
    const open = row.openReview;
    if (due) {
      items.push({
        uid: open ? `review-${open.reviewId}` : `periodic-review-${row.id}-${formatDay(due)}`,
        kind: 'review',
        day: due,
        supplierId: row.id,
        supplierName: row.name,
        detail: '',
        detailKey: `reviews.kinds.${open ? open.kind : 'periodic'}`,
        link: open ? `/reviews/${open.reviewId}` : `/suppliers/${row.id}#reviews`,
      });
    }
    for (const agreement of datedAgreements(row)) {
      items.push({
        uid: `agreement-${agreement.agreementId}`,
        kind: 'agreement',
        day: agreement.expiryDate,
        supplierId: row.id,
        supplierName: row.name,
        detail: '',
        detailKey: `agreementTypes.${agreement.type}`,
        link: `/suppliers/${row.id}/agreements/${agreement.agreementId}`,
      });
    }
  }
  return items;
}

/** Conditions of completed reviews that are not met yet. */
async function conditionItems(): Promise<Dated[]> {
  const items: Dated[] = [];
  for (const review of await reviewDirectory.all()) {
    if (review.status !== 'completed') continue;
    review.conditions.forEach((condition, index) => {
      if (condition.met) return;
      items.push({
        uid: `condition-${review.id}-${index}`,
        kind: 'condition',
        day: new Date(condition.dueDate),
        supplierId: review.supplierId,
        supplierName: review.supplierName,
        detail: condition.text,
        link: `/reviews/${review.id}`,
      });
    });
  }
  return items;
}

/** Evidence end dates, assessments the vendor still has to hand in, and unresolved findings. */
async function workItems(locale: Locale): Promise<Dated[]> {
  const items: Dated[] = [];
  for (const row of await evidenceValidityDirectory.all()) {
    items.push({
      uid: `evidence-${row.id}`,
      kind: 'evidence',
      day: row.validUntil,
      supplierId: row.supplierId,
      supplierName: row.supplierName,
      detail: row.filename,
      link: `/assessments/${row.assessmentId}`,
    });
  }
  for (const row of await assessmentDirectory.all()) {
    if (!OPEN_STATUSES.includes(row.status) || row.status === 'submitted') continue;
    items.push({
      uid: `assessment-${row.id}`,
      kind: 'assessment',
      day: row.dueDate,
      supplierId: row.supplierId,
      supplierName: row.supplierName,
      detail: inLocale(row.templateName, locale),
      link: `/assessments/${row.id}`,
    });
  }
  for (const row of await findingDirectory.all()) {
    if (!UNRESOLVED.includes(row.status)) continue;
    items.push({
      uid: `finding-${row.id}`,
      kind: 'finding',
      day: row.dueDate,
      supplierId: row.supplierId,
      supplierName: row.supplierName,
      detail: row.title,
      link: `/findings/${row.id}`,
    });
  }
  return items;
}

/**
 * Everything dated across all suppliers, soonest first, with free text in `locale`: what the
 * schedule shows and what the daily job reminds people of (no access check: for other services).
 */
export async function datedItems(clock: ReviewClock, locale: Locale): Promise<ScheduleItem[]> {
  const suppliers = await supplierDirectory.all();
  const ownerOf = new Map(suppliers.map((row) => [row.id, row.ownerId]));
  const items = [
    ...supplierItems(suppliers, clock),
    ...(await conditionItems()),
    ...(await workItems(locale)),
  ];
  return items
    .map((item) => ({
      ...item,
      ownerId: ownerOf.get(item.supplierId) ?? '',
      overdue: item.day < clock.today,
    }))
    .sort((a, b) => a.day.getTime() - b.day.getTime() || byName.compare(a.supplierName, b.supplierName));
}

/** Everything dated that the actor may see (staff only), soonest first. */
export async function scheduleItems(
  context: RequestContext,
  filter: ScheduleFilter = {},
): Promise<ScheduleItem[]> {
  authorize(context.actor, 'schedule.read');
  const items = await datedItems(await reviewClock(), context.locale);
  const owner = filter.owner;
  return owner ? items.filter((item) => item.ownerId === (owner === 'none' ? '' : owner)) : items;
}

/** The schedule list: what is overdue, and what falls due within `days` from today. */
export async function upcomingSchedule(
  context: RequestContext,
  filter: ScheduleFilter & { days: number },
): Promise<{ overdue: ScheduleItem[]; upcoming: ScheduleItem[]; today: Date }> {
  const items = await scheduleItems(context, filter);
  const { today } = await reviewClock();
  const until = addDays(today, filter.days);
  return {
    overdue: items.filter((item) => item.overdue),
    upcoming: items.filter((item) => !item.overdue && item.day <= until),
    today,
  };
}

/** The items of one month, by day of the month (1–31). */
export async function monthSchedule(
  context: RequestContext,
  filter: ScheduleFilter & { month: Date },
): Promise<{ byDay: Map<number, ScheduleItem[]>; today: Date }> {
  const items = await scheduleItems(context, filter);
  const { today } = await reviewClock();
  const byDay = new Map<number, ScheduleItem[]>();
  for (const item of items) {
    if (
      item.day.getUTCFullYear() !== filter.month.getUTCFullYear() ||
      item.day.getUTCMonth() !== filter.month.getUTCMonth()
    )
      continue;
    byDay.set(item.day.getUTCDate(), [...(byDay.get(item.day.getUTCDate()) ?? []), item]);
  }
  return { byDay, today };
}
