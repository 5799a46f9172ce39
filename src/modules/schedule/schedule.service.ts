import type { RequestContext } from '../../lib/context';
import { addDays } from '../../lib/dates';
import { authorize } from '../access';
import { OPEN_STATUSES, assessmentDirectory, evidenceValidityDirectory } from '../assessments';
import { UNRESOLVED, findingDirectory } from '../findings';
import { reviewDirectory } from '../reviews';
import {
  datedAgreements,
  nextReviewDue,
  reviewClock,
  supplierDirectory,
  type ReviewClock,
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
  /** Stable across days and feeds (the calendar feed's UID). */
  uid: string;
  kind: ScheduleKind;
  /** The calendar day it falls due (midnight UTC). */
  day: Date;
  supplierId: string;
  supplierName: string;
  ownerId: string;
  /** What it is, beyond its kind: a review kind, an agreement type, a title… */
  detail: string;
  /** Translation key and values for `detail` when it is a fixed word, not free text. */
  detailKey?: string | undefined;
  link: string;
  overdue: boolean;
}

/** Who the schedule is for: everyone's items, or one owner's ("none": suppliers without one). */
export interface ScheduleFilter {
  owner?: string | undefined;
}

function reviewItems(
  rows: Awaited<ReturnType<typeof supplierDirectory.all>>,
  clock: ReviewClock,
): ScheduleItem[] {
  const items: ScheduleItem[] = [];
  for (const row of rows) {
    const due = nextReviewDue(row, clock.cadence, clock.timeZone);
    if (!due) continue;
    const open = row.openReview;
    items.push({
      uid: open ? `review-${open.reviewId}` : `periodic-review-${row.id}-${due.toISOString().slice(0, 10)}`,
      kind: 'review',
      day: due,
      supplierId: row.id,
      supplierName: row.name,
      ownerId: row.ownerId,
      detail: '',
      detailKey: `reviews.kinds.${open ? open.kind : 'periodic'}`,
      link: open ? `/reviews/${open.reviewId}` : `/suppliers/${row.id}#reviews`,
      overdue: due < clock.today,
    });
    for (const agreement of datedAgreements(row)) {
      items.push({
        uid: `agreement-${agreement.agreementId}`,
        kind: 'agreement',
        day: agreement.expiryDate,
        supplierId: row.id,
        supplierName: row.name,
        ownerId: row.ownerId,
        detail: '',
        detailKey: `agreementTypes.${agreement.type}`,
        link: `/suppliers/${row.id}/agreements/${agreement.agreementId}`,
        overdue: agreement.expiryDate < clock.today,
      });
    }
  }
  return items;
}

/**
 * Everything dated that the actor may see (staff only), soonest first. Offboarded suppliers
 * have no reviews; agreements and work of theirs still show until dealt with.
 */
export async function scheduleItems(
  context: RequestContext,
  filter: ScheduleFilter = {},
): Promise<ScheduleItem[]> {
  authorize(context.actor, 'schedule.read');
  const clock = await reviewClock();
  const suppliers = await supplierDirectory.all();
  const ownerOf = new Map(suppliers.map((row) => [row.id, row.ownerId]));
  const items = reviewItems(suppliers, clock);
  for (const review of await reviewDirectory.all()) {
    if (review.status !== 'completed') continue;
    review.conditions.forEach((condition, index) => {
      if (condition.met) return;
      const day = new Date(condition.dueDate);
      items.push({
        uid: `condition-${review.id}-${index}`,
        kind: 'condition',
        day,
        supplierId: review.supplierId,
        supplierName: review.supplierName,
        ownerId: ownerOf.get(review.supplierId) ?? '',
        detail: condition.text,
        link: `/reviews/${review.id}`,
        overdue: day < clock.today,
      });
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
      ownerId: ownerOf.get(row.supplierId) ?? '',
      detail: context.locale === 'zh-CN' ? row.templateName.zh : row.templateName.en,
      link: `/assessments/${row.id}`,
      overdue: row.dueDate < clock.today,
    });
  }
  for (const row of await evidenceValidityDirectory.all()) {
    items.push({
      uid: `evidence-${row.id}`,
      kind: 'evidence',
      day: row.validUntil,
      supplierId: row.supplierId,
      supplierName: row.supplierName,
      ownerId: ownerOf.get(row.supplierId) ?? '',
      detail: row.filename,
      link: `/assessments/${row.assessmentId}`,
      overdue: row.validUntil < clock.today,
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
      ownerId: ownerOf.get(row.supplierId) ?? '',
      detail: row.title,
      link: `/findings/${row.id}`,
      overdue: row.dueDate < clock.today,
    });
  }
  const owner = filter.owner;
  return items
    .filter((item) => !owner || (owner === 'none' ? item.ownerId === '' : item.ownerId === owner))
    .sort((a, b) => a.day.getTime() - b.day.getTime() || a.supplierName.localeCompare(b.supplierName));
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
