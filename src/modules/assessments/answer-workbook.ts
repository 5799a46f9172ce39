import ExcelJS from 'exceljs';
import type { TFunction } from 'i18next';
import { LOCALES, translator, type Locale } from '../../lib/i18n';
import type { TemplateQuestion } from '../questionnaires';
import { YES_NO_VALUES } from './answer-values';
import type { AnswerRecord, AnswerValue } from './answer.model';
import type { SectionView } from './assessment-view';

/**
 * The spreadsheet a vendor can answer offline: one row per question, answers and notes in two
 * columns they fill in, everything else for reading. A hidden sheet names the assessment, so a
 * workbook cannot be imported into another one by mistake.
 */

const ANSWER_SHEET = 'answers';
const META_SHEET = 'vetted';
const FORMAT = 'vetted-assessment-answers/1';
/** More rows than any template has: a sheet longer than this is not one of ours. */
export const MAX_WORKBOOK_ROWS = 2_000;

/** The columns of the answers sheet; their headings are `assessments.workbook.columns.<key>`. */
export const WORKBOOK_COLUMNS = [
  'key',
  'section',
  'question',
  'type',
  'allowed',
  'required',
  'evidence',
  'answer',
  'note',
  'files',
  'comments',
  'review',
] as const;
/** Excel's 1-based column number of one of the columns. */
const columnOf = (key: (typeof WORKBOOK_COLUMNS)[number]) => WORKBOOK_COLUMNS.indexOf(key) + 1;
const KEY_COLUMN = columnOf('key');
const ANSWER_COLUMN = columnOf('answer');
const NOTE_COLUMN = columnOf('note');

/** What one cell of the answer column can hold once read. */
export type CellContent = string | number | Date | undefined;

/** How a question's answer is written in the sheet and read back: labels in either language. */
function choiceLabels(question: TemplateQuestion): Map<string, string[]> {
  const labels = new Map<string, string[]>();
  if (question.type === 'yes_no') {
    for (const value of YES_NO_VALUES) {
      labels.set(
        value,
        LOCALES.map((locale) => translator(locale)(`answers.yesNo.${value}`)),
      );
    }
  }
  for (const option of question.options ?? []) labels.set(option.value, [option.label.en, option.label.zh]);
  return labels;
}

const MULTI_SEPARATOR = /[;；\n]/;
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** An answer as the sheet shows it, in the reader's language (choices by their label). */
export function answerCell(
  question: TemplateQuestion,
  value: AnswerValue | null | undefined,
  locale: Locale,
): string | number {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number') return value;
  const labels = choiceLabels(question);
  const label = (item: string) => labels.get(item)?.[locale === 'zh-CN' ? 1 : 0] || item;
  return Array.isArray(value) ? value.map(label).join('; ') : labels.size > 0 ? label(value) : value;
}

/**
 * Turns what a vendor typed in the answer column back into the value the autosave endpoint
 * takes: labels in English or Chinese (any letter case) and stored values both work for
 * choices; dates may be real spreadsheet dates. The result is then checked like any answer.
 */
export function cellAnswer(question: TemplateQuestion, cell: CellContent): unknown {
  if (cell === undefined) return null;
  if (cell instanceof Date) return question.type === 'date' ? cell.toISOString().slice(0, 10) : String(cell);
  // A date cell without a date format arrives as Excel's day number (days since 1899-12-30).
  if (typeof cell === 'number' && question.type === 'date' && cell > 0 && cell < 2_958_466) {
    return new Date(EXCEL_EPOCH + Math.round(cell) * 86_400_000).toISOString().slice(0, 10);
  }
  if (typeof cell === 'number') return question.type === 'number' ? cell : String(cell);
  const text = cell.trim();
  const labels = choiceLabels(question);
  if (labels.size === 0) return question.type === 'long_text' ? cell : text;
  const valueOf = (typed: string) => {
    const wanted = typed.trim().toLowerCase();
    for (const [value, names] of labels) {
      if (value === wanted || names.some((name) => name.toLowerCase() === wanted)) return value;
    }
    return typed.trim();
  };
  if (question.type === 'multi_choice') {
    return text
      .split(MULTI_SEPARATOR)
      .filter((part) => part.trim() !== '')
      .map(valueOf);
  }
  return text === '' ? null : valueOf(text);
}

/** What the exported workbook says about the assessment. */
export interface WorkbookSubject {
  assessmentId: string;
  supplierName: string;
  templateName: string;
  sections: readonly SectionView[];
}

function allowedText(question: TemplateQuestion, t: TFunction, locale: Locale): string {
  const labels = [...choiceLabels(question).values()].map((names) => names[locale === 'zh-CN' ? 1 : 0]);
  if (question.type === 'multi_choice')
    return t('assessments.workbook.allowed.multi_choice', { options: labels.join('; ') });
  if (labels.length > 0) return labels.join(' / ');
  return t(`assessments.workbook.allowed.${question.type}`);
}

function threadText(answer: AnswerRecord | undefined): string {
  return (answer?.thread ?? []).map((message) => `${message.byName ?? ''}: ${message.text}`).join('\n');
}

/** Builds the workbook for an assessment in the reader's language. */
export function buildAnswerWorkbook(subject: WorkbookSubject, locale: Locale): ExcelJS.Workbook {
  const t = translator(locale);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Vetted';
  const sheet = workbook.addWorksheet(ANSWER_SHEET, { views: [{ state: 'frozen', ySplit: 1, xSplit: 3 }] });
  const widths = [14, 24, 60, 14, 28, 10, 12, 36, 36, 24, 36, 14];
  sheet.columns = WORKBOOK_COLUMNS.map((key, index) => ({
    header: t(`assessments.workbook.columns.${key}`),
    width: widths[index],
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  for (const column of [ANSWER_COLUMN, NOTE_COLUMN]) {
    header.getCell(column).fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  }
  for (const section of subject.sections) {
    for (const item of section.questions) {
      const { question, answer } = item;
      // Strings are written as text cells, which spreadsheets never evaluate, so answers that
      // start with "=" come back exactly as typed.
      const row = sheet.addRow([
        question.key,
        section.title,
        item.text + (item.help ? `\n\n${item.help}` : ''),
        t(`questionTypes.${question.type}`),
        allowedText(question, t, locale),
        question.required ? t('common.yes') : t('common.no'),
        t(`evidenceRules.${question.evidence}`),
        question.type === 'file' ? '' : answerCell(question, answer?.value, locale),
        answer?.note ?? '',
        (answer?.evidence ?? []).map((file) => file.filename).join('\n'),
        threadText(answer),
        answer?.review ? t(`assessments.verdicts.${answer.review.verdict}`) : '',
      ]);
      row.alignment = { vertical: 'top', wrapText: true };
      const labels = [...choiceLabels(question).values()].map((names) => names[locale === 'zh-CN' ? 1 : 0]);
      const list = `"${labels.join(',')}"`;
      // A drop-down where the labels fit Excel's list rule (no commas, 255 characters at most).
      if (
        question.type !== 'multi_choice' &&
        labels.length > 0 &&
        !labels.some((label) => label?.includes(',')) &&
        list.length <= 255
      ) {
        row.getCell(ANSWER_COLUMN).dataValidation = { type: 'list', allowBlank: true, formulae: [list] };
      }
    }
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: WORKBOOK_COLUMNS.length } };

  const meta = workbook.addWorksheet(META_SHEET, { state: 'veryHidden' });
  meta.addRow(['format', FORMAT]);
  meta.addRow(['assessment', subject.assessmentId]);
  meta.addRow(['supplier', subject.supplierName]);
  meta.addRow(['questionnaire', subject.templateName]);
  return workbook;
}

/** One question row read from an uploaded workbook. */
export interface WorkbookRow {
  line: number;
  key: string;
  answer: CellContent;
  note: string;
}

export type ReadWorkbook =
  | { ok: true; assessmentId: string; rows: WorkbookRow[] }
  | { ok: false; error: string; params?: Record<string, string | number> };

/** A cell's value as text, number or date, whatever kind of cell the spreadsheet made of it. */
function contentOf(value: ExcelJS.CellValue): CellContent {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  if ('hyperlink' in value) return value.text;
  // A formula: what the vendor saw is its result.
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as { result?: unknown }).result;
    if (typeof result === 'string' || typeof result === 'number' || result instanceof Date) return result;
    return undefined;
  }
  return undefined;
}

function headerMatches(
  sheet: ExcelJS.Worksheet,
  column: number,
  key: (typeof WORKBOOK_COLUMNS)[number],
): boolean {
  const found = contentOf(sheet.getRow(1).getCell(column).value);
  return LOCALES.some((locale) => translator(locale)(`assessments.workbook.columns.${key}`) === found);
}

/** Reads an uploaded workbook: which assessment it is for and the answers in it. */
export async function readAnswerWorkbook(content: Buffer): Promise<ReadWorkbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch {
    return { ok: false, error: 'assessments.import.errors.unreadable' };
  }
  const meta = workbook.getWorksheet(META_SHEET);
  const sheet = workbook.getWorksheet(ANSWER_SHEET);
  if (!meta || !sheet || contentOf(meta.getCell('B1').value) !== FORMAT) {
    return { ok: false, error: 'assessments.import.errors.notOurs' };
  }
  if (
    !headerMatches(sheet, KEY_COLUMN, 'key') ||
    !headerMatches(sheet, ANSWER_COLUMN, 'answer') ||
    !headerMatches(sheet, NOTE_COLUMN, 'note')
  ) {
    return { ok: false, error: 'assessments.import.errors.columnsMoved' };
  }
  if (sheet.rowCount > MAX_WORKBOOK_ROWS) {
    return { ok: false, error: 'assessments.import.errors.tooManyRows', params: { max: MAX_WORKBOOK_ROWS } };
  }
  const rows: WorkbookRow[] = [];
  sheet.eachRow((row, line) => {
    if (line === 1) return;
    const key = contentOf(row.getCell(KEY_COLUMN).value);
    const answer = contentOf(row.getCell(ANSWER_COLUMN).value);
    const note = contentOf(row.getCell(NOTE_COLUMN).value);
    if (key === undefined && answer === undefined && note === undefined) return;
    rows.push({
      line,
      key: typeof key === 'string' ? key.trim() : String(key ?? ''),
      answer,
      note: note === undefined ? '' : note instanceof Date ? note.toISOString().slice(0, 10) : String(note),
    });
  });
  return { ok: true, assessmentId: String(contentOf(meta.getCell('B2').value) ?? ''), rows };
}
