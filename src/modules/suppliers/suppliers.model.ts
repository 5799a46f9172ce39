import { Schema, model, type Types } from 'mongoose';
import {
  ACCESS_TYPES,
  CRITICALITY_LEVELS,
  PI_CATEGORY_KEYS,
  TRANSFER_MECHANISMS,
  VOLUME_BANDS,
  type AccessType,
  type Criticality,
  type PiCategory,
  type TransferMechanism,
  type VolumeBand,
} from './data-profile';
import { RISK_TIERS, type RiskFactor, type RiskTier } from './risk';

/** Lifecycle of a supplier relationship, in order. */
export const SUPPLIER_STATUSES = ['prospect', 'onboarding', 'active', 'suspended', 'offboarded'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

/** The moves the lifecycle allows; every other change of status is refused. */
export const STATUS_TRANSITIONS: Record<SupplierStatus, readonly SupplierStatus[]> = {
  prospect: ['onboarding', 'offboarded'],
  onboarding: ['active', 'prospect', 'offboarded'],
  active: ['suspended', 'offboarded'],
  suspended: ['active', 'offboarded'],
  offboarded: ['onboarding'],
};

export interface SupplierContact {
  name: string;
  title?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
}

export interface StoredSubprocessor {
  name: string;
  country: string;
  service?: string | undefined;
  categories: PiCategory[];
  consentDate?: Date | undefined;
}

export interface StatusChange {
  from?: SupplierStatus | undefined;
  to: SupplierStatus;
  reason: string;
  at: Date;
  byId?: string | undefined;
  byName?: string | undefined;
}

/** What the supplier keeps of its NDA or DPA (see agreements). */
export interface AgreementState {
  /** missing · draft · sent · signed · expired · terminated */
  state: string;
  agreementId?: string | undefined;
  effectiveDate?: Date | undefined;
  expiryDate?: Date | undefined;
  /** DPA only: mandatory clauses missing, and clauses only partly covered. */
  gaps?: string[] | undefined;
  partial?: string[] | undefined;
}

/** What the latest completed assessment says, kept on the supplier for lists and reports. */
export interface AssessmentSummary {
  assessmentId: string;
  completedAt: Date;
  score: number | null;
  residualTier: RiskTier;
}

/** The supplier's unresolved findings, kept on the supplier for lists and dashboards. */
export interface FindingSummary {
  open: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  /** The earliest remediation due date among them. */
  nextDue?: Date | undefined;
}

/** The supplier's open review, kept on the supplier so lists know the next review date. */
export interface OpenReviewSummary {
  reviewId: string;
  kind: string;
  dueDate: Date;
}

/** A supplier document as stored (and as `.lean()` returns it). */
export interface SupplierRecord {
  _id: Types.ObjectId;
  name: string;
  legalName?: string | undefined;
  registrationId?: string | undefined;
  country?: string | undefined;
  website?: string | undefined;
  services?: string | undefined;
  ownerId?: string | undefined;
  ownerName?: string | undefined;
  contacts: SupplierContact[];
  internalNotes?: string | undefined;
  status: SupplierStatus;
  statusHistory: StatusChange[];
  dataProfile: {
    purpose?: string | undefined;
    method?: string | undefined;
    categories: PiCategory[];
    volume: VolumeBand;
    access: AccessType;
    destinations: string[];
    mechanism?: TransferMechanism | undefined;
    criticality: Criticality;
  };
  subprocessors: StoredSubprocessor[];
  risk: {
    inherentTier: RiskTier;
    inherentScore: number;
    factors: RiskFactor[];
    computedAt?: Date | undefined;
  };
  reviewAnchor?: Date | undefined;
  summary: {
    nda: AgreementState;
    dpa: AgreementState;
    pendingApprovals: number;
    assessment?: AssessmentSummary | undefined;
    findings?: FindingSummary | undefined;
    review?: OpenReviewSummary | undefined;
  };
  agreementIds: string[];
  createdById?: string | undefined;
  createdAt?: Date;
  updatedAt?: Date;
}

const contactSchema = new Schema(
  {
    name: { type: String, required: true },
    title: String,
    email: String,
    phone: String,
  },
  { _id: false },
);

const subprocessorSchema = new Schema(
  {
    name: { type: String, required: true },
    country: { type: String, required: true },
    service: String,
    categories: { type: [String], enum: PI_CATEGORY_KEYS, default: [] },
    consentDate: Date,
  },
  { _id: false },
);

const statusChangeSchema = new Schema(
  {
    from: { type: String, enum: SUPPLIER_STATUSES },
    to: { type: String, enum: SUPPLIER_STATUSES, required: true },
    reason: { type: String, required: true },
    at: { type: Date, required: true },
    byId: String,
    byName: String,
  },
  { _id: false },
);

const riskFactorSchema = new Schema(
  { key: { type: String, required: true }, points: Number, params: Schema.Types.Mixed },
  { _id: false },
);

const agreementStateSchema = new Schema(
  {
    /** missing · draft · sent · signed · expired · terminated (see agreements) */
    state: { type: String, default: 'missing' },
    agreementId: String,
    effectiveDate: Date,
    expiryDate: Date,
    /** DPA only: mandatory clauses missing / only partly covered. */
    gaps: { type: [String], default: undefined },
    partial: { type: [String], default: undefined },
  },
  { _id: false },
);

const supplierSchema = new Schema<SupplierRecord>(
  {
    name: { type: String, required: true, trim: true },
    legalName: String,
    /** e.g. the 18-character unified social credit code (统一社会信用代码) for a Chinese company. */
    registrationId: String,
    country: String,
    website: String,
    services: String,
    ownerId: String,
    ownerName: String,
    contacts: { type: [contactSchema], default: [] },
    /** Staff-only remarks: never shown to vendor users. */
    internalNotes: String,
    status: { type: String, enum: SUPPLIER_STATUSES, default: 'prospect', required: true },
    statusHistory: { type: [statusChangeSchema], default: [] },

    dataProfile: {
      purpose: String,
      method: String,
      categories: { type: [String], enum: PI_CATEGORY_KEYS, default: [] },
      volume: { type: String, enum: VOLUME_BANDS, default: 'none' },
      access: { type: String, enum: ACCESS_TYPES, default: 'none' },
      destinations: { type: [String], default: [] },
      mechanism: { type: String, enum: TRANSFER_MECHANISMS },
      criticality: { type: String, enum: CRITICALITY_LEVELS, default: 'low' },
    },
    subprocessors: { type: [subprocessorSchema], default: [] },

    risk: {
      inherentTier: { type: String, enum: RISK_TIERS, default: 'low' },
      inherentScore: { type: Number, default: 0 },
      factors: { type: [riskFactorSchema], default: [] },
      computedAt: Date,
    },
    /** When the cadence starts counting: the last completed review, else when the supplier became active. */
    reviewAnchor: Date,

    /** Kept in step with the supplier's agreements, so lists read this collection only. */
    summary: {
      nda: { type: agreementStateSchema, default: () => ({}) },
      dpa: { type: agreementStateSchema, default: () => ({}) },
      /** Countersigned documents uploaded by the vendor, waiting for approval. */
      pendingApprovals: { type: Number, default: 0 },
      assessment: { type: Schema.Types.Mixed },
      findings: { type: Schema.Types.Mixed },
      /** The open review, if any: its due date is the supplier's next review date. */
      review: { type: Schema.Types.Mixed },
    },
    /** Every agreement version of this supplier, newest first: read by `_id`, never searched. */
    agreementIds: { type: [String], default: [] },

    createdById: String,
  },
  { timestamps: true, collection: 'suppliers' },
);

supplierSchema.index({ name: 1 });
supplierSchema.index({ registrationId: 1 });
supplierSchema.index({ status: 1 });
supplierSchema.index({ 'risk.inherentTier': 1 });
supplierSchema.index({ ownerId: 1 });

export const SupplierModel = model<SupplierRecord>('Supplier', supplierSchema);
