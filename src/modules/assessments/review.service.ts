import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { authorize } from '../access';
import { record } from '../audit';
import { raiseFinding, unresolvedCounts, type Severity } from '../findings';
import { questionsOf } from '../questionnaires';
import { setAssessmentSummary, supplierGlance } from '../suppliers';
import { valueText } from './answer-values';
import { AnswerModel, answerId, type AnswerRecord, type Verdict } from './answer.model';
import { OPEN_STATUSES, VENDOR_EDITABLE, type AssessmentRecord } from './assessment.model';
import {
  evidenceOfAnswers,
  loadAnswers,
  loadAssessment,
  moveAssessment,
  progressOf,
  templateOf,
} from './assessments.service';
import { residualTier, scoreAssessment } from './scoring';

/**
 * The vendor hands in the assessment. Every shown required question must be answered, with
 * evidence where required and carried-forward answers confirmed; otherwise nothing changes and
 * the caller gets what is missing.
 */
export async function submitAssessment(
  context: RequestContext,
  id: string,
): Promise<{ ok: true } | { ok: false; missing: ReturnType<typeof progressOf>['missing'] }> {
  const assessment = await loadAssessment(context, id);
  authorize(context.actor, 'assessments.answer', { supplierId: assessment.supplierId });
  if (!VENDOR_EDITABLE.includes(assessment.status)) throw new ConflictError('assessments.errors.locked');
  const template = await templateOf(assessment);
  const progress = progressOf(template, await loadAnswers(id, template));
  if (progress.missing.length > 0) return { ok: false, missing: progress.missing };
  await moveAssessment(context, assessment, VENDOR_EDITABLE, 'submitted', { submittedAt: new Date() });
  await record(context, {
    action: 'assessments.submit',
    target: { type: 'assessment', id, label: assessment.templateName.en },
    supplierId: assessment.supplierId,
    details: { answered: progress.complete, shown: progress.shown },
  });
  return { ok: true };
}

async function forReview(context: RequestContext, id: string): Promise<AssessmentRecord> {
  const assessment = await loadAssessment(context, id);
  authorize(context.actor, 'assessments.review', { supplierId: assessment.supplierId });
  return assessment;
}

/** Sends a submitted assessment back to the vendor to change answers. */
export async function returnAssessment(context: RequestContext, id: string, note: string): Promise<void> {
  const assessment = await forReview(context, id);
  if (assessment.status !== 'submitted') throw new ConflictError('assessments.errors.notSubmitted');
  await moveAssessment(context, assessment, ['submitted'], 'returned', {}, note);
  await record(context, {
    action: 'assessments.return',
    target: { type: 'assessment', id, label: assessment.templateName.en },
    supplierId: assessment.supplierId,
    details: { note: note.slice(0, 500) },
  });
}

/** Withdraws an assessment that is not finished. */
export async function cancelAssessment(context: RequestContext, id: string, note: string): Promise<void> {
  const assessment = await forReview(context, id);
  await moveAssessment(context, assessment, OPEN_STATUSES, 'cancelled', {}, note);
  await record(context, {
    action: 'assessments.cancel',
    target: { type: 'assessment', id, label: assessment.templateName.en },
    supplierId: assessment.supplierId,
    details: { note: note.slice(0, 500) },
  });
}

export interface FindingInput {
  severity: Severity;
  title: string;
  description: string;
  dueDate: Date;
}

/**
 * A reviewer's decision on one answer: accepted; a clarification asked for (the message goes
 * to the question's thread, where the vendor sees it); or a finding raised from it.
 */
export async function reviewAnswer(
  context: RequestContext,
  id: string,
  questionKey: string,
  decision: { verdict: Verdict; message?: string | undefined; finding?: FindingInput | undefined },
): Promise<void> {
  const assessment = await forReview(context, id);
  if (assessment.status !== 'submitted') throw new ConflictError('assessments.errors.notSubmitted');
  const template = await templateOf(assessment);
  const question = questionsOf(template.content).find((item) => item.question.key === questionKey)?.question;
  if (!question) throw new NotFoundError();
  if (decision.verdict === 'clarification' && !decision.message) {
    throw new ValidationError({ message: { key: 'validation.required' } });
  }
  const key = answerId(id, questionKey);
  const answer = await AnswerModel.findById(key).lean<AnswerRecord>();
  let findingId: string | undefined;
  if (decision.verdict === 'finding') {
    if (!decision.finding) throw new ValidationError({ title: { key: 'validation.required' } });
    if (decision.finding.dueDate.getTime() < Date.now() - 86_400_000) {
      throw new ValidationError({ dueDate: { key: 'assessments.errors.dueInPast' } });
    }
    findingId = await raiseFinding(context, {
      supplierId: assessment.supplierId,
      supplierName: assessment.supplierName,
      assessmentId: id,
      questionKey,
      questionText: question.text,
      answerText: valueText(answer?.value),
      answerNote: answer?.note,
      evidence: answer?.evidence ?? [],
      ...decision.finding,
    });
  }
  const review = { verdict: decision.verdict, at: new Date(), byName: context.actor?.name, findingId };
  const message = decision.message
    ? {
        at: new Date(),
        byId: context.actor?.id,
        byName: context.actor?.name,
        side: 'staff' as const,
        text: decision.message,
      }
    : undefined;
  await AnswerModel.collection.updateOne(
    { _id: key } as never,
    {
      $set: { review },
      $inc: { revision: 1 },
      ...(message ? { $push: { thread: message } } : {}),
      $setOnInsert: {
        assessmentId: id,
        questionKey,
        evidence: [],
        history: [],
        ...(message ? {} : { thread: [] }),
      },
    } as never,
    { upsert: true },
  );
  await record(context, {
    action: 'assessments.review_answer',
    target: { type: 'answer', id: key, label: questionKey },
    supplierId: assessment.supplierId,
    details: { verdict: decision.verdict, ...(findingId ? { finding: findingId } : {}) },
  });
}

/**
 * Completes a reviewed assessment: scores per section and overall, the residual risk tier from
 * the supplier's inherent tier and its unresolved findings, and the supplier's summary updated.
 */
export async function completeAssessment(context: RequestContext, id: string): Promise<void> {
  const assessment = await forReview(context, id);
  if (assessment.status !== 'submitted') throw new ConflictError('assessments.errors.notSubmitted');
  const template = await templateOf(assessment);
  const answers = await loadAnswers(id, template);
  const scores = scoreAssessment(template.content, answers);
  const supplier = await supplierGlance(assessment.supplierId);
  if (!supplier) throw new NotFoundError();
  const open = await unresolvedCounts(assessment.supplierId);
  const residual = residualTier(supplier.inherentTier, scores.overall, open);
  const completedAt = new Date();
  await moveAssessment(context, assessment, ['submitted'], 'completed', {
    scores,
    residualTier: residual,
    completedAt,
    reviewerName: context.actor?.name,
    evidenceFiles: evidenceOfAnswers(template, answers),
  });
  await setAssessmentSummary(assessment.supplierId, {
    assessmentId: id,
    completedAt,
    score: scores.overall,
    residualTier: residual,
  });
  await record(context, {
    action: 'assessments.complete',
    target: { type: 'assessment', id, label: assessment.templateName.en },
    supplierId: assessment.supplierId,
    details: {
      score: scores.overall ?? 'none',
      residual,
      inherent: supplier.inherentTier,
      openFindings: open.open,
    },
  });
}
