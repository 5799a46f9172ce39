/**
 * The template editor's HTML forms: their schemas, turning submitted fields into template
 * content, turning content back into form values, and putting the problems the content check
 * finds beside the form fields they concern.
 */
import { z } from 'zod';
import { ValidationError, type FieldMessage } from '../../lib/errors';
import { manyValues, rowsFromForm } from '../../lib/form-rows';
import { fieldErrorsFrom, optionalText, parseInput, requiredText } from '../../lib/validation';
import type { SectionFields, TemplateMeta } from './template.edits';
import type { TemplateProblem } from './template.schema';
import { TemplateContentError } from './template.service';
import {
  EVIDENCE_RULES,
  QUESTION_TYPES,
  type Bilingual,
  type ChoiceOption,
  type ControlMappings,
  type TemplateContent,
  type TemplateQuestion,
  type TemplateSection,
} from './template.types';

/** Section and question keys, as the content check wants them. */
const KEY_PATTERN = /^[a-z][a-z0-9_]{1,40}$/;
/** The option rows a question form can send. */
const MAX_OPTION_ROWS = 30;
const OPTION_FIELDS = ['value', 'en', 'zh', 'score'] as const;
export const CONTROL_FRAMEWORKS = ['ccm', 'iso27001', 'pipl', 'other'] as const;

/** A key segment of a URL (`:sectionKey`, `:questionKey`); anything else names nothing. */
export const keyParam = z.string().regex(KEY_PATTERN);

/** The direction of an up/down button. */
export const moveSchema = z.object({ direction: z.enum(['up', 'down']) });

const metaSchema = z.object({
  name_en: requiredText(200),
  name_zh: requiredText(200),
  description_en: optionalText(4000),
  description_zh: optionalText(4000),
});

const sectionSchema = z.object({
  title_en: requiredText(200),
  title_zh: requiredText(200),
  description_en: optionalText(2000),
  description_zh: optionalText(2000),
});

const newKey = (message: string) => z.string().trim().regex(KEY_PATTERN, message);
// "new" would collide with the address of the new-section form.
const newSectionKey = newKey('templates.errors.sectionKey').refine(
  (key) => key !== 'new',
  'templates.errors.reservedKey',
);

/** A comma-separated list (either comma a Chinese keyboard types), as trimmed items. */
function listOf(text: string | undefined): string[] {
  return (text ?? '')
    .split(/[,，;；\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

const questionSchema = z.object({
  type: z.enum(QUESTION_TYPES),
  text_en: requiredText(2000),
  text_zh: requiredText(2000),
  help_en: optionalText(4000),
  help_zh: optionalText(4000),
  weight: z.coerce.number().int().min(0).max(5),
  required: z.preprocess((value) => manyValues(value).includes('on'), z.boolean()),
  evidence: z.enum(EVIDENCE_RULES),
  showIf_question: optionalText(41),
  showIf_values: optionalText(500),
  controls_ccm: optionalText(500),
  controls_iso27001: optionalText(500),
  controls_pipl: optionalText(500),
  controls_other: optionalText(1500),
  section: z.string().regex(KEY_PATTERN),
});

const optionRowSchema = z.object({
  value: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]{1,40}$/, 'templates.errors.optionValue'),
  en: requiredText(300),
  zh: requiredText(300),
  score: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().min(0).max(1).optional(),
  ),
});

/**
 * Validates a form like parseInput, but keeps this module's own messages
 * ("templates.errors.…"), which the shared mapping would turn into a generic one.
 */
function parseForm<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(formErrors(result.error));
}

function formErrors(error: z.ZodError): Record<string, FieldMessage> {
  const errors = fieldErrorsFrom(error);
  for (const issue of error.issues) {
    const field = issue.path.map(String).join('.');
    if (issue.message.startsWith('templates.') && errors[field]?.key === 'validation.invalid')
      errors[field] = { key: issue.message };
  }
  return errors;
}

/** Both languages of a text, or undefined when both were left empty. */
function optionalBilingual(en: string | undefined, zh: string | undefined): Bilingual | undefined {
  return en || zh ? { en: en ?? '', zh: zh ?? '' } : undefined;
}

/** Parses one form, gathering every problem before throwing, so all are shown at once. */
function collect<T>(parse: () => T, errors: Record<string, FieldMessage>): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    Object.assign(errors, error.fieldErrors);
    return undefined;
  }
}

/** The template's name and description (create form and meta form). */
export function parseMetaForm(body: Record<string, unknown>): TemplateMeta {
  const form = parseInput(metaSchema, body);
  return {
    name: { en: form.name_en, zh: form.name_zh },
    description: { en: form.description_en ?? '', zh: form.description_zh ?? '' },
  };
}

/** A section's fields, and its key when the section is new. */
export function parseSectionForm(
  body: Record<string, unknown>,
  isNew: boolean,
): { key: string; fields: SectionFields } {
  const errors: Record<string, FieldMessage> = {};
  const key = isNew ? collect(() => parseForm(z.object({ key: newSectionKey }), body).key, errors) : '';
  const form = collect(() => parseInput(sectionSchema, body), errors);
  if (key === undefined || !form) throw new ValidationError(errors);
  return {
    key,
    fields: {
      title: { en: form.title_en, zh: form.title_zh },
      description: optionalBilingual(form.description_en, form.description_zh),
    },
  };
}

/** The option rows of a question form; `formIndexes[i]` is the form row of option i. */
function parseOptions(
  body: Record<string, unknown>,
  errors: Record<string, FieldMessage>,
): { options: ChoiceOption[]; formIndexes: number[] } {
  const { rows, formIndexes } = rowsFromForm(body, 'option', OPTION_FIELDS, MAX_OPTION_ROWS);
  const options: ChoiceOption[] = [];
  rows.forEach((row, position) => {
    const result = optionRowSchema.safeParse(row);
    if (!result.success) {
      for (const [field, message] of Object.entries(formErrors(result.error)))
        errors[`option_${field}_${String(formIndexes[position])}`] ??= message;
      return;
    }
    const { value, en, zh, score } = result.data;
    options.push({ value, label: { en, zh }, ...(score === undefined ? {} : { score }) });
  });
  return { options, formIndexes };
}

/** What the question form says; `key` is empty unless the question is new. */
export interface QuestionForm {
  key: string;
  sectionKey: string;
  question: Omit<TemplateQuestion, 'key'>;
  /** Form row of each option, to put a problem with option i beside the right row. */
  optionRows: number[];
}

/** A question from its form, with every problem beside its field. */
export function parseQuestionForm(body: Record<string, unknown>, isNew: boolean): QuestionForm {
  const errors: Record<string, FieldMessage> = {};
  const key = isNew
    ? collect(() => parseForm(z.object({ key: newKey('templates.errors.questionKey') }), body).key, errors)
    : '';
  const form = collect(() => parseInput(questionSchema, body), errors);
  const { options, formIndexes } = parseOptions(body, errors);
  const showIfValues = listOf(form?.showIf_values);
  if (form?.showIf_question && showIfValues.length === 0)
    errors.showIf_values = { key: 'validation.required' };
  if (form && !form.showIf_question && showIfValues.length > 0)
    errors.showIf_question = { key: 'validation.required' };
  if (key === undefined || !form || Object.keys(errors).length > 0) throw new ValidationError(errors);

  const controls: ControlMappings = {
    ccm: listOf(form.controls_ccm),
    iso27001: listOf(form.controls_iso27001),
    pipl: listOf(form.controls_pipl),
  };
  const other = listOf(form.controls_other);
  if (other.length > 0) controls.other = other;
  const question: Omit<TemplateQuestion, 'key'> = {
    type: form.type,
    text: { en: form.text_en, zh: form.text_zh },
    weight: form.weight,
    required: form.required,
    evidence: form.evidence,
    controls,
  };
  const help = optionalBilingual(form.help_en, form.help_zh);
  if (help) question.help = help;
  if (options.length > 0) question.options = options;
  if (form.showIf_question) question.showIf = { question: form.showIf_question, anyOf: showIfValues };
  return { key, sectionKey: form.section, question, optionRows: formIndexes };
}

/** Form values of a template's name and description. */
export function metaValues(content: TemplateContent): Record<string, unknown> {
  return {
    name_en: content.name.en,
    name_zh: content.name.zh,
    description_en: content.description.en,
    description_zh: content.description.zh,
  };
}

/** Form values of a section. */
export function sectionValues(section: TemplateSection): Record<string, unknown> {
  return {
    key: section.key,
    title_en: section.title.en,
    title_zh: section.title.zh,
    description_en: section.description?.en ?? '',
    description_zh: section.description?.zh ?? '',
  };
}

/** Form values of a question (or of a new question in a section). */
export function questionValues(
  question: TemplateQuestion | undefined,
  sectionKey: string,
): Record<string, unknown> {
  if (!question) return { type: 'yes_no', weight: 3, required: 'on', evidence: 'none', section: sectionKey };
  const values: Record<string, unknown> = {
    key: question.key,
    type: question.type,
    text_en: question.text.en,
    text_zh: question.text.zh,
    help_en: question.help?.en ?? '',
    help_zh: question.help?.zh ?? '',
    weight: question.weight,
    required: question.required ? 'on' : '',
    evidence: question.evidence,
    showIf_question: question.showIf?.question ?? '',
    showIf_values: question.showIf?.anyOf.join(', ') ?? '',
    section: sectionKey,
  };
  for (const framework of CONTROL_FRAMEWORKS)
    values[`controls_${framework}`] = (question.controls[framework] ?? []).join(', ');
  question.options?.forEach((option, index) => {
    values[`option_value_${index}`] = option.value;
    values[`option_en_${index}`] = option.label.en;
    values[`option_zh_${index}`] = option.label.zh;
    values[`option_score_${index}`] = option.score ?? '';
  });
  return values;
}

/** How many option rows the question form shows: up to the last filled one, and two blank. */
export function optionRowCount(values: Record<string, unknown>): number {
  const filled = Object.entries(values)
    .filter(([, value]) => (typeof value === 'string' ? value.trim() !== '' : typeof value === 'number'))
    .map(([name]) => /^option_(?:value|en|zh|score)_(\d+)$/.exec(name)?.[1])
    .filter((index): index is string => index !== undefined)
    .map((index) => Number(index) + 1);
  return Math.min(MAX_OPTION_ROWS, Math.max(4, Math.max(0, ...filled) + 2));
}

/** Maps the rest of a problem's path (after the edited part) to a form field, if it has one. */
type FieldOf = (rest: string, problem: TemplateProblem) => string | undefined;

/** Problems with the edited part go beside its fields; the rest are listed on their own. */
export interface PlacedProblems {
  fieldErrors: Record<string, FieldMessage>;
  elsewhere: TemplateProblem[];
}

function place(problems: TemplateProblem[], prefix: string, fieldOf: FieldOf): PlacedProblems {
  const fieldErrors: Record<string, FieldMessage> = {};
  const elsewhere: TemplateProblem[] = [];
  for (const problem of problems) {
    const inside =
      problem.path.startsWith(prefix) &&
      (prefix === '' || ['', '.', '['].includes(problem.path.charAt(prefix.length)));
    const field = inside ? fieldOf(problem.path.slice(prefix.length), problem) : undefined;
    if (field) fieldErrors[field] ??= { key: problem.key, params: problem.params };
    else elsewhere.push(problem);
  }
  return { fieldErrors, elsewhere };
}

const bilingualField = (rest: string, names: readonly string[]) => {
  const match = /^\.?(\w+)\.(en|zh)$/.exec(rest);
  return match && names.includes(match[1] ?? '') ? `${match[1]}_${match[2]}` : undefined;
};

/**
 * Where the problems of a failed save belong on a form. Problems the content check found
 * (TemplateContentError) inside the part the form edits (`prefix`, e.g. "sections[1]") go
 * beside their fields; the form's own validation errors are already per field.
 */
function placed(error: ValidationError, prefix: string, fieldOf: FieldOf): PlacedProblems {
  if (!(error instanceof TemplateContentError)) return { fieldErrors: error.fieldErrors, elsewhere: [] };
  const result = place(error.problems, prefix, fieldOf);
  result.fieldErrors._form = error.fieldErrors._form ?? { key: 'errors.validation.message' };
  return result;
}

/** Problems of the name/description form. */
export function placeMetaProblems(error: ValidationError): PlacedProblems {
  return placed(error, '', (rest) => bilingualField(rest, ['name', 'description']));
}

/** Problems of a section form; `sectionIndex` is where the section is in the saved content. */
export function placeSectionProblems(error: ValidationError, sectionIndex: number): PlacedProblems {
  return placed(error, `sections[${sectionIndex}]`, (rest) =>
    rest === '.key' ? 'key' : bilingualField(rest, ['title', 'description']),
  );
}

/** Problems of a question form; `path` is where the question is in the saved content. */
export function placeQuestionProblems(
  error: ValidationError,
  path: { sectionIndex: number; questionIndex: number },
  optionRows: number[],
): PlacedProblems {
  const prefix = `sections[${path.sectionIndex}].questions[${path.questionIndex}]`;
  return placed(error, prefix, (rest, problem) => {
    const option = /^\.options\[(\d+)\](?:\.label\.(en|zh)|\.(score))?/.exec(rest);
    if (option) {
      const row = optionRows[Number(option[1])] ?? 0;
      return `option_${option[2] ?? option[3] ?? 'value'}_${row}`;
    }
    if (rest.startsWith('.showIf'))
      return problem.key === 'templates.errors.showIfValue' || rest.includes('anyOf')
        ? 'showIf_values'
        : 'showIf_question';
    const control = /^\.controls\.(\w+)/.exec(rest);
    if (control) return `controls_${control[1]}`;
    const simple = /^\.(key|type|options|weight|required|evidence)$/.exec(rest);
    return simple?.[1] ?? bilingualField(rest, ['text', 'help']);
  });
}
