import { Types } from 'mongoose';
import { getConfig, type Config } from '../../config';
import { dayIn } from '../../lib/dates';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { formatDate } from '../../lib/format';
import { translator } from '../../lib/i18n';
import { oneAtATime } from '../../lib/one-at-a-time';
import type { SessionUser } from '../../types/session-user';
import { authorize } from '../access';
import { record } from '../audit';
import { inviteUser } from '../invitations';
import { sendMail } from '../mail';
import { findTemplateVersion, questionsOf, type TemplateRecord } from '../questionnaires';
import { supplierGlance } from '../suppliers';
import { findUserByEmail, listSupplierUsers } from '../users';
import { checkValue } from './answer-values';
import { AnswerModel, answerId, type AnswerRecord } from './answer.model';
import { assessmentDirectory, type AssessmentRow } from './assessment-directory';
import {
  AssessmentModel,
  OPEN_STATUSES,
  type AssessmentRecord,
  type AssessmentStatus,
  type EvidenceOfQuestion,
} from './assessment.model';
import { isAnswered, missingFor, visibleQuestions, type Missing } from './visibility';

/** An assessment as lists show it, with whether it is past its due date. */
export interface ListedAssessment extends AssessmentRow {
  overdue: boolean;
}

function listed(row: AssessmentRow, today: Date): ListedAssessment {
  return {
    ...row,
    overdue: OPEN_STATUSES.includes(row.status) && row.status !== 'submitted' && row.dueDate < today,
  };
}

export interface AssessmentFilter {
  status?: AssessmentStatus | 'open' | undefined;
  supplierId?: string | undefined;
  overdue?: boolean | undefined;
}

/** Assessments the actor may see, newest first; a vendor sees their own supplier's only. */
export async function listAssessments(
  context: RequestContext,
  filter: AssessmentFilter = {},
): Promise<ListedAssessment[]> {
  authorize(context.actor, 'assessments.list');
  // Due on a day means "by the end of that day" in the portal's time zone.
  const today = dayIn(new Date(), getConfig().timeZone);
  const vendorSupplier = context.actor.role === 'vendor' ? context.actor.supplierId : undefined;
  return (await assessmentDirectory.all())
    .filter((row) => vendorSupplier === undefined || row.supplierId === vendorSupplier)
    .filter((row) => !filter.supplierId || row.supplierId === filter.supplierId)
    .filter((row) =>
      filter.status === 'open'
        ? OPEN_STATUSES.includes(row.status)
        : !filter.status || row.status === filter.status,
    )
    .map((row) => listed(row, today))
    .filter((row) => !filter.overdue || row.overdue)
    .sort((a, b) => b.sentAt.getTime() - a.sentAt.getTime());
}

/** One assessment by id, with the vendor-isolation rule applied (404 and audited for others). */
export async function loadAssessment(context: RequestContext, id: string): Promise<AssessmentRecord> {
  const assessment = Types.ObjectId.isValid(id)
    ? await AssessmentModel.findById(id).lean<AssessmentRecord>()
    : null;
  if (!assessment) throw new NotFoundError();
  const actor = context.actor;
  if (actor?.role === 'vendor' && actor.supplierId !== assessment.supplierId) {
    await record(context, {
      action: 'access.denied',
      outcome: 'denied',
      target: { type: 'assessment', id },
      supplierId: actor.supplierId,
      details: { reason: 'other_supplier' },
    });
    throw new NotFoundError();
  }
  authorize(actor, 'assessments.read', { supplierId: assessment.supplierId });
  return assessment;
}

/** The template version an assessment was sent with. */
export async function templateOf(assessment: Pick<AssessmentRecord, 'templateId'>): Promise<TemplateRecord> {
  const template = await findTemplateVersion(assessment.templateId);
  if (!template) throw new NotFoundError();
  return template;
}

/** Every stored answer of an assessment, by question key (read one by one by `_id`). */
/** Every evidence file of the answers, in question order. */
export function evidenceOfAnswers(
  template: TemplateRecord,
  answers: ReadonlyMap<string, AnswerRecord>,
): EvidenceOfQuestion[] {
  return questionsOf(template.content).flatMap(({ question }) =>
    (answers.get(question.key)?.evidence ?? []).map((file) => ({ questionKey: question.key, file })),
  );
}

export async function loadAnswers(
  assessmentId: string,
  template: TemplateRecord,
): Promise<Map<string, AnswerRecord>> {
  const keys = questionsOf(template.content).map(({ question }) => question.key);
  const found = await Promise.all(
    keys.map((key) => AnswerModel.findById(answerId(assessmentId, key)).lean<AnswerRecord>()),
  );
  return new Map(
    found
      .filter((answer): answer is AnswerRecord => answer !== null)
      .map((answer) => [answer.questionKey, answer]),
  );
}

export interface SectionProgress {
  key: string;
  shown: number;
  complete: number;
}

export interface AssessmentProgress {
  sections: SectionProgress[];
  shown: number;
  complete: number;
  /** Shown questions that keep the assessment from being submitted, and why. */
  missing: { sectionKey: string; questionKey: string; reason: Missing }[];
}

/** How far the answers are: per section and in all, and what is still missing. */
export function progressOf(
  template: TemplateRecord,
  answers: ReadonlyMap<string, AnswerRecord>,
): AssessmentProgress {
  const visible = visibleQuestions(template.content, answers);
  const missing: AssessmentProgress['missing'] = [];
  const sections = template.content.sections.map((section) => {
    let shown = 0;
    let complete = 0;
    for (const question of section.questions) {
      if (!visible.has(question.key)) continue;
      shown++;
      const answer = answers.get(question.key);
      const reason = missingFor(question, answer);
      if (reason) missing.push({ sectionKey: section.key, questionKey: question.key, reason });
      else if (isAnswered(question, answer)) complete++;
    }
    return { key: section.key, shown, complete };
  });
  return {
    sections,
    shown: sections.reduce((sum, section) => sum + section.shown, 0),
    complete: sections.reduce((sum, section) => sum + section.complete, 0),
    missing,
  };
}

export interface SendInput {
  supplierId: string;
  templateId: string;
  dueDate: Date;
  message?: string | undefined;
  /** People at the supplier to invite as vendor users along with the questionnaire. */
  invite: { name: string; email: string }[];
}

/** The latest completed assessment of the same questionnaire for this supplier, if any. */
async function lastCompleted(supplierId: string, familyId: string): Promise<AssessmentRow | undefined> {
  return (await assessmentDirectory.all())
    .filter((row) => row.supplierId === supplierId && row.familyId === familyId && row.status === 'completed')
    .sort((a, b) => (b.completedAt?.getTime() ?? 0) - (a.completedAt?.getTime() ?? 0))[0];
}

/**
 * Copies the answers of the previous cycle into a new assessment, marked as carried forward:
 * the vendor confirms or changes each one, and reviewers see what changed. An answer is copied
 * only where it still fits: the same kind of question, and a value it accepts (an option may
 * have gone in a newer version of the questionnaire).
 */
async function carryForward(
  previous: AssessmentRow,
  assessmentId: string,
  template: TemplateRecord,
): Promise<number> {
  const previousTemplate = await findTemplateVersion(
    (await AssessmentModel.findById(previous.id).lean<AssessmentRecord>())?.templateId ?? '',
  );
  if (!previousTemplate) return 0;
  const answers = await loadAnswers(previous.id, previousTemplate);
  const previousKinds = new Map(
    questionsOf(previousTemplate.content).map(({ question }) => [question.key, question.type]),
  );
  const questions = new Map(questionsOf(template.content).map(({ question }) => [question.key, question]));
  const fits = (answer: AnswerRecord) => {
    const question = questions.get(answer.questionKey);
    return (
      question !== undefined &&
      question.type === previousKinds.get(answer.questionKey) &&
      checkValue(question, answer.value).ok
    );
  };
  const copies = [...answers.values()].filter(fits).map((answer) => ({
    _id: answerId(assessmentId, answer.questionKey),
    assessmentId,
    questionKey: answer.questionKey,
    value: answer.value,
    note: answer.note,
    evidence: answer.evidence,
    revision: 0,
    carriedForward: true,
    previousValue: answer.value,
    previousNote: answer.note,
    thread: [],
    history: [],
  }));
  if (copies.length > 0) await AnswerModel.collection.insertMany(copies as never[]);
  return copies.length;
}

/** Mails the supplier's vendor users that a questionnaire waits for them, each in their language. */
async function notifyVendors(config: Config, assessment: AssessmentRecord): Promise<number> {
  const vendors = (await listSupplierUsers(assessment.supplierId)).filter((user) => user.state === 'active');
  for (const vendor of vendors) {
    const locale = vendor.locale ?? 'en';
    const t = translator(locale);
    await sendMail(config, {
      to: vendor.email,
      subject: t('mail.assessment.subject', { supplier: assessment.supplierName }),
      text: t('mail.assessment.body', {
        name: vendor.name,
        questionnaire: locale === 'zh-CN' ? assessment.templateName.zh : assessment.templateName.en,
        due: formatDate(assessment.dueDate, locale),
        message: assessment.message ?? '',
        url: `${config.publicUrl}/assessments/${assessment._id.toString()}`,
      }),
    });
  }
  return vendors.length;
}

/**
 * Creates the assessment (pre-filled from the last completed one) unless the supplier already
 * has an open assessment of the same questionnaire.
 */
async function createUnlessOpen(
  actor: SessionUser,
  input: SendInput,
  template: TemplateRecord,
  supplierName: string,
): Promise<{ assessment: AssessmentRecord; carried: number }> {
  const open = (await assessmentDirectory.all()).find(
    (row) =>
      row.supplierId === input.supplierId &&
      row.familyId === template.familyId &&
      OPEN_STATUSES.includes(row.status),
  );
  if (open) throw new ConflictError('assessments.errors.alreadyOpen');
  const id = new Types.ObjectId();
  const previous = await lastCompleted(input.supplierId, template.familyId);
  const now = new Date();
  const created = await AssessmentModel.create({
    _id: id,
    supplierId: input.supplierId,
    supplierName,
    templateId: template._id.toString(),
    familyId: template.familyId,
    templateVersion: template.version,
    templateName: template.content.name,
    status: 'sent',
    dueDate: input.dueDate,
    message: input.message,
    sentById: actor.id,
    sentByName: actor.name,
    sentAt: now,
    previousId: previous?.id,
    history: [{ at: now, action: 'sent', byName: actor.name, note: input.message }],
  });
  const carried = previous ? await carryForward(previous, id.toString(), template) : 0;
  const assessment = created.toObject() as AssessmentRecord;
  await assessmentDirectory.publish(assessment);
  return { assessment, carried };
}

/**
 * Sends a published questionnaire to a supplier: one open assessment per questionnaire and
 * supplier. Answers of the last completed cycle are carried forward; the supplier's vendor
 * users are told by mail, and new contacts are invited.
 */
export async function sendAssessment(
  context: RequestContext,
  config: Config,
  input: SendInput,
): Promise<string> {
  authorize(context.actor, 'assessments.send', { supplierId: input.supplierId });
  const supplier = await supplierGlance(input.supplierId);
  if (!supplier) throw new NotFoundError();
  if (supplier.status === 'offboarded') throw new ConflictError('assessments.errors.offboarded');
  const template = await findTemplateVersion(input.templateId);
  if (template?.status !== 'published')
    throw new ValidationError({ templateId: { key: 'validation.invalidChoice' } });
  if (input.dueDate.getTime() < Date.now() - 86_400_000) {
    throw new ValidationError({ dueDate: { key: 'assessments.errors.dueInPast' } });
  }
  for (const person of input.invite) {
    const existing = await findUserByEmail(person.email);
    if (existing && (existing.role !== 'vendor' || existing.supplierId !== input.supplierId)) {
      throw new ValidationError({
        invite: { key: 'assessments.errors.inviteTaken', params: { email: person.email } },
      });
    }
  }

  // Two sends at once (a double click) wait for each other, so the second finds the first open.
  const actor = context.actor;
  const { assessment, carried } = await oneAtATime(`send:${input.supplierId}:${template.familyId}`, () =>
    createUnlessOpen(actor, input, template, supplier.name),
  );
  const id = assessment._id;
  for (const person of input.invite) {
    await inviteUser(context, config, { ...person, role: 'vendor', supplierId: input.supplierId });
  }
  const notified = await notifyVendors(config, assessment);
  await record(context, {
    action: 'assessments.send',
    target: { type: 'assessment', id: id.toString(), label: template.content.name.en },
    supplierId: input.supplierId,
    details: {
      template: template._id.toString(),
      version: template.version,
      carried,
      notified,
      invited: input.invite.length,
    },
  });
  return id.toString();
}

/**
 * Changes an assessment's status (with a history line) and keeps the directory current. Moves
 * of one assessment wait for each other, so that only the first of two at once finds it in `from`.
 */
export async function moveAssessment(
  context: RequestContext,
  assessment: AssessmentRecord,
  from: readonly AssessmentStatus[],
  to: AssessmentStatus,
  extra: Partial<AssessmentRecord> = {},
  note?: string,
): Promise<AssessmentRecord> {
  const updated = await oneAtATime(`assessment:${assessment._id.toString()}`, () =>
    AssessmentModel.findOneAndUpdate(
      { _id: assessment._id, status: { $in: from } },
      {
        $set: { status: to, ...extra },
        $push: { history: { at: new Date(), action: to, byName: context.actor?.name, note } },
      },
      { returnDocument: 'after' },
    ).lean<AssessmentRecord>(),
  );
  if (!updated) throw new ConflictError('assessments.errors.statusChanged');
  await assessmentDirectory.publish(updated);
  return updated;
}
