import { Schema, model } from 'mongoose';

/** The access-monitoring rules; each raises its own kind of alert (monitoring.rules.<rule>). */
export const ALERT_RULES = [
  'failed_sign_ins_account',
  'failed_sign_ins_address',
  'download_volume',
  'vendor_other_supplier',
  'admin_new_address',
  'outside_hours',
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['low', 'medium', 'high'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_STATUSES = ['open', 'acknowledged'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** The alert list's filters: open (the default), acknowledged, or all. */
export const ALERT_FILTERS = [...ALERT_STATUSES, 'all'] as const;

/** What an alert is about: a user account, an e-mail address tried at sign-in, or a network address. */
export const SUBJECT_KINDS = ['user', 'email', 'address'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];

/** One alert raised by a monitoring rule, followed until an admin acknowledges it. */
export interface AlertRecord {
  /** "<rule>:<first seen ms>:<random>": tells the rule in the audit trail; unique per firing. */
  _id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  subjectKind: SubjectKind;
  /** The user id, e-mail or address the rule counted. */
  subject: string;
  /** How people recognise the subject (an e-mail for a user id). */
  subjectLabel: string;
  /** The supplier concerned, when the subject is a vendor user. */
  supplierId?: string | undefined;
  /** Facts of the firing: threshold, window, address, time… (flat values only). */
  details: Record<string, string | number>;
  firstSeenAt: Date;
  lastSeenAt: Date;
  /** Events counted: the ones that reached the threshold plus any later ones while the rule stayed quiet. */
  occurrences: number;
  status: AlertStatus;
  acknowledgedById?: string | undefined;
  acknowledgedByName?: string | undefined;
  acknowledgedAt?: Date | undefined;
  acknowledgeNote?: string | undefined;
}

const alertSchema = new Schema<AlertRecord>(
  {
    _id: { type: String, required: true },
    rule: { type: String, enum: ALERT_RULES, required: true },
    severity: { type: String, enum: ALERT_SEVERITIES, required: true },
    subjectKind: { type: String, enum: SUBJECT_KINDS, required: true },
    subject: { type: String, required: true },
    subjectLabel: { type: String, required: true },
    supplierId: String,
    details: { type: Schema.Types.Mixed, default: {} },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
    occurrences: { type: Number, required: true },
    status: { type: String, enum: ALERT_STATUSES, required: true },
    acknowledgedById: String,
    acknowledgedByName: String,
    acknowledgedAt: Date,
    acknowledgeNote: String,
  },
  { collection: 'alerts', versionKey: false },
);

// For MongoDB; on the embedded database the (small) collection is scanned.
alertSchema.index({ status: 1, firstSeenAt: -1 });

export const AlertModel = model<AlertRecord>('Alert', alertSchema);

/** An address an admin has signed in from: `_id` "<userId>:<ip>", the only lookup FerretDB narrows. */
export interface KnownAddressRecord {
  _id: string;
  userId: string;
  ip: string;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

const knownAddressSchema = new Schema<KnownAddressRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    ip: { type: String, required: true },
    firstSeenAt: { type: Date, required: true },
    lastSeenAt: { type: Date, required: true },
  },
  { collection: 'admin_addresses', versionKey: false },
);

knownAddressSchema.index({ userId: 1 });

export const KnownAddressModel = model<KnownAddressRecord>('KnownAddress', knownAddressSchema);
