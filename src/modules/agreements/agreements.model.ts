import { Schema, model, type Types } from 'mongoose';
import { CLAUSE_STATES, DPA_CLAUSE_IDS, type ClauseAssessment } from './dpa-clauses';

/** NDA, DPA, master services agreement, cross-border standard contract, anything else. */
export const AGREEMENT_TYPES = ['nda', 'dpa', 'msa', 'scc', 'other'] as const;
export type AgreementType = (typeof AGREEMENT_TYPES)[number];

export const AGREEMENT_STATUSES = ['draft', 'sent', 'signed', 'expired', 'terminated', 'superseded'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];

/**
 * The moves a person may make by hand. "superseded" is set only when a newer version is signed;
 * "expired" may also be recorded by hand when an agreement ends early.
 */
export const AGREEMENT_TRANSITIONS: Record<AgreementStatus, readonly AgreementStatus[]> = {
  draft: ['sent', 'signed', 'terminated'],
  sent: ['draft', 'signed', 'terminated'],
  signed: ['expired', 'terminated'],
  expired: ['terminated'],
  terminated: [],
  superseded: [],
};

export interface Signatory {
  name: string;
  title?: string | undefined;
  /** Who signs for whom: our company or the supplier. */
  party: 'company' | 'supplier';
  signedOn?: Date | undefined;
}

/** The signed document: stored in GridFS layout, sealed by its SHA-256. */
export interface AgreementFile {
  id: string;
  filename: string;
  length: number;
  sha256: string;
  uploadedAt: Date;
  uploadedById?: string | undefined;
  uploadedByName?: string | undefined;
}

export interface AgreementEvent {
  at: Date;
  action: string;
  byId?: string | undefined;
  byName?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  note?: string | undefined;
}

export interface AgreementRecord {
  _id: Types.ObjectId;
  supplierId: string;
  type: AgreementType;
  title?: string | undefined;
  status: AgreementStatus;
  /** 1 for the first version; each new version of the same agreement counts up. */
  version: number;
  previousId?: string | undefined;
  supersededById?: string | undefined;
  effectiveDate?: Date | undefined;
  expiryDate?: Date | undefined;
  signatories: Signatory[];
  file?: AgreementFile | undefined;
  /** A countersigned copy uploaded by the vendor waits for a buyer's decision. */
  approval?:
    { state: 'pending' | 'approved' | 'rejected'; byName?: string; at?: Date; note?: string } | undefined;
  /** DPAs only. */
  checklist: ClauseAssessment[];
  /** Staff-only remarks. */
  notes?: string | undefined;
  history: AgreementEvent[];
  createdAt?: Date;
  updatedAt?: Date;
}

const agreementSchema = new Schema<AgreementRecord>(
  {
    supplierId: { type: String, required: true },
    type: { type: String, enum: AGREEMENT_TYPES, required: true },
    title: String,
    status: { type: String, enum: AGREEMENT_STATUSES, required: true },
    version: { type: Number, required: true, default: 1 },
    previousId: String,
    supersededById: String,
    effectiveDate: Date,
    expiryDate: Date,
    signatories: {
      type: [
        new Schema(
          {
            name: { type: String, required: true },
            title: String,
            party: { type: String, enum: ['company', 'supplier'] },
            signedOn: Date,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    file: {
      type: new Schema(
        {
          id: { type: String, required: true },
          filename: String,
          length: Number,
          sha256: { type: String, required: true },
          uploadedAt: Date,
          uploadedById: String,
          uploadedByName: String,
        },
        { _id: false },
      ),
    },
    approval: {
      type: new Schema(
        {
          state: { type: String, enum: ['pending', 'approved', 'rejected'] },
          byName: String,
          at: Date,
          note: String,
        },
        { _id: false },
      ),
    },
    checklist: {
      type: [
        new Schema(
          {
            clause: { type: String, enum: DPA_CLAUSE_IDS, required: true },
            state: { type: String, enum: CLAUSE_STATES, required: true },
            reference: String,
            note: String,
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    notes: String,
    history: {
      type: [
        new Schema(
          { at: Date, action: String, byId: String, byName: String, from: String, to: String, note: String },
          { _id: false },
        ),
      ],
      default: [],
    },
  },
  { timestamps: true, collection: 'agreements' },
);

agreementSchema.index({ supplierId: 1 });

export const AgreementModel = model<AgreementRecord>('Agreement', agreementSchema);
