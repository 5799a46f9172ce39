import { Schema, model } from 'mongoose';
import type { StoredFile } from '../../lib/files';

/** An answer's value: one choice or text, several choices, or a number. */
export type AnswerValue = string | string[] | number;

export interface EvidenceFile {
  fileId: string;
  filename: string;
  length: number;
  sha256: string;
  kind: string;
  uploadedAt: Date;
  uploadedByName?: string | undefined;
  /** The last day the document is valid (a certificate's end date), when the vendor gave one. */
  validUntil?: Date | undefined;
}

/** The record of a stored, checked evidence file, as kept on an answer or a finding. */
export function evidenceFrom(stored: StoredFile, uploadedByName: string | undefined): EvidenceFile {
  const { id, filename, length, sha256, kind, uploadedAt } = stored;
  return { fileId: id, filename, length, sha256, kind, uploadedAt, uploadedByName };
}

export interface ThreadMessage {
  at: Date;
  byId?: string | undefined;
  byName?: string | undefined;
  /** Whose side wrote it: the vendor, or the buying company's staff. */
  side: 'vendor' | 'staff';
  text: string;
}

export interface AnswerChange {
  at: Date;
  byName?: string | undefined;
  value?: AnswerValue | null | undefined;
  note?: string | undefined;
  /** The save that set this value, so that a late retry of it is recognised. */
  saveId?: string | undefined;
}

export const VERDICTS = ['accepted', 'clarification', 'finding'] as const;
export type Verdict = (typeof VERDICTS)[number];

/**
 * One answer to one question of one assessment. `_id` is "<assessmentId>:<questionKey>", so an
 * answer is always found by `_id` (the lookup FerretDB does from its index) and each save
 * touches one small document.
 */
export interface AnswerRecord {
  _id: string;
  assessmentId: string;
  questionKey: string;
  value?: AnswerValue | null | undefined;
  /** The vendor's explanation of the answer. */
  note?: string | undefined;
  evidence: EvidenceFile[];
  /** Counts every write of this document (guards concurrent writes). */
  revision: number;
  /** Counts saves of the value and note; a browser's save names the one it was based on. */
  valueRevision?: number | undefined;
  /** The last save applied, so a retried save is not applied twice. */
  lastSaveId?: string | undefined;
  updatedAt?: Date | undefined;
  updatedByName?: string | undefined;
  /** Pre-filled from the previous assessment and not yet confirmed or changed. */
  carriedForward?: boolean | undefined;
  /** The answer given in the previous assessment, to show what changed. */
  previousValue?: AnswerValue | null | undefined;
  previousNote?: string | undefined;
  review?:
    { verdict: Verdict; at: Date; byName?: string | undefined; findingId?: string | undefined } | undefined;
  thread: ThreadMessage[];
  /** Earlier values, newest last (the last 50 kept). */
  history: AnswerChange[];
}

const answerSchema = new Schema<AnswerRecord>(
  {
    _id: { type: String, required: true },
    assessmentId: { type: String, required: true },
    questionKey: { type: String, required: true },
    value: { type: Schema.Types.Mixed },
    note: String,
    evidence: { type: Schema.Types.Mixed, default: [] },
    revision: { type: Number, default: 0 },
    valueRevision: { type: Number, default: 0 },
    lastSaveId: String,
    updatedAt: Date,
    updatedByName: String,
    carriedForward: Boolean,
    previousValue: { type: Schema.Types.Mixed },
    previousNote: String,
    review: { type: Schema.Types.Mixed },
    thread: { type: Schema.Types.Mixed, default: [] },
    history: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'answers', versionKey: false },
);

answerSchema.index({ assessmentId: 1 });

export const AnswerModel = model<AnswerRecord>('Answer', answerSchema);

/** The `_id` of the answer to `questionKey` in `assessmentId`. */
export function answerId(assessmentId: string, questionKey: string): string {
  return `${assessmentId}:${questionKey}`;
}
