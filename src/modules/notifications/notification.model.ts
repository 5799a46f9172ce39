import { Schema, model } from 'mongoose';

/** What a notification is about; each has its own wording (notifications.messages.<kind>). */
export const NOTIFICATION_KINDS = [
  'review_due',
  'review_overdue',
  'review_triggered',
  'agreement_expiring',
  'agreement_expired',
  'evidence_expiring',
  'assessment_due',
  'assessment_overdue',
  'condition_overdue',
  'monitoring_alert',
  'incident_reported',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/**
 * One message to one user. The text is not stored: the kind and its values are, so that the
 * list shows each notification in the language the reader uses today.
 */
export interface NotificationRecord {
  /**
   * For reminders, the reminder's identity (kind, item, stage, recipient), so that the same
   * reminder can be written only once: a second insert with this `_id` fails, in any process.
   */
  _id: string;
  userId: string;
  kind: NotificationKind;
  supplierName: string;
  /** What the message names besides the supplier, as free text (a questionnaire, a file…). */
  subject?: string | undefined;
  /** …or as a translation key, when it is a fixed word (an agreement type, a review trigger). */
  subjectKey?: string | undefined;
  /** The date the message is about (a due or expiry day). */
  day?: Date | undefined;
  /** Days until (positive) or past (negative) that date when the message was sent. */
  days?: number | undefined;
  /** Where the reader acts on it (a path inside the portal). */
  link: string;
  readAt?: Date | undefined;
  mailed: boolean;
  createdAt: Date;
}

const notificationSchema = new Schema<NotificationRecord>(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    kind: { type: String, enum: NOTIFICATION_KINDS, required: true },
    supplierName: { type: String, required: true },
    subject: String,
    subjectKey: String,
    day: Date,
    days: Number,
    link: { type: String, required: true },
    readAt: Date,
    mailed: { type: Boolean, default: false },
    createdAt: { type: Date, required: true },
  },
  { collection: 'notifications', versionKey: false },
);

// For MongoDB; on the embedded database each user's list comes from the notification directory.
notificationSchema.index({ userId: 1, createdAt: -1 });

export const NotificationModel = model<NotificationRecord>('Notification', notificationSchema);
