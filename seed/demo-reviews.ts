import { addDays, addMonths, dayIn } from '../src/lib/dates';
import { ReviewModel } from '../src/modules/reviews/review.model';
import { reviewDirectory } from '../src/modules/reviews/review-directory';
import { setOpenReview, setReviewAnchor } from '../src/modules/suppliers';
import { SupplierModel, type SupplierRecord } from '../src/modules/suppliers/suppliers.model';

/**
 * Demo reviews, once per supplier: Acme was approved with a condition three months ago (its
 * next review follows from that day), and Globex has an open review that a new subprocessor
 * pulled forward, already two days late, so the schedule and dashboard have something to show.
 */
export async function seedDemoReviews(): Promise<void> {
  const today = dayIn(new Date(), 'UTC');
  const acme = await demoSupplier('Acme Cloud Ltd');
  if (acme && !(await ReviewModel.exists({ supplierId: acme._id.toString() }))) {
    const completedAt = addDays(new Date(), -90);
    const review = await ReviewModel.create({
      supplierId: acme._id.toString(),
      supplierName: acme.name,
      kind: 'periodic',
      status: 'completed',
      triggers: [],
      dueDate: addDays(today, -95),
      reviewerId: acme.ownerId,
      reviewerName: acme.ownerName,
      notes: 'SOC 2 Type II report reviewed; backups are not yet encrypted.',
      outcome: 'approved_with_conditions',
      conditions: [
        {
          text: 'Encrypt database backups with keys held in the KMS',
          dueDate: addDays(today, 20),
          met: false,
        },
      ],
      completedAt,
      completedByName: acme.ownerName,
      nextDueDate: addMonths(dayIn(completedAt, 'UTC'), 12),
      revision: 0,
    });
    await reviewDirectory.publish(review.toObject());
    await setReviewAnchor(acme._id.toString(), completedAt);
  }
  const globex = await demoSupplier('Globex Payments Pte. Ltd.');
  if (globex && !(await ReviewModel.exists({ supplierId: globex._id.toString() }))) {
    const review = await ReviewModel.create({
      supplierId: globex._id.toString(),
      supplierName: globex.name,
      kind: 'event',
      status: 'open',
      triggers: [
        { event: 'subprocessor_added', detail: 'CloudCo Analytics (US)', at: addDays(new Date(), -2) },
      ],
      dueDate: addDays(today, -2),
      conditions: [],
      revision: 0,
    });
    await reviewDirectory.publish(review.toObject());
    await setOpenReview(globex._id.toString(), {
      reviewId: review._id.toString(),
      kind: 'event',
      dueDate: review.dueDate,
    });
  }
}

function demoSupplier(name: string): Promise<SupplierRecord | null> {
  return SupplierModel.findOne({ name }).lean<SupplierRecord>();
}
