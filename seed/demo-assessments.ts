import { Types } from 'mongoose';
import { addDays } from '../src/lib/dates';
import { AnswerModel, answerId, type AnswerValue } from '../src/modules/assessments/answer.model';
import { AssessmentModel } from '../src/modules/assessments/assessment.model';
import { assessmentDirectory } from '../src/modules/assessments/assessment-directory';
import { residualTier, scoreAssessment } from '../src/modules/assessments/scoring';
import { FindingModel } from '../src/modules/findings/finding.model';
import { findingDirectory } from '../src/modules/findings/finding-directory';
import { questionsOf, type TemplateQuestion } from '../src/modules/questionnaires';
import { TemplateModel, type TemplateRecord } from '../src/modules/questionnaires/template.model';
import { setAssessmentSummary, setFindingSummary, supplierDirectory } from '../src/modules/suppliers';
import { SupplierModel } from '../src/modules/suppliers/suppliers.model';

/** A plausible answer for the demo: mostly good, sometimes partial, deterministic per question. */
function demoAnswer(question: TemplateQuestion, index: number, quality: number): AnswerValue | null {
  switch (question.type) {
    case 'yes_no':
      return index % quality === 0 ? 'partial' : 'yes';
    case 'single_choice':
      return question.options?.[0]?.value ?? null;
    case 'multi_choice':
      return question.options?.slice(0, 2).map((option) => option.value) ?? null;
    case 'number':
      return 24;
    case 'date':
      return '2026-06-30';
    case 'short_text':
      return 'Li Wei';
    case 'long_text':
      return 'Described in our security policy, section 4.';
    case 'file':
      return null;
  }
}

interface DemoAssessment {
  supplier: string;
  status: 'completed' | 'submitted' | 'in_progress';
  /** Every n-th yes/no answer is "partial". */
  quality: number;
  /** Share of the questions answered (in_progress only). */
  answered?: number;
  sentDaysAgo: number;
}

const DEMO_ASSESSMENTS: DemoAssessment[] = [
  { supplier: 'Acme Cloud Ltd', status: 'completed', quality: 5, sentDaysAgo: 120 },
  { supplier: '北京华信数据服务有限公司', status: 'submitted', quality: 4, sentDaysAgo: 20 },
  { supplier: 'Initech Payroll Services', status: 'in_progress', quality: 3, answered: 0.4, sentDaysAgo: 10 },
];

/** Demo assessments in several states, with answers and findings, once (matched by supplier). */
export async function seedDemoAssessments(): Promise<void> {
  const template = await TemplateModel.findOne({ status: 'published' }).lean<TemplateRecord>();
  if (!template) return;
  const questions = questionsOf(template.content).map(({ question }) => question);
  for (const demo of DEMO_ASSESSMENTS) {
    const supplier = await SupplierModel.findOne({ name: demo.supplier }).lean();
    if (!supplier || (await AssessmentModel.exists({ supplierId: supplier._id.toString() }))) continue;
    const id = new Types.ObjectId();
    const sentAt = addDays(new Date(), -demo.sentDaysAgo);
    const answerCount = Math.round(questions.length * (demo.answered ?? 1));
    const answers = questions.slice(0, answerCount).map((question, index) => ({
      _id: answerId(id.toString(), question.key),
      assessmentId: id.toString(),
      questionKey: question.key,
      value: demoAnswer(question, index + 1, demo.quality),
      evidence: [],
      revision: 1,
      valueRevision: 1,
      updatedAt: addDays(sentAt, 3),
      updatedByName: 'Victor Vendor',
      thread: [],
      history: [],
    }));
    if (answers.length > 0) await AnswerModel.collection.insertMany(answers as never[]);
    const scores = scoreAssessment(
      template.content,
      new Map(answers.map((answer) => [answer.questionKey, answer])),
    );
    const completed = demo.status === 'completed';
    const residual = residualTier(supplier.risk.inherentTier, scores.overall, { critical: 0, high: 1 });
    const assessment = await AssessmentModel.create({
      _id: id,
      supplierId: supplier._id.toString(),
      supplierName: supplier.name,
      templateId: template._id.toString(),
      familyId: template.familyId,
      templateVersion: template.version,
      templateName: template.content.name,
      status: demo.status,
      dueDate: addDays(sentAt, 30),
      message: 'Annual security review.',
      sentByName: 'Priya Procurement',
      sentAt,
      submittedAt: demo.status === 'in_progress' ? undefined : addDays(sentAt, 14),
      completedAt: completed ? addDays(sentAt, 21) : undefined,
      reviewerName: completed ? 'Priya Procurement' : undefined,
      scores: completed ? scores : undefined,
      residualTier: completed ? residual : undefined,
      history: [{ at: sentAt, action: 'sent', byName: 'Priya Procurement' }],
    });
    await assessmentDirectory.publish(assessment.toObject());
    if (!completed) continue;
    const question =
      questions.find((item) => item.type === 'yes_no' && item.key.startsWith('iam')) ?? questions[0];
    if (!question) continue;
    const finding = await FindingModel.create({
      supplierId: supplier._id.toString(),
      supplierName: supplier.name,
      assessmentId: id.toString(),
      questionKey: question.key,
      questionText: question.text,
      answerText: 'partial',
      evidence: [],
      severity: 'high',
      title: 'Administrator access without multi-factor authentication',
      description: 'Two administrator accounts of the hosting console sign in with a password only.',
      dueDate: addDays(new Date(), 20),
      status: 'open',
      raisedByName: 'Priya Procurement',
      history: [{ at: addDays(sentAt, 20), action: 'raised', byName: 'Priya Procurement', note: 'high' }],
    });
    await findingDirectory.publish(finding.toObject());
    await setFindingSummary(supplier._id.toString(), {
      open: 1,
      critical: 0,
      high: 1,
      medium: 0,
      low: 0,
      nextDue: finding.dueDate,
    });
    await setAssessmentSummary(supplier._id.toString(), {
      assessmentId: id.toString(),
      completedAt: addDays(sentAt, 21),
      score: scores.overall,
      residualTier: residual,
    });
  }
  await supplierDirectory.warm();
}
