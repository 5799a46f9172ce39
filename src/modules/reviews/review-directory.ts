import { ReadModel } from '../../lib/read-model';
import {
  ReviewModel,
  type ReviewCondition,
  type ReviewKind,
  type ReviewOutcome,
  type ReviewRecord,
  type ReviewStatus,
  type ReviewTrigger,
} from './review.model';

/** What lists, the schedule and the dashboard need of one review. */
export interface ReviewRow {
  id: string;
  supplierId: string;
  supplierName: string;
  kind: ReviewKind;
  status: ReviewStatus;
  triggers: ReviewTrigger[];
  dueDate: Date;
  reviewerId: string;
  reviewerName: string;
  outcome: ReviewOutcome | undefined;
  conditions: ReviewCondition[];
  completedAt: Date | undefined;
  completedByName: string;
}

function toRow(review: ReviewRecord): ReviewRow {
  return {
    id: review._id.toString(),
    supplierId: review.supplierId,
    supplierName: review.supplierName,
    kind: review.kind,
    status: review.status,
    triggers: review.triggers.map((trigger) => trigger.event),
    dueDate: review.dueDate,
    reviewerId: review.reviewerId ?? '',
    reviewerName: review.reviewerName ?? '',
    outcome: review.outcome,
    conditions: review.conditions,
    completedAt: review.completedAt,
    completedByName: review.completedByName ?? '',
  };
}

/** Every review as a list row, in memory (see ReadModel for why and how it stays current). */
export const reviewDirectory = new ReadModel<ReviewRecord, ReviewRow>({
  entity: 'review',
  loadAll: () => ReviewModel.find({}).lean<ReviewRecord[]>(),
  loadOne: (id) => ReviewModel.findById(id).lean<ReviewRecord>(),
  toRow,
});
