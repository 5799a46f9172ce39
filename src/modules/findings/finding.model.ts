import { Schema, model, type Types } from 'mongoose';
import type { Bilingual } from '../questionnaires';
import type { EvidenceFile, ThreadMessage } from '../assessments/answer.model';

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

/**
 * - open: raised, waiting for the vendor's remediation plan
 * - responded: the vendor has answered; a buyer decides
 * - resolved: fixed, closed by a buyer
 * - accepted: risk accepted by a named approver, with a justification
 */
export const FINDING_STATUSES = ['open', 'responded', 'resolved', 'accepted'] as const;
export type FindingStatus = (typeof FINDING_STATUSES)[number];
export const UNRESOLVED: readonly FindingStatus[] = ['open', 'responded'];

/** What can happen to a finding, as recorded in its history. */
export const FINDING_EVENTS = [
  'raised',
  'responded',
  'evidence',
  'resolved',
  'accepted',
  'reopened',
] as const;

export interface FindingEvent {
  at: Date;
  action: (typeof FINDING_EVENTS)[number];
  byName?: string | undefined;
  note?: string | undefined;
}

/** A weakness found while reviewing an answer, followed until it is fixed or its risk accepted. */
export interface FindingRecord {
  _id: Types.ObjectId;
  supplierId: string;
  supplierName: string;
  assessmentId: string;
  questionKey: string;
  questionText: Bilingual;
  /** The answer and its evidence as they were when the finding was raised. */
  answerText: string;
  answerNote?: string | undefined;
  evidence: EvidenceFile[];
  severity: Severity;
  title: string;
  description: string;
  dueDate: Date;
  status: FindingStatus;
  response?: { plan: string; at: Date; byName?: string | undefined; evidence: EvidenceFile[] } | undefined;
  closure?:
    | {
        kind: 'resolved' | 'accepted';
        at: Date;
        byName?: string | undefined;
        justification?: string | undefined;
        approver?: string | undefined;
      }
    | undefined;
  thread: ThreadMessage[];
  history: FindingEvent[];
  raisedById?: string | undefined;
  raisedByName?: string | undefined;
  createdAt?: Date;
  updatedAt?: Date;
}

const findingSchema = new Schema<FindingRecord>(
  {
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    assessmentId: { type: String, required: true },
    questionKey: { type: String, required: true },
    questionText: { type: Schema.Types.Mixed, required: true },
    answerText: { type: String, default: '' },
    answerNote: String,
    evidence: { type: Schema.Types.Mixed, default: [] },
    severity: { type: String, enum: SEVERITIES, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    dueDate: { type: Date, required: true },
    status: { type: String, enum: FINDING_STATUSES, required: true },
    response: { type: Schema.Types.Mixed },
    closure: { type: Schema.Types.Mixed },
    thread: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
    raisedById: String,
    raisedByName: String,
  },
  { timestamps: true, collection: 'findings' },
);

findingSchema.index({ supplierId: 1 });
findingSchema.index({ status: 1 });

export const FindingModel = model<FindingRecord>('Finding', findingSchema);
