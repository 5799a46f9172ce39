import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import type { TemplateContent } from '../../src/modules/questionnaires/template.types';
import type { SignedIn } from '../helpers/agents';
import { encodeForm, type FormFields } from '../suppliers/support';
import { csrfToken } from '../helpers/agents';

export { follow } from '../suppliers/support';

/** Posts a form (repeated fields and all) with a fresh CSRF token. */
export async function send(
  who: SignedIn,
  path: string,
  fields: FormFields = {},
): Promise<supertest.Response> {
  const token = await csrfToken(who.agent);
  return who.agent
    .post(path)
    .type('form')
    .send(encodeForm({ _csrf: token, ...fields }));
}

/** The template id a "created" redirect points at. */
export function templateIdFrom(response: supertest.Response): string {
  expect(response.status, response.text.slice(0, 300)).to.equal(303);
  const match = /^\/templates\/([a-f\d]{24})/.exec(String(response.headers.location));
  expect(match, String(response.headers.location)).to.not.equal(null);
  return match![1]!;
}

/** A stored template version, straight from the database. */
export interface StoredTemplate {
  _id: mongoose.Types.ObjectId;
  familyId: string;
  version: number;
  status: 'draft' | 'published' | 'retired';
  content: TemplateContent;
}

export async function storedTemplate(id: string): Promise<StoredTemplate | null> {
  return mongoose.connection
    .collection<StoredTemplate>('questionnaire_templates')
    .findOne({ _id: new mongoose.Types.ObjectId(id) });
}

/** Stores a template version straight in the database (a first version of its own template). */
export async function insertTemplate(
  content: TemplateContent,
  status: StoredTemplate['status'] = 'draft',
): Promise<string> {
  const id = new mongoose.Types.ObjectId();
  await mongoose.connection.collection('questionnaire_templates').insertOne({
    _id: id,
    familyId: id.toString(),
    version: 1,
    status,
    content,
    createdByName: 'Test',
    ...(status === 'draft' ? {} : { publishedAt: new Date(), publishedByName: 'Test' }),
    createdAt: new Date(),
    updatedAt: new Date(),
  });
  return id.toString();
}

export async function templateCount(): Promise<number> {
  return mongoose.connection.collection('questionnaire_templates').countDocuments({});
}

/** The keys of each section's questions, in order: { section: [question, …] }. */
export function outline(content: TemplateContent): Record<string, string[]> {
  return Object.fromEntries(
    content.sections.map((section) => [section.key, section.questions.map((question) => question.key)]),
  );
}

/** Audit events of one action, oldest first. */
export async function auditActions(prefix: string): Promise<{ action: string; details?: unknown }[]> {
  const events = await mongoose.connection
    .collection<{ action: string; details?: unknown; seq: number }>('audit_events')
    .find({})
    .sort({ seq: 1 })
    .toArray();
  return events.filter((event) => event.action.startsWith(prefix));
}

/** Creates a draft through the "new template" form; returns its id. */
export async function createDraft(admin: SignedIn, name = 'Cloud hosting review'): Promise<string> {
  return templateIdFrom(
    await send(admin, '/templates', {
      name_en: name,
      name_zh: '云托管审查',
      description_en: 'For hosting providers.',
      description_zh: '适用于托管服务商。',
    }),
  );
}

/** Adds a section through its form. */
export async function addSection(admin: SignedIn, id: string, key: string, title = key): Promise<void> {
  const response = await send(admin, `/templates/${id}/sections/new`, {
    key,
    title_en: `Section ${title}`,
    title_zh: `章节 ${title}`,
  });
  expect(response.status, response.text.slice(0, 500)).to.equal(303);
}

/** A valid question form: a yes/no question unless `fields` says otherwise. */
export function questionForm(fields: FormFields = {}): FormFields {
  return {
    type: 'yes_no',
    text_en: 'Is multi-factor authentication enforced?',
    text_zh: '是否强制使用多因素认证？',
    weight: '3',
    required: 'on',
    evidence: 'optional',
    controls_ccm: 'IAM-14',
    controls_iso27001: 'A.8.5',
    controls_pipl: 'PIPL 51',
    ...fields,
  };
}

/** Adds a question to a section through its form. */
export async function addQuestion(
  admin: SignedIn,
  id: string,
  sectionKey: string,
  key: string,
  fields: FormFields = {},
): Promise<void> {
  const response = await send(
    admin,
    `/templates/${id}/sections/${sectionKey}/questions/new`,
    questionForm({ key, section: sectionKey, ...fields }),
  );
  expect(response.status, response.text.slice(0, 500)).to.equal(303);
}

/** The visible text of a page (tags removed, entities decoded, spaces collapsed). */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A small valid template content (two sections, a choice question and a show-if on it). */
export function sampleContent(): TemplateContent {
  return {
    name: { en: 'Payroll processor review', zh: '薪资处理商审查' },
    description: { en: 'Short review.', zh: '简短审查。' },
    sections: [
      {
        key: 'access',
        title: { en: 'Access', zh: '访问' },
        questions: [
          {
            key: 'acc_01',
            type: 'yes_no',
            text: { en: 'MFA for admins?', zh: '管理员是否使用多因素认证？' },
            weight: 4,
            required: true,
            evidence: 'required',
            controls: { ccm: ['IAM-14'], iso27001: ['A.8.5'], pipl: ['PIPL 51'] },
          },
          {
            key: 'acc_02',
            type: 'single_choice',
            text: { en: 'How often are accounts reviewed?', zh: '多久审查一次账户？' },
            options: [
              { value: 'monthly', label: { en: 'Monthly', zh: '每月' }, score: 1 },
              { value: 'yearly', label: { en: 'Yearly', zh: '每年' }, score: 0.5 },
              { value: 'never', label: { en: 'Never', zh: '从不' }, score: 0 },
            ],
            weight: 3,
            required: true,
            evidence: 'none',
            showIf: { question: 'acc_01', anyOf: ['yes', 'partial'] },
            controls: { ccm: ['IAM-08'], iso27001: ['A.5.18'], pipl: [] },
          },
        ],
      },
      {
        key: 'logging',
        title: { en: 'Logging', zh: '日志' },
        description: { en: 'What is logged.', zh: '记录哪些内容。' },
        questions: [
          {
            key: 'log_01',
            type: 'long_text',
            text: { en: 'Describe log retention.', zh: '请说明日志保留期限。' },
            help: { en: 'At least six months.', zh: '至少六个月。' },
            weight: 0,
            required: false,
            evidence: 'optional',
            showIf: { question: 'acc_02', anyOf: ['monthly'] },
            controls: { ccm: [], iso27001: ['A.8.15'], pipl: [], other: ['CSL 21'] },
          },
        ],
      },
    ],
  };
}
