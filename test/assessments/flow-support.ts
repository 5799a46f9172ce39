import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import type { AnswerRecord } from '../../src/modules/assessments/answer.model';
import type { AssessmentRecord } from '../../src/modules/assessments/assessment.model';
import type { FindingRecord } from '../../src/modules/findings';
import type { TemplateContent, TemplateQuestion } from '../../src/modules/questionnaires';
import type { RiskTier } from '../../src/modules/suppliers/risk';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { day, insertSupplier, makePdf, submit, upload, type FormFields } from '../suppliers/support';
import { insertTemplate } from '../templates/support';

/** A question with the fields every question needs; a test names only what matters to it. */
export function question(
  fields: Partial<TemplateQuestion> & Pick<TemplateQuestion, 'key'>,
): TemplateQuestion {
  return {
    type: 'yes_no',
    text: { en: `Question ${fields.key}?`, zh: `问题 ${fields.key}？` },
    weight: 1,
    required: false,
    evidence: 'none',
    controls: { ccm: [], iso27001: [], pipl: [] },
    ...fields,
  };
}

/** A template with one section per entry: { sectionKey: [questions] }. */
export function contentOf(sections: Record<string, TemplateQuestion[]>): TemplateContent {
  return {
    name: { en: 'Hosting security review', zh: '托管安全审查' },
    description: { en: 'For hosting providers.', zh: '适用于托管服务商。' },
    sections: Object.entries(sections).map(([key, questions]) => ({
      key,
      title: { en: `Section ${key}`, zh: `章节 ${key}` },
      questions,
    })),
  };
}

/**
 * The questionnaire the flow tests send: every answerable kind of question, a required one
 * with required evidence, a condition, and an unscored one.
 */
export function hostingQuestionnaire(): TemplateContent {
  return contentOf({
    access: [
      question({
        key: 'acc_mfa',
        text: { en: 'Is MFA enforced for administrators?', zh: '管理员是否强制使用多因素认证？' },
        weight: 3,
        required: true,
        evidence: 'required',
      }),
      question({
        key: 'acc_review',
        type: 'single_choice',
        text: { en: 'How often are accounts reviewed?', zh: '多久审查一次账户？' },
        options: [
          { value: 'monthly', label: { en: 'Monthly', zh: '每月' }, score: 1 },
          { value: 'yearly', label: { en: 'Yearly', zh: '每年' }, score: 0.5 },
          { value: 'never', label: { en: 'Never', zh: '从不' }, score: 0 },
        ],
        weight: 2,
        required: true,
        showIf: { question: 'acc_mfa', anyOf: ['yes', 'partial'] },
      }),
    ],
    operations: [
      question({
        key: 'ops_tools',
        type: 'multi_choice',
        text: { en: 'Which monitoring tools run?', zh: '运行哪些监控工具？' },
        options: [
          { value: 'siem', label: { en: 'SIEM', zh: 'SIEM' }, score: 1 },
          { value: 'ids', label: { en: 'IDS', zh: 'IDS' }, score: 0.5 },
          { value: 'none', label: { en: 'None', zh: '无' }, score: 0 },
        ],
        evidence: 'optional',
      }),
      question({
        key: 'ops_staff',
        type: 'number',
        text: { en: 'How many staff can reach customer data?', zh: '多少员工可以接触客户数据？' },
        required: true,
      }),
      question({
        key: 'ops_pentest',
        type: 'date',
        text: { en: 'When was the last penetration test?', zh: '最近一次渗透测试是什么时候？' },
      }),
      question({
        key: 'ops_contact',
        type: 'short_text',
        text: { en: 'Who is the security contact?', zh: '安全联系人是谁？' },
      }),
      question({
        key: 'ops_summary',
        type: 'long_text',
        text: { en: 'Describe log retention.', zh: '请说明日志保留期限。' },
        weight: 0,
      }),
    ],
  });
}

/** Stores a questionnaire as a published version; returns the version's id. */
export function publishQuestionnaire(content: TemplateContent = hostingQuestionnaire()): Promise<string> {
  return insertTemplate(content, 'published');
}

/** The assessment id a "sent" redirect points at. */
export function assessmentIdFrom(response: supertest.Response): string {
  const id = /^\/assessments\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  expect(id, `a redirect to an assessment, got ${response.status}: ${response.text.slice(0, 300)}`).to.be.a(
    'string',
  );
  return id ?? '';
}

/** Sends a questionnaire through the "send" form (due in 30 days unless `fields` say otherwise). */
export function sendQuestionnaire(
  buyer: SignedIn,
  supplierId: string,
  templateId: string,
  fields: FormFields = {},
): Promise<supertest.Response> {
  return submit(buyer.agent, '/assessments', { supplierId, templateId, dueDate: day(30), ...fields });
}

/** A buyer, a supplier of the given inherent tier, its vendor user, and a questionnaire sent to it. */
export interface Scenario {
  buyer: SignedIn;
  vendor: SignedIn;
  supplierId: string;
  templateId: string;
  assessmentId: string;
}

export async function sentAssessment(
  options: { tier?: RiskTier; content?: TemplateContent; supplierName?: string } = {},
): Promise<Scenario> {
  const buyer = await signedInAs('procurement');
  const supplierId = await insertSupplier({
    name: options.supplierName ?? 'Harbour Hosting',
    tier: options.tier ?? 'medium',
  });
  const vendor = await signedInAs({ role: 'vendor', supplierId, name: 'Li Na' });
  const templateId = await publishQuestionnaire(options.content);
  const assessmentId = assessmentIdFrom(await sendQuestionnaire(buyer, supplierId, templateId));
  return { buyer, vendor, supplierId, templateId, assessmentId };
}

/** What the browser's autosave sends; a fresh saveId unless the test repeats one. */
export interface AutosaveBody {
  value?: unknown;
  note?: string;
  saveId?: string;
  baseRevision?: number;
}

/**
 * Autosaves one answer as public/js/autosave.js does: JSON, with the page's CSRF token in the
 * X-CSRF-Token header. Pass `token` to save several times without reading it again.
 */
export async function autosave(
  who: SignedIn,
  assessmentId: string,
  questionKey: string,
  body: AutosaveBody,
  token?: string,
): Promise<supertest.Response> {
  return who.agent
    .post(`/assessments/${assessmentId}/answers/${questionKey}`)
    .set('X-CSRF-Token', token ?? (await csrfToken(who.agent)))
    .set('Accept', 'application/json')
    .send({ saveId: randomUUID(), ...body });
}

/** Autosaves and expects the save to be acknowledged. */
export async function saved(
  who: SignedIn,
  assessmentId: string,
  questionKey: string,
  body: AutosaveBody,
): Promise<{ revision: number; value: unknown; overwrote: boolean; missing?: string }> {
  const response = await autosave(who, assessmentId, questionKey, body);
  expect(response.status, `saving ${questionKey}: ${JSON.stringify(response.body)}`).to.equal(200);
  return response.body as { revision: number; value: unknown; overwrote: boolean; missing?: string };
}

/** Attaches a real PDF as evidence to an answer through the upload form. */
export async function attachPdf(
  vendor: SignedIn,
  assessmentId: string,
  questionKey: string,
  name = 'mfa-policy.pdf',
): Promise<supertest.Response> {
  const response = await upload(
    vendor.agent,
    `/assessments/${assessmentId}/answers/${questionKey}/evidence`,
    await makePdf(`Evidence for ${questionKey}`),
    name,
  );
  expect(response.status, response.text.slice(0, 300)).to.equal(303);
  return response;
}

/** Answers every required question of the hosting questionnaire well, with its evidence. */
export async function answerWell(vendor: SignedIn, assessmentId: string): Promise<void> {
  await saved(vendor, assessmentId, 'acc_mfa', { value: 'yes' });
  await attachPdf(vendor, assessmentId, 'acc_mfa');
  await saved(vendor, assessmentId, 'acc_review', { value: 'monthly' });
  await saved(vendor, assessmentId, 'ops_staff', { value: '12' });
}

/** Hands an assessment in through its submit form. */
export function handIn(vendor: SignedIn, assessmentId: string): Promise<supertest.Response> {
  return submit(vendor.agent, `/assessments/${assessmentId}/submit`);
}

/** A finding form as the review page sends it, valid unless `fields` say otherwise. */
export function findingForm(fields: FormFields = {}): FormFields {
  return {
    verdict: 'finding',
    severity: 'high',
    title: 'MFA not enforced for support staff',
    description: 'Support staff sign in to the admin console with a password only.',
    dueDate: day(45),
    ...fields,
  };
}

/** Posts a reviewer's verdict on one answer. */
export function decide(
  buyer: SignedIn,
  assessmentId: string,
  questionKey: string,
  fields: FormFields,
): Promise<supertest.Response> {
  return submit(buyer.agent, `/assessments/${assessmentId}/answers/${questionKey}/review`, fields);
}

/** One stored answer, straight from the database. */
export async function storedAnswer(assessmentId: string, questionKey: string): Promise<AnswerRecord | null> {
  return mongoose.connection
    .collection<AnswerRecord>('answers')
    .findOne({ _id: `${assessmentId}:${questionKey}` });
}

/** One stored assessment, straight from the database. */
export async function storedAssessment(id: string): Promise<AssessmentRecord | null> {
  return mongoose.connection
    .collection<AssessmentRecord>('assessments')
    .findOne({ _id: new mongoose.Types.ObjectId(id) });
}

/** Every stored finding, oldest first. */
export async function storedFindings(): Promise<FindingRecord[]> {
  return mongoose.connection.collection<FindingRecord>('findings').find({}).sort({ createdAt: 1 }).toArray();
}
