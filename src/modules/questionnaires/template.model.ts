import { Schema, model, type Types } from 'mongoose';
import type { TemplateContent } from './template.types';

export const TEMPLATE_STATUSES = ['draft', 'published', 'retired'] as const;
export type TemplateStatus = (typeof TEMPLATE_STATUSES)[number];

/**
 * One version of a questionnaire template. Versions of the same template share `familyId`
 * (the id of its first version). A published version never changes: editing it makes a new
 * draft version; assessments keep pointing at the version they were sent with.
 */
export interface TemplateRecord {
  _id: Types.ObjectId;
  familyId: string;
  version: number;
  status: TemplateStatus;
  content: TemplateContent;
  createdById?: string | undefined;
  createdByName?: string | undefined;
  publishedAt?: Date | undefined;
  publishedByName?: string | undefined;
  retiredAt?: Date | undefined;
  createdAt?: Date;
  updatedAt?: Date;
}

const templateSchema = new Schema<TemplateRecord>(
  {
    familyId: { type: String, required: true },
    version: { type: Number, required: true },
    status: { type: String, enum: TEMPLATE_STATUSES, required: true },
    // Stored as written (validated by template.schema.ts before every save).
    content: { type: Schema.Types.Mixed, required: true },
    createdById: String,
    createdByName: String,
    publishedAt: Date,
    publishedByName: String,
    retiredAt: Date,
  },
  { timestamps: true, collection: 'questionnaire_templates' },
);

templateSchema.index({ familyId: 1, version: 1 }, { unique: true });

export const TemplateModel = model<TemplateRecord>('QuestionnaireTemplate', templateSchema);
