import { randomBytes } from 'node:crypto';
import { Schema, model } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, type FieldMessage } from '../../lib/errors';
import { questionsOf, type Bilingual, type TemplateQuestion } from '../questionnaires';
import { authorize } from '../access';
import { record } from '../audit';
import { checkValue, valueText } from './answer-values';
import {
  answerCell,
  buildAnswerWorkbook,
  cellAnswer,
  readAnswerWorkbook,
  type WorkbookRow,
} from './answer-workbook';
import type { AnswerRecord, AnswerValue } from './answer.model';
import { VENDOR_EDITABLE, type AssessmentRecord } from './assessment.model';
import { inLocale, sectionViews } from './assessment-view';
import { loadAnswers, loadAssessment, templateOf } from './assessments.service';
import { saveAnswer } from './answers.service';

/** A preview not confirmed within a day is thrown away. */
const PREVIEW_TTL_MS = 24 * 3600_000;

export type AnswerImportAction = 'change' | 'unchanged' | 'error';

/** What importing one row of the workbook would do. */
export interface AnswerImportRow {
  line: number;
  key: string;
  question?: Bilingual | undefined;
  action: AnswerImportAction;
  errors: FieldMessage[];
  before?: AnswerValue | null | undefined;
  after?: AnswerValue | null | undefined;
  noteBefore?: string | undefined;
  noteAfter?: string | undefined;
  /** The answer's revision when the preview was made; confirming refuses if it has moved. */
  baseRevision?: number | undefined;
}

const previewSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    assessmentId: { type: String, required: true },
    filename: String,
    createdAt: { type: Date, required: true },
    fileErrors: { type: Schema.Types.Mixed, default: [] },
    rows: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'answer_imports', versionKey: false },
);
const PreviewModel = model('AnswerImport', previewSchema);

/** The assessment's workbook in the reader's language (a sensitive read, so audited). */
export async function exportAnswerWorkbook(
  context: RequestContext,
  id: string,
): Promise<{ filename: string; content: Buffer }> {
  const assessment = await loadAssessment(context, id);
  const template = await templateOf(assessment);
  const answers = await loadAnswers(id, template);
  const workbook = buildAnswerWorkbook(
    {
      assessmentId: id,
      supplierName: assessment.supplierName,
      templateName: inLocale(assessment.templateName, context.locale),
      sections: sectionViews(template, answers, context.locale),
    },
    context.locale,
  );
  const content = Buffer.from(await workbook.xlsx.writeBuffer());
  await record(context, {
    action: 'assessments.export',
    target: { type: 'assessment', id, label: assessment.supplierName },
    supplierId: assessment.supplierId,
  });
  const day = new Date().toISOString().slice(0, 10);
  return {
    filename: `${assessment.supplierName} - ${inLocale(assessment.templateName, context.locale)} ${day}.xlsx`,
    content,
  };
}

/** The assessment a vendor may still change answers in (409 once it is submitted). */
export async function openForImport(context: RequestContext, id: string): Promise<AssessmentRecord> {
  const assessment = await loadAssessment(context, id);
  authorize(context.actor, 'assessments.answer', { supplierId: assessment.supplierId });
  if (!VENDOR_EDITABLE.includes(assessment.status)) throw new ConflictError('assessments.errors.locked');
  return assessment;
}

function checkRow(
  row: WorkbookRow,
  question: TemplateQuestion | undefined,
  stored: AnswerRecord | undefined,
  firstLine: number | undefined,
): AnswerImportRow {
  const base = { line: row.line, key: row.key, question: question?.text, errors: [] as FieldMessage[] };
  if (!question)
    return { ...base, action: 'error', errors: [{ key: 'assessments.import.errors.unknownQuestion' }] };
  if (firstLine !== undefined) {
    return {
      ...base,
      action: 'error',
      errors: [{ key: 'assessments.import.errors.duplicate', params: { line: firstLine } }],
    };
  }
  const typed = cellAnswer(question, row.answer);
  if (question.type === 'file' && typed !== null) {
    return { ...base, action: 'error', errors: [{ key: 'assessments.import.errors.fileQuestion' }] };
  }
  const checked = checkValue(question, typed);
  if (!checked.ok) return { ...base, action: 'error', errors: [{ key: checked.key }] };
  const before = stored?.value ?? null;
  const noteBefore = stored?.note ?? '';
  const noteAfter = row.note.replace(/\r\n/g, '\n').slice(0, 5000);
  const same = valueText(before) === valueText(checked.value) && noteBefore === noteAfter;
  return {
    ...base,
    action: same ? 'unchanged' : 'change',
    before,
    after: checked.value,
    noteBefore,
    noteAfter,
    baseRevision: stored?.valueRevision ?? 0,
  };
}

/**
 * Reads a filled-in workbook and records what importing it would change, question by question,
 * without changing any answer.
 */
export async function previewAnswerImport(
  context: RequestContext,
  id: string,
  filename: string,
  content: Buffer,
): Promise<string> {
  const assessment = await openForImport(context, id);
  const template = await templateOf(assessment);
  const read = await readAnswerWorkbook(content);
  const fileErrors: FieldMessage[] = [];
  let rows: AnswerImportRow[] = [];
  if (!read.ok) fileErrors.push({ key: read.error, ...(read.params ? { params: read.params } : {}) });
  else if (read.assessmentId !== id) fileErrors.push({ key: 'assessments.import.errors.otherAssessment' });
  else if (read.rows.length === 0) fileErrors.push({ key: 'assessments.import.errors.noRows' });
  else {
    const questions = new Map(questionsOf(template.content).map(({ question }) => [question.key, question]));
    const answers = await loadAnswers(id, template);
    const seen = new Map<string, number>();
    rows = read.rows.map((row) => {
      const checked = checkRow(row, questions.get(row.key), answers.get(row.key), seen.get(row.key));
      if (!seen.has(row.key)) seen.set(row.key, row.line);
      return checked;
    });
  }
  const previewId = randomBytes(16).toString('hex');
  // Unconfirmed previews older than a day are removed on the way.
  await PreviewModel.deleteMany({ createdAt: { $lt: new Date(Date.now() - PREVIEW_TTL_MS) } });
  await PreviewModel.create({
    _id: previewId,
    userId: context.actor?.id,
    assessmentId: id,
    filename,
    createdAt: new Date(),
    fileErrors,
    rows,
  });
  return previewId;
}

export interface AnswerImportPreview {
  id: string;
  assessmentId: string;
  filename: string;
  createdAt: Date;
  fileErrors: FieldMessage[];
  rows: (AnswerImportRow & { text: string; beforeText: string | number; afterText: string | number })[];
  counts: Record<AnswerImportAction, number>;
}

/** A stored preview, with the answers shown in the reader's language. */
export async function getAnswerImport(
  context: RequestContext,
  id: string,
  previewId: string,
): Promise<AnswerImportPreview> {
  const assessment = await openForImport(context, id);
  const preview = /^[a-f\d]{32}$/.test(previewId) ? await PreviewModel.findById(previewId).lean() : null;
  // A preview belongs to the person who uploaded the file, for the assessment it was made for.
  if (!preview || preview.userId !== context.actor?.id || preview.assessmentId !== id)
    throw new NotFoundError();
  const template = await templateOf(assessment);
  const questions = new Map(questionsOf(template.content).map(({ question }) => [question.key, question]));
  const rows = (preview.rows as AnswerImportRow[]).map((row) => {
    const question = questions.get(row.key);
    const show = (value: AnswerValue | null | undefined) =>
      question ? answerCell(question, value, context.locale) : '';
    return {
      ...row,
      text: inLocale(row.question, context.locale),
      beforeText: show(row.before),
      afterText: show(row.after),
    };
  });
  const counts = { change: 0, unchanged: 0, error: 0 };
  for (const row of rows) counts[row.action]++;
  return {
    id: previewId,
    assessmentId: id,
    filename: preview.filename ?? '',
    createdAt: preview.createdAt,
    fileErrors: preview.fileErrors as FieldMessage[],
    rows,
    counts,
  };
}

/**
 * Applies a clean preview. All or nothing: a file with any error is refused as a whole, and so
 * is one whose answers changed since the preview (another tab, a colleague). The database has
 * no transactions, so the saves are made idempotent instead: each carries an id derived from
 * the preview, and confirming again after an interruption completes the rest without
 * applying anything twice.
 */
export async function confirmAnswerImport(
  context: RequestContext,
  id: string,
  previewId: string,
): Promise<number> {
  const preview = await getAnswerImport(context, id, previewId);
  if (preview.fileErrors.length > 0 || preview.counts.error > 0) {
    throw new ConflictError('assessments.import.errors.notClean');
  }
  const assessment = await openForImport(context, id);
  const answers = await loadAnswers(id, await templateOf(assessment));
  const changes = preview.rows.filter((row) => row.action === 'change');
  const moved = changes.some((row) => {
    const current = answers.get(row.key);
    const appliedByThisImport = current?.lastSaveId?.startsWith(`import-${previewId}-`) ?? false;
    return !appliedByThisImport && (current?.valueRevision ?? 0) !== row.baseRevision;
  });
  if (moved) throw new ConflictError('assessments.import.errors.changedSincePreview');
  for (const row of changes) {
    await saveAnswer(context, id, row.key, {
      value: row.after,
      note: row.noteAfter,
      saveId: `import-${previewId}-${row.key}`,
      baseRevision: row.baseRevision,
    });
  }
  await PreviewModel.deleteOne({ _id: previewId });
  await record(context, {
    action: 'assessments.import',
    target: { type: 'assessment', id, label: preview.filename },
    supplierId: assessment.supplierId,
    details: { changed: changes.length, unchanged: preview.counts.unchanged },
  });
  return changes.length;
}
