import { Schema, model, type Types } from 'mongoose';

/** Why a review exists: first approval, the tier's cadence, or something that happened. */
export const REVIEW_KINDS = ['onboarding', 'periodic', 'event'] as const;
export type ReviewKind = (typeof REVIEW_KINDS)[number];

/** Events that pull a review forward. */
export const REVIEW_TRIGGERS = [
  'incident',
  'agreement_expired',
  'subprocessor_added',
  'tier_raised',
] as const;
export type ReviewTrigger = (typeof REVIEW_TRIGGERS)[number];

export const REVIEW_OUTCOMES = ['approved', 'approved_with_conditions', 'rejected'] as const;
export type ReviewOutcome = (typeof REVIEW_OUTCOMES)[number];

export const REVIEW_STATUSES = ['open', 'completed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

/** An event that opened the review or pulled it forward. */
export interface TriggerRecord {
  event: ReviewTrigger;
  /** What happened, in words for people (a subprocessor's name, an agreement, tiers). */
  detail: string;
  at: Date;
}

/** Something the supplier must do by a date for an "approved with conditions" outcome. */
export interface ReviewCondition {
  text: string;
  dueDate: Date;
  met: boolean;
  metAt?: Date | undefined;
  metByName?: string | undefined;
}

/** One review of one supplier, open until a reviewer records its outcome. */
export interface ReviewRecord {
  _id: Types.ObjectId;
  supplierId: string;
  supplierName: string;
  kind: ReviewKind;
  status: ReviewStatus;
  triggers: TriggerRecord[];
  /** A calendar day (midnight UTC). */
  dueDate: Date;
  reviewerId?: string | undefined;
  reviewerName?: string | undefined;
  assessmentId?: string | undefined;
  notes?: string | undefined;
  outcome?: ReviewOutcome | undefined;
  conditions: ReviewCondition[];
  completedAt?: Date | undefined;
  completedById?: string | undefined;
  completedByName?: string | undefined;
  /** The next periodic review date this completion set. */
  nextDueDate?: Date | undefined;
  /** Counts writes; every update names the revision it read (see reviews.service). */
  revision: number;
  createdById?: string | undefined;
  createdByName?: string | undefined;
  createdAt?: Date;
  updatedAt?: Date;
}

const reviewSchema = new Schema<ReviewRecord>(
  {
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    kind: { type: String, enum: REVIEW_KINDS, required: true },
    status: { type: String, enum: REVIEW_STATUSES, required: true },
    triggers: { type: Schema.Types.Mixed, default: [] },
    dueDate: { type: Date, required: true },
    reviewerId: String,
    reviewerName: String,
    assessmentId: String,
    notes: String,
    outcome: { type: String, enum: REVIEW_OUTCOMES },
    conditions: { type: Schema.Types.Mixed, default: [] },
    completedAt: Date,
    completedById: String,
    completedByName: String,
    nextDueDate: Date,
    revision: { type: Number, default: 0 },
    createdById: String,
    createdByName: String,
  },
  { timestamps: true, collection: 'reviews', versionKey: false },
);

// For MongoDB; on the embedded database lists are served from the review directory.
reviewSchema.index({ supplierId: 1, status: 1 });

export const ReviewModel = model<ReviewRecord>('Review', reviewSchema);
