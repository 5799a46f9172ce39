import { Schema, model, type Types } from 'mongoose';

/**
 * - open: reported, still going on
 * - contained: the leak or attack is stopped; notification and clean-up may still run
 * - closed: over, with both notification decisions (PIPL Art. 57) on record
 */
export const INCIDENT_STATUSES = ['open', 'contained', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** The one step each status may take next. */
export const NEXT_STATUS: Readonly<Record<IncidentStatus, IncidentStatus | undefined>> = {
  open: 'contained',
  contained: 'closed',
  closed: undefined,
};

/** Who may have to be told of an incident under PIPL Art. 57. */
export const NOTICE_AUDIENCES = ['regulator', 'individuals'] as const;
export type NoticeAudience = (typeof NOTICE_AUDIENCES)[number];

/** Whether a notification is owed; absent means nobody has decided yet. */
export const NOTICE_DECISIONS = ['required', 'not_required'] as const;
export type NoticeDecision = (typeof NOTICE_DECISIONS)[number];

/** The decision about one audience and, once made, when and how they were told. */
export interface NoticeRecord {
  decision?: NoticeDecision | undefined;
  /** The calendar day the notice went out (midnight UTC). */
  notifiedOn?: Date | undefined;
  /** The channel or means: "CAC online form", "e-mail to each customer"… */
  means?: string | undefined;
  decidedAt?: Date | undefined;
  decidedByName?: string | undefined;
}

/**
 * The content Art. 57 wants a notice to carry, each item a field of the incident: PI types,
 * cause, possible harm, remedial measures, what individuals can do, and whom to contact.
 */
export const ART57_ITEMS = [
  'categories',
  'cause',
  'possibleHarm',
  'containment',
  'individualsCanDo',
  'contact',
] as const;
export type Art57Item = (typeof ART57_ITEMS)[number];

/** The fields a reporter fills in (their labels: incidents.fields.<field>). */
export const INCIDENT_FIELDS = [
  'title',
  'description',
  'cause',
  'categories',
  'individualsAffected',
  'discoveredOn',
  'reportedOn',
  'containment',
  'possibleHarm',
  'individualsCanDo',
  'contact',
] as const;

/** What an entry of the timeline records. */
export const TIMELINE_KINDS = ['reported', 'update', 'status', 'notification', 'edited'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/** One line of the incident's timeline: who, when, what. No arrays inside (FerretDB). */
export interface TimelineEntry {
  at: Date;
  kind: TimelineKind;
  byName: string;
  side: 'vendor' | 'staff' | 'system';
  text?: string | undefined;
  /** For status entries: the status before and after. */
  from?: IncidentStatus | undefined;
  status?: IncidentStatus | undefined;
  /** For notification entries: the audience and what was recorded. */
  audience?: NoticeAudience | undefined;
  decision?: NoticeDecision | undefined;
  notifiedOn?: Date | undefined;
  means?: string | undefined;
}

/** A personal-information security incident at one supplier (PIPL Art. 57). */
export interface IncidentRecord {
  _id: Types.ObjectId;
  supplierId: string;
  supplierName: string;
  title: string;
  description: string;
  cause?: string | undefined;
  /** PI category keys of the supplier module's vocabulary. */
  categories: string[];
  individualsAffected?: number | undefined;
  /** Calendar days (midnight UTC). */
  discoveredOn: Date;
  reportedOn: Date;
  /** Containment and remedial measures taken. */
  containment?: string | undefined;
  possibleHarm?: string | undefined;
  individualsCanDo?: string | undefined;
  contact?: string | undefined;
  status: IncidentStatus;
  regulator: NoticeRecord;
  individuals: NoticeRecord;
  timeline: TimelineEntry[];
  reportedById?: string | undefined;
  reportedByName?: string | undefined;
  closedAt?: Date | undefined;
  createdAt?: Date;
  updatedAt?: Date;
}

const incidentSchema = new Schema<IncidentRecord>(
  {
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    title: { type: String, required: true },
    description: { type: String, required: true },
    cause: String,
    categories: { type: [String], default: [] },
    individualsAffected: Number,
    discoveredOn: { type: Date, required: true },
    reportedOn: { type: Date, required: true },
    containment: String,
    possibleHarm: String,
    individualsCanDo: String,
    contact: String,
    status: { type: String, enum: INCIDENT_STATUSES, required: true },
    regulator: { type: Schema.Types.Mixed, default: {} },
    individuals: { type: Schema.Types.Mixed, default: {} },
    timeline: { type: Schema.Types.Mixed, default: [] },
    reportedById: String,
    reportedByName: String,
    closedAt: Date,
  },
  { timestamps: true, collection: 'incidents', minimize: false },
);

incidentSchema.index({ supplierId: 1 });
incidentSchema.index({ status: 1 });

export const IncidentModel = model<IncidentRecord>('Incident', incidentSchema);
