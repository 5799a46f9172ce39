import { Schema, model } from 'mongoose';
import { LOCALES, type Locale } from '../../lib/i18n';

/**
 * One generated PDF, kept so that a copy can later be checked. The `_id` is the SHA-256 of the
 * file's bytes, so checking a file is an id lookup on every database; the document id printed
 * in the PDF finds the record of a copy whose bytes were changed.
 */
export interface ReportRecord {
  _id: string;
  documentId: string;
  supplierId: string;
  supplierName: string;
  language: Locale;
  bytes: number;
  generatedAt: Date;
  generatedById?: string | undefined;
  generatedByName?: string | undefined;
  generatedByEmail?: string | undefined;
  /** The bulk export the file was part of, if any. */
  batchId?: string | undefined;
}

const reportSchema = new Schema<ReportRecord>(
  {
    _id: { type: String, required: true },
    documentId: { type: String, required: true, unique: true },
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    language: { type: String, enum: LOCALES, required: true },
    bytes: { type: Number, required: true },
    generatedAt: { type: Date, required: true },
    generatedById: String,
    generatedByName: String,
    generatedByEmail: String,
    batchId: String,
  },
  { collection: 'reports', versionKey: false },
);

export const ReportModel = model<ReportRecord>('Report', reportSchema);
