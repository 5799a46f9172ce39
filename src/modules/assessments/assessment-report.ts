import type { RequestContext } from '../../lib/context';
import { questionsOf, type Bilingual } from '../questionnaires';
import type { RiskTier } from '../suppliers';
import { AnswerModel, answerId, type AnswerRecord, type EvidenceFile } from './answer.model';
import { loadAssessment, templateOf } from './assessments.service';

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
  const questions = questionsOf(template.content).map(({ question }) => question);
  // Answers are found by their ids (assessment + question): an id lookup on every database.
  const answers = await Promise.all(
    questions.map((question) => AnswerModel.findById(answerId(id, question.key)).lean<AnswerRecord>()),
  );
  const evidence = questions.flatMap((question, index) =>
    (answers[index]?.evidence ?? []).map((file) => ({ question: question.text, file })),
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
