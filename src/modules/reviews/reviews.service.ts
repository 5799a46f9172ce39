import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { addDays, addMonths, dayIn, formatDay } from '../../lib/dates';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { oneAtATime } from '../../lib/one-at-a-time';
import { authorize } from '../access';
import { assessmentDirectory } from '../assessments';
import { record } from '../audit';
import { notify } from '../notifications';
import {
  applyReviewVerdict,
  reviewClock,
  setOpenReview,
  setReviewAnchor,
  supplierGlance,
} from '../suppliers';
import { findUserById } from '../users';
import { reviewDirectory, type ReviewRow } from './review-directory';
import { ReviewModel, type ReviewKind, type ReviewRecord, type ReviewTrigger } from './review.model';
import type { Completion, ReviewDetails } from './reviews.schema';

/** Days an onboarding review started by hand has, unless a due date is given. */
const ONBOARDING_DAYS = 30;

async function loadReview(id: string): Promise<ReviewRecord> {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError();
  const review = await ReviewModel.findById(id).lean<ReviewRecord>();
  if (!review) throw new NotFoundError();
  return review;
}

/** One review (staff only). */
export async function getReview(context: RequestContext, id: string): Promise<ReviewRecord> {
  authorize(context.actor, 'reviews.read');
  return loadReview(id);
}

/** A supplier's reviews, the open one first, then the latest completed (staff only). */
export async function reviewsOfSupplier(context: RequestContext, supplierId: string): Promise<ReviewRow[]> {
  authorize(context.actor, 'reviews.read');
  return (await reviewDirectory.all())
    .filter((row) => row.supplierId === supplierId)
    .sort(
      (a, b) =>
        Number(b.status === 'open') - Number(a.status === 'open') ||
        (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0),
    );
}

async function openReviewOf(supplierId: string): Promise<ReviewRow | undefined> {
  return (await reviewDirectory.all()).find((row) => row.supplierId === supplierId && row.status === 'open');
}

/** Writes a review change only if nobody changed the review since it was read. */
async function saveReview(review: ReviewRecord, update: Record<string, unknown>): Promise<ReviewRecord> {
  const updated = await ReviewModel.findOneAndUpdate(
    { _id: review._id, revision: review.revision },
    { ...update, $inc: { revision: 1 } },
    { returnDocument: 'after' },
  ).lean<ReviewRecord>();
  if (!updated) throw new ConflictError('reviews.errors.changedMeanwhile');
  await reviewDirectory.publish(updated);
  return updated;
}

async function createReview(
  fields: Omit<ReviewRecord, '_id' | 'revision' | 'conditions'>,
): Promise<ReviewRecord> {
  const created = (
    await ReviewModel.create({ ...fields, conditions: [], revision: 0 })
  ).toObject() as ReviewRecord;
  await reviewDirectory.publish(created);
  await setOpenReview(created.supplierId, {
    reviewId: created._id.toString(),
    kind: created.kind,
    dueDate: created.dueDate,
  });
  return created;
}

/**
 * Starts an onboarding or periodic review of a supplier by hand. A supplier has at most one open
 * review; a periodic one is due on the supplier's next review date.
 */
export async function startReview(
  context: RequestContext,
  supplierId: string,
  input: { kind: Exclude<ReviewKind, 'event'>; dueDate?: Date | undefined },
): Promise<string> {
  authorize(context.actor, 'reviews.manage');
  const actor = context.actor;
  return oneAtATime(`reviews-of:${supplierId}`, async () => {
    const supplier = await supplierGlance(supplierId);
    if (!supplier) throw new NotFoundError();
    const open = await openReviewOf(supplierId);
    if (open) throw new ConflictError('reviews.errors.alreadyOpen');
    const { today } = await reviewClock();
    const dueDate =
      input.dueDate ??
      (input.kind === 'periodic' ? supplier.nextReviewDue : undefined) ??
      addDays(today, ONBOARDING_DAYS);
    const created = await createReview({
      supplierId,
      supplierName: supplier.name,
      kind: input.kind,
      status: 'open',
      triggers: [],
      dueDate,
      createdById: actor.id,
      createdByName: actor.name,
    });
    const id = created._id.toString();
    await record(context, {
      action: 'reviews.start',
      target: { type: 'review', id, label: supplier.name },
      supplierId,
      details: { kind: input.kind, due: formatDay(dueDate) },
    });
    return id;
  });
}

/**
 * Something happened that calls for a review now: an incident, an expired agreement, a new
 * subprocessor, a tier that went up. Opens an event review due today, or pulls the open review
 * forward to today and adds the event to it; the supplier's owner is notified either way.
 */
export async function triggerReview(
  context: RequestContext,
  supplierId: string,
  trigger: { event: ReviewTrigger; detail: string },
): Promise<string | undefined> {
  return oneAtATime(`reviews-of:${supplierId}`, async () => {
    const supplier = await supplierGlance(supplierId);
    if (!supplier || supplier.status === 'offboarded') return undefined;
    const { now, today } = await reviewClock();
    const event = { ...trigger, detail: trigger.detail.slice(0, 500), at: now };
    const open = await openReviewOf(supplierId);
    let review: ReviewRecord;
    if (open) {
      const current = await loadReview(open.id);
      const dueDate = current.dueDate < today ? current.dueDate : today;
      review = await saveReview(current, { $set: { dueDate }, $push: { triggers: event } });
      await setOpenReview(supplierId, { reviewId: open.id, kind: review.kind, dueDate });
    } else {
      review = await createReview({
        supplierId,
        supplierName: supplier.name,
        kind: 'event',
        status: 'open',
        triggers: [event],
        dueDate: today,
        createdById: context.actor?.id,
        createdByName: context.actor?.name,
      });
    }
    const id = review._id.toString();
    await record(context, {
      action: 'reviews.trigger',
      target: { type: 'review', id, label: supplier.name },
      supplierId,
      details: { event: trigger.event, detail: event.detail },
    });
    if (supplier.ownerId) {
      await notify({
        userId: supplier.ownerId,
        kind: 'review_triggered',
        supplierName: supplier.name,
        subjectKey: `reviews.triggers.${trigger.event}`,
        day: review.dueDate,
        link: `/reviews/${id}`,
      });
    }
    return id;
  });
}

/** Changes the due date, reviewer, linked assessment or notes of an open review. */
export async function updateReviewDetails(
  context: RequestContext,
  id: string,
  input: ReviewDetails,
): Promise<void> {
  authorize(context.actor, 'reviews.manage');
  await oneAtATime(`review:${id}`, async () => {
    const review = await loadReview(id);
    if (review.status !== 'open') throw new ConflictError('reviews.errors.notOpen');
    const reviewer = input.reviewerId ? await findUserById(input.reviewerId) : undefined;
    if (input.reviewerId && (!reviewer || !['admin', 'procurement'].includes(reviewer.role)))
      throw new ValidationError({ reviewerId: { key: 'reviews.errors.reviewer' } });
    if (input.assessmentId) {
      const assessment = await assessmentDirectory.get(input.assessmentId);
      if (assessment?.supplierId !== review.supplierId)
        throw new ValidationError({ assessmentId: { key: 'reviews.errors.assessment' } });
    }
    const set = {
      dueDate: input.dueDate,
      reviewerId: reviewer?.id,
      reviewerName: reviewer?.name,
      assessmentId: input.assessmentId,
      notes: input.notes,
    };
    const unset = Object.entries(set)
      .filter(([, value]) => value === undefined)
      .map(([field]) => [field, 1]);
    const updated = await saveReview(review, {
      $set: Object.fromEntries(Object.entries(set).filter(([, value]) => value !== undefined)),
      ...(unset.length > 0 ? { $unset: Object.fromEntries(unset) } : {}),
    });
    await setOpenReview(review.supplierId, { reviewId: id, kind: updated.kind, dueDate: updated.dueDate });
    await record(context, {
      action: 'reviews.update',
      target: { type: 'review', id, label: review.supplierName },
      supplierId: review.supplierId,
      details: {
        due: formatDay(input.dueDate),
        reviewer: reviewer?.name ?? null,
        assessment: input.assessmentId ?? null,
      },
    });
  });
}

/**
 * Records the outcome. The next periodic review is counted from today by the tier's cadence; a
 * rejection suspends the supplier, an approval activates one still onboarding.
 */
export async function completeReview(
  context: RequestContext,
  id: string,
  completion: Completion,
): Promise<void> {
  authorize(context.actor, 'reviews.manage');
  const actor = context.actor;
  const review = await loadReview(id);
  if (review.status !== 'open') throw new ConflictError('reviews.errors.notOpen');
  const supplier = await supplierGlance(review.supplierId);
  if (!supplier) throw new NotFoundError();
  const clock = await reviewClock();
  const completedAt = clock.now;
  const nextDueDate = addMonths(dayIn(completedAt, clock.timeZone), clock.cadence[supplier.inherentTier]);
  await oneAtATime(`reviews-of:${review.supplierId}`, async () => {
    await saveReview(review, {
      $set: {
        status: 'completed',
        outcome: completion.outcome,
        notes: completion.notes ?? review.notes,
        conditions: completion.conditions.map((condition) => ({ ...condition, met: false })),
        completedAt,
        completedById: actor.id,
        completedByName: actor.name,
        nextDueDate,
        // Whoever records the outcome is the reviewer, if nobody was named.
        reviewerId: review.reviewerId ?? actor.id,
        reviewerName: review.reviewerName ?? actor.name,
      },
    });
    await setReviewAnchor(review.supplierId, completedAt);
    await setOpenReview(review.supplierId, undefined);
  });
  await record(context, {
    action: 'reviews.complete',
    target: { type: 'review', id, label: review.supplierName },
    supplierId: review.supplierId,
    details: {
      outcome: completion.outcome,
      conditions: completion.conditions.length,
      next: formatDay(nextDueDate),
    },
  });
  const verdict = completion.outcome === 'rejected' ? 'rejected' : 'approved';
  const reason = `review:${completion.outcome}`;
  await applyReviewVerdict(context, review.supplierId, verdict, reason);
}

/** Marks a condition of an "approved with conditions" review met (or not met again). */
export async function setConditionMet(
  context: RequestContext,
  id: string,
  index: number,
  met: boolean,
): Promise<void> {
  authorize(context.actor, 'reviews.manage');
  const actor = context.actor;
  await oneAtATime(`review:${id}`, async () => {
    const review = await loadReview(id);
    const condition = review.conditions[index];
    if (!condition) throw new NotFoundError();
    const conditions = review.conditions.map((item, position) =>
      position === index
        ? { ...item, met, metAt: met ? new Date() : undefined, metByName: met ? actor.name : undefined }
        : item,
    );
    await saveReview(review, { $set: { conditions } });
    await record(context, {
      action: met ? 'reviews.condition_met' : 'reviews.condition_reopened',
      target: { type: 'review', id, label: review.supplierName },
      supplierId: review.supplierId,
      details: { condition: condition.text.slice(0, 200) },
    });
  });
}
