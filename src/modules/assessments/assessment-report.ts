import type { RequestContext } from '../../lib/context';
import { questionsOf, type Bilingual, type TemplateRecord } from '../questionnaires';
import type { RiskTier } from '../suppliers';
import type { EvidenceFile } from './answer.model';
import { AssessmentModel, type AssessmentRecord, type EvidenceOfQuestion } from './assessment.model';
import { evidenceOfAnswers, loadAnswers, loadAssessment, templateOf } from './assessments.service';

/** What a due-diligence summary shows of a completed assessment. */
export interface ReportedAssessment {
  id: string;
  templateName: Bilingual;
  templateVersion: number;
  completedAt: Date | undefined;
  reviewerName: string | undefined;
  overall: number | null;
  residualTier: RiskTier | undefined;
  sections: { key: string; title: Bilingual; score: number | null; weight: number }[];
  /** Every evidence file attached to an answer, with the question it answers. */
  evidence: { question: Bilingual; file: EvidenceFile }[];
}

/** The assessment with its section titles and evidence files, as the report needs them. */
export async function assessmentForReport(context: RequestContext, id: string): Promise<ReportedAssessment> {
  const assessment = await loadAssessment(context, id);
  const template = await templateOf(assessment);
  const titles = new Map(template.content.sections.map((section) => [section.key, section.title]));
  const questions = new Map(
    questionsOf(template.content).map(({ question }) => [question.key, question.text]),
  );
  const evidence = (assessment.evidenceFiles ?? (await freezeEvidence(assessment, template))).map(
    ({ questionKey, file }) => ({
      question: questions.get(questionKey) ?? { en: questionKey, zh: questionKey },
      file,
    }),
  );
  return {
    id,
    templateName: assessment.templateName,
    templateVersion: assessment.templateVersion,
    completedAt: assessment.completedAt,
    reviewerName: assessment.reviewerName,
    overall: assessment.scores?.overall ?? null,
    residualTier: assessment.residualTier,
    sections: (assessment.scores?.sections ?? []).map((section) => ({
      ...section,
      title: titles.get(section.key) ?? { en: section.key, zh: section.key },
    })),
    evidence,
  };
}

/**
 * Assessments completed before completion froze their evidence list: read the answers once
 * and keep the list on the assessment, as completion now does (its answers no longer change).
 */
async function freezeEvidence(
  assessment: AssessmentRecord,
  template: TemplateRecord,
): Promise<EvidenceOfQuestion[]> {
  const evidenceFiles = evidenceOfAnswers(template, await loadAnswers(assessment._id.toString(), template));
  if (assessment.status === 'completed')
    await AssessmentModel.updateOne(
      { _id: assessment._id, status: 'completed' },
      { $set: { evidenceFiles } },
    );
  return evidenceFiles;
}
