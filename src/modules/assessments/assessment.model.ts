import { Schema, model, type Types } from 'mongoose';
import type { Bilingual } from '../questionnaires';
import type { RiskTier } from '../suppliers';
import type { EvidenceFile } from './answer.model';

/**
 * Where an assessment is:
 * - sent: the vendor has not answered anything yet
 * - in_progress: the vendor is answering
 * - submitted: handed in, locked for the vendor, waiting for review
 * - returned: sent back to the vendor to change answers
 * - completed: reviewed and scored
 * - cancelled: withdrawn by procurement
 */
export const ASSESSMENT_STATUSES = [
  'sent',
  'in_progress',
  'submitted',
  'returned',
  'completed',
  'cancelled',
] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** Statuses in which the vendor may change answers. */
export const VENDOR_EDITABLE: readonly AssessmentStatus[] = ['sent', 'in_progress', 'returned'];
/** Statuses of an assessment that is not finished. */
export const OPEN_STATUSES: readonly AssessmentStatus[] = ['sent', 'in_progress', 'submitted', 'returned'];

export interface SectionScore {
  key: string;
  /** 0–100, or null when nothing in the section is scored. */
  score: number | null;
  weight: number;
}

/** An evidence file with the question it was given for. */
export interface EvidenceOfQuestion {
  questionKey: string;
  file: EvidenceFile;
}

export interface AssessmentEvent {
  at: Date;
  action: string;
  byName?: string | undefined;
  note?: string | undefined;
}

export interface AssessmentRecord {
  _id: Types.ObjectId;
  supplierId: string;
  supplierName: string;
  templateId: string;
  familyId: string;
  templateVersion: number;
  templateName: Bilingual;
  status: AssessmentStatus;
  dueDate: Date;
  message?: string | undefined;
  sentById?: string | undefined;
  sentByName?: string | undefined;
  sentAt: Date;
  submittedAt?: Date | undefined;
  completedAt?: Date | undefined;
  reviewerName?: string | undefined;
  /** The completed assessment this one was pre-filled from. */
  previousId?: string | undefined;
  scores?: { sections: SectionScore[]; overall: number | null } | undefined;
  residualTier?: RiskTier | undefined;
  /**
   * The evidence files of every answer, frozen at completion like the scores (answers no
   * longer change then), so a report reads one document instead of every answer.
   */
  evidenceFiles?: EvidenceOfQuestion[] | undefined;
  history: AssessmentEvent[];
  createdAt?: Date;
  updatedAt?: Date;
}

const assessmentSchema = new Schema<AssessmentRecord>(
  {
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    templateId: { type: String, required: true },
    familyId: { type: String, required: true },
    templateVersion: { type: Number, required: true },
    templateName: { type: Schema.Types.Mixed, required: true },
    status: { type: String, enum: ASSESSMENT_STATUSES, required: true },
    dueDate: { type: Date, required: true },
    message: String,
    sentById: String,
    sentByName: String,
    sentAt: { type: Date, required: true },
    submittedAt: Date,
    completedAt: Date,
    reviewerName: String,
    previousId: String,
    scores: { type: Schema.Types.Mixed },
    residualTier: String,
    evidenceFiles: { type: Schema.Types.Mixed, default: undefined },
    history: {
      type: [new Schema({ at: Date, action: String, byName: String, note: String }, { _id: false })],
      default: [],
    },
  },
  { timestamps: true, collection: 'assessments' },
);

assessmentSchema.index({ supplierId: 1 });
assessmentSchema.index({ status: 1 });

export const AssessmentModel = model<AssessmentRecord>('Assessment', assessmentSchema);
