import { ReadModel } from '../../lib/read-model';
import type { Bilingual } from '../questionnaires';
import type { RiskTier } from '../suppliers';
import { AssessmentModel, type AssessmentRecord, type AssessmentStatus } from './assessment.model';

/** What lists and dashboards need of one assessment. */
export interface AssessmentRow {
  id: string;
  supplierId: string;
  supplierName: string;
  familyId: string;
  templateVersion: number;
  templateName: Bilingual;
  status: AssessmentStatus;
  dueDate: Date;
  sentAt: Date;
  submittedAt: Date | undefined;
  completedAt: Date | undefined;
  overall: number | null;
  residualTier: RiskTier | undefined;
  previousId: string | undefined;
}

function toRow(assessment: AssessmentRecord): AssessmentRow {
  return {
    id: assessment._id.toString(),
    supplierId: assessment.supplierId,
    supplierName: assessment.supplierName,
    familyId: assessment.familyId,
    templateVersion: assessment.templateVersion,
    templateName: assessment.templateName,
    status: assessment.status,
    dueDate: assessment.dueDate,
    sentAt: assessment.sentAt,
    submittedAt: assessment.submittedAt,
    completedAt: assessment.completedAt,
    overall: assessment.scores?.overall ?? null,
    residualTier: assessment.residualTier,
    previousId: assessment.previousId,
  };
}

/** Every assessment as a list row, in memory (see ReadModel for why and how it stays current). */
export const assessmentDirectory = new ReadModel<AssessmentRecord, AssessmentRow>({
  entity: 'assessment',
  loadAll: () => AssessmentModel.find({}).lean<AssessmentRecord[]>(),
  loadOne: (id) => AssessmentModel.findById(id).lean<AssessmentRecord>(),
  toRow,
});
