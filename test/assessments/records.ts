import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { defaultTemplate } from '../../seed/questionnaire/default-template';
import type { AnswerRecord, AnswerValue } from '../../src/modules/assessments/answer.model';
import type { AssessmentRecord } from '../../src/modules/assessments/assessment.model';
import type { FindingRecord } from '../../src/modules/findings';
import {
  questionsOf,
  seedTemplate,
  type TemplateContent,
  type TemplateQuestion,
} from '../../src/modules/questionnaires';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { createSupplier } from '../helpers/factories';
import { day, makePdf, submit, upload, type FormFields } from '../suppliers/support';
import { insertTemplate } from '../templates/support';

/**
 * Assessments, answers and findings for tests, made the way users make them: sent through the
 * "send" form, evidence uploaded and answers handed in by the supplier's vendor, findings raised
 * from the review form. Only the bulk of the answers is written straight to the database, as the
 * demo seed does (seed/demo-assessments.ts).
 */

/** The default questionnaire, published as the server does at start; its id. */
export async function publishedDefaultTemplate(): Promise<string> {
  const created = await seedTemplate(defaultTemplate);
  if (created) return created;
  const existing = await mongoose.connection
    .collection('questionnaire_templates')
    .findOne({ 'content.name.en': defaultTemplate.name.en, status: 'published' }, { projection: { _id: 1 } });
  if (!existing) throw new Error('the default questionnaire is neither published nor publishable');
  return String(existing._id);
}

/**
 * A published one-question questionnaire (nothing required), a new questionnaire each call:
 * a supplier can have one open assessment per questionnaire, so this lets a test send another.
 */
export function publishedShortTemplate(): Promise<string> {
  return insertTemplate(
    {
      name: { en: 'Quick hosting check', zh: '托管快速检查' },
      description: { en: 'One question.', zh: '一个问题。' },
      sections: [
        {
          key: 'hosting',
          title: { en: 'Hosting', zh: '托管' },
          questions: [
            {
              key: 'host_01',
              type: 'yes_no',
              text: { en: 'Are backups encrypted?', zh: '备份是否加密？' },
              weight: 1,
              required: false,
              evidence: 'none',
              controls: { ccm: [], iso27001: [], pipl: [] },
            },
          ],
        },
      ],
    },
    'published',
  );
}

/** The assessment id a "sent" redirect names. */
export function assessmentIdFrom(response: supertest.Response): string {
  const id = /^\/assessments\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  if (!id) throw new Error(`expected a redirect to an assessment, got ${response.status}`);
  return id;
}

/** Sends a questionnaire to a supplier through the "send" form (due in 30 days); the assessment's id. */
export async function sendAssessment(
  buyer: SignedIn,
  supplierId: string,
  templateId: string,
): Promise<string> {
  const response = await submit(buyer.agent, '/assessments', {
    supplierId,
    templateId,
    dueDate: day(30),
    message: 'Annual security review.',
  });
  return assessmentIdFrom(response);
}

/** An answer that completes a question without evidence: "not applicable", the last choice, … */
function completingValue(question: TemplateQuestion): AnswerValue | null {
  const options = (question.options ?? []).map((option) => option.value);
  switch (question.type) {
    case 'yes_no':
      return 'na';
    case 'single_choice':
      return options[0] ?? null;
    case 'multi_choice':
      // The last choice of the default questionnaire's lists is "none", which asks for no certificate.
      return options.slice(-1);
    case 'number':
      return 12;
    case 'date':
      return day(-30);
    case 'short_text':
      return 'Li Wei, security officer';
    case 'long_text':
      return 'Described in our security policy, section 4.';
    case 'file':
      return null;
  }
}

/**
 * Stores an answer to every question of an assessment (but those in `except`), so that nothing
 * keeps it from being handed in: written straight to the database, as the demo seed does, over
 * any answer already there (such as one carried forward from the last cycle).
 */
export async function answerEverything(
  assessmentId: string,
  { except = [], content = defaultTemplate }: { except?: string[]; content?: TemplateContent } = {},
): Promise<void> {
  const writes = questionsOf(content)
    .filter(({ question }) => !except.includes(question.key))
    .map(({ question }) => ({ question, value: completingValue(question) }))
    .filter(({ value }) => value !== null)
    .map(({ question, value }) => {
      const _id = `${assessmentId}:${question.key}`;
      const answer = {
        _id,
        assessmentId,
        questionKey: question.key,
        value,
        evidence: [],
        revision: 1,
        valueRevision: 1,
        updatedAt: new Date(),
        updatedByName: 'Victor Vendor',
        thread: [],
        history: [],
      };
      return { replaceOne: { filter: { _id }, replacement: answer, upsert: true } };
    });
  await mongoose.connection.collection('answers').bulkWrite(writes as never[]);
}

/** Attaches a PDF to an answer through the evidence upload form; the stored file's id. */
export async function attachEvidence(
  vendor: SignedIn,
  assessmentId: string,
  questionKey: string,
  filename = 'security-policy.pdf',
): Promise<string> {
  const response = await upload(
    vendor.agent,
    `/assessments/${assessmentId}/answers/${questionKey}/evidence`,
    await makePdf(`Evidence for ${questionKey}`),
    filename,
  );
  if (response.status !== 303) throw new Error(`evidence upload failed with ${response.status}`);
  const fileId = (await storedAnswer(assessmentId, questionKey))?.evidence.at(-1)?.fileId;
  if (!fileId) throw new Error(`no evidence on ${questionKey} after the upload`);
  return fileId;
}

/** Hands an assessment in through its submit form; it must be complete. */
export async function handIn(vendor: SignedIn, assessmentId: string): Promise<void> {
  const response = await submit(vendor.agent, `/assessments/${assessmentId}/submit`);
  if (response.headers.location !== `/assessments/${assessmentId}`)
    throw new Error(`hand-in failed: ${response.status} ${String(response.headers.location)}`);
}

/** A finding form as the review page sends it, valid unless `fields` say otherwise. */
export function findingForm(fields: FormFields = {}): FormFields {
  return {
    verdict: 'finding',
    severity: 'high',
    title: 'Policy not reviewed this year',
    description: 'The security policy was last approved two years ago.',
    dueDate: day(45),
    ...fields,
  };
}

/** Raises a finding on a handed-in answer through the review form; the finding's id. */
export async function raiseFindingOn(
  buyer: SignedIn,
  assessmentId: string,
  questionKey: string,
  fields: FormFields = {},
): Promise<string> {
  const response = await submit(
    buyer.agent,
    `/assessments/${assessmentId}/answers/${questionKey}/review`,
    findingForm(fields),
  );
  const findingId = (await storedAnswer(assessmentId, questionKey))?.review?.findingId;
  if (response.status !== 303 || !findingId) throw new Error(`raising a finding failed (${response.status})`);
  return findingId;
}

let handedIn = 0;

/** A handed-in assessment of a new supplier: sent by `buyer`, answered and handed in by its vendor. */
export async function submittedAssessment(
  buyer: SignedIn,
  templateId: string,
): Promise<{ assessmentId: string; supplierId: string; vendor: SignedIn }> {
  handedIn++;
  const supplier = await createSupplier({ name: `Handed-in Supplier ${handedIn}` });
  const vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
  const assessmentId = await sendAssessment(buyer, supplier.id, templateId);
  await answerEverything(assessmentId);
  await handIn(vendor, assessmentId);
  return { assessmentId, supplierId: supplier.id, vendor };
}

/** Autosaves one answer as public/js/autosave.js does: JSON, the CSRF token in a header. */
export async function autosave(
  who: SignedIn,
  assessmentId: string,
  questionKey: string,
  body: { value?: unknown; note?: string; saveId?: string },
): Promise<supertest.Response> {
  return who.agent
    .post(`/assessments/${assessmentId}/answers/${questionKey}`)
    .set('X-CSRF-Token', await csrfToken(who.agent))
    .set('Accept', 'application/json')
    .send({ saveId: new mongoose.Types.ObjectId().toString(), ...body });
}

/** Autosaves and expects the save to be acknowledged. */
export async function saved(
  who: SignedIn,
  assessmentId: string,
  questionKey: string,
  body: { value?: unknown; note?: string },
): Promise<void> {
  const response = await autosave(who, assessmentId, questionKey, body);
  expect(response.status, `saving ${questionKey}: ${JSON.stringify(response.body)}`).to.equal(200);
}

/** One stored answer, straight from the database. */
export function storedAnswer(assessmentId: string, questionKey: string): Promise<AnswerRecord | null> {
  return mongoose.connection
    .collection<AnswerRecord>('answers')
    .findOne({ _id: `${assessmentId}:${questionKey}` });
}

/** One stored assessment, straight from the database. */
export async function storedAssessment(id: string): Promise<AssessmentRecord> {
  const assessment = await mongoose.connection
    .collection<AssessmentRecord>('assessments')
    .findOne({ _id: new mongoose.Types.ObjectId(id) });
  if (!assessment) throw new Error(`no assessment ${id}`);
  return assessment;
}

/** One stored finding, straight from the database. */
export async function storedFinding(id: string): Promise<FindingRecord> {
  const finding = await mongoose.connection
    .collection<FindingRecord>('findings')
    .findOne({ _id: new mongoose.Types.ObjectId(id) });
  if (!finding) throw new Error(`no finding ${id}`);
  return finding;
}
