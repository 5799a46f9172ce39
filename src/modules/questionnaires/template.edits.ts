/**
 * The template editor's changes as pure functions over a template's content. Each returns a new
 * content object and leaves its input untouched; whether the result is a valid template is
 * decided afterwards by checkTemplateContent (template.schema.ts) when the draft is saved.
 */
import { ConflictError, NotFoundError } from '../../lib/errors';
import type { Bilingual, TemplateContent, TemplateQuestion, TemplateSection } from './template.types';

export type Direction = 'up' | 'down';

/** Name and description of a template. */
export interface TemplateMeta {
  name: Bilingual;
  description: Bilingual;
}

/** What the section form edits (its key is fixed once the section exists). */
export interface SectionFields {
  title: Bilingual;
  description?: Bilingual | undefined;
}

/** Where one question is: its section and its position in that section. */
export interface QuestionLocation {
  sectionIndex: number;
  questionIndex: number;
  section: TemplateSection;
  question: TemplateQuestion;
}

function copy(content: TemplateContent): TemplateContent {
  return structuredClone(content);
}

function sectionIndexOf(content: TemplateContent, sectionKey: string): number {
  const index = content.sections.findIndex((section) => section.key === sectionKey);
  if (index < 0) throw new NotFoundError();
  return index;
}

/** Swaps an item with its neighbour; at either end the list stays as it is. */
function moved<T>(items: readonly T[], index: number, direction: Direction): T[] {
  const result = [...items];
  const target = direction === 'up' ? index - 1 : index + 1;
  const [item, neighbour] = [result[index], result[target]];
  if (item === undefined || neighbour === undefined) return result;
  result[index] = neighbour;
  result[target] = item;
  return result;
}

/** Where a question is, or undefined when the template has no question with this key. */
export function findQuestion(content: TemplateContent, questionKey: string): QuestionLocation | undefined {
  for (const [sectionIndex, section] of content.sections.entries()) {
    const questionIndex = section.questions.findIndex((question) => question.key === questionKey);
    const question = section.questions[questionIndex];
    if (question) return { sectionIndex, questionIndex, section, question };
  }
  return undefined;
}

/** The section with this key, or undefined. */
export function findSection(content: TemplateContent, sectionKey: string): TemplateSection | undefined {
  return content.sections.find((section) => section.key === sectionKey);
}

/** The questions whose show-if condition refers to this question. */
export function dependantsOf(content: TemplateContent, questionKey: string): TemplateQuestion[] {
  return content.sections
    .flatMap((section) => section.questions)
    .filter((question) => question.showIf?.question === questionKey);
}

/** Replaces the name and description. */
export function updateMeta(content: TemplateContent, meta: TemplateMeta): TemplateContent {
  return { ...copy(content), name: { ...meta.name }, description: { ...meta.description } };
}

/** Adds an empty section at the end. */
export function addSection(content: TemplateContent, key: string, fields: SectionFields): TemplateContent {
  const result = copy(content);
  const section: TemplateSection = { key, title: { ...fields.title }, questions: [] };
  if (fields.description) section.description = { ...fields.description };
  result.sections.push(section);
  return result;
}

/** Changes a section's title and description. */
export function updateSection(
  content: TemplateContent,
  sectionKey: string,
  fields: SectionFields,
): TemplateContent {
  const result = copy(content);
  const section = result.sections[sectionIndexOf(result, sectionKey)];
  if (!section) throw new NotFoundError();
  section.title = { ...fields.title };
  if (fields.description) section.description = { ...fields.description };
  else delete section.description;
  return result;
}

/** Removes a section; only an empty one, so no question is lost by accident. */
export function deleteSection(content: TemplateContent, sectionKey: string): TemplateContent {
  const result = copy(content);
  const index = sectionIndexOf(result, sectionKey);
  const count = result.sections[index]?.questions.length ?? 0;
  if (count > 0) throw new ConflictError('templates.errors.sectionNotEmpty', { count });
  result.sections.splice(index, 1);
  return result;
}

/** Moves a section one place up or down. */
export function moveSection(
  content: TemplateContent,
  sectionKey: string,
  direction: Direction,
): TemplateContent {
  const result = copy(content);
  result.sections = moved(result.sections, sectionIndexOf(result, sectionKey), direction);
  return result;
}

/** Adds a question at the end of a section. */
export function addQuestion(
  content: TemplateContent,
  sectionKey: string,
  question: TemplateQuestion,
): TemplateContent {
  const result = copy(content);
  result.sections[sectionIndexOf(result, sectionKey)]?.questions.push(structuredClone(question));
  return result;
}

/**
 * Replaces a question (its key stays). When `sectionKey` names another section, the question
 * moves there, to the end; otherwise it keeps its place.
 */
export function updateQuestion(
  content: TemplateContent,
  questionKey: string,
  question: Omit<TemplateQuestion, 'key'>,
  sectionKey?: string,
): TemplateContent {
  const result = copy(content);
  const location = findQuestion(result, questionKey);
  if (!location) throw new NotFoundError();
  const replacement: TemplateQuestion = { ...structuredClone(question), key: questionKey };
  const targetIndex = sectionKey === undefined ? location.sectionIndex : sectionIndexOf(result, sectionKey);
  if (targetIndex === location.sectionIndex) {
    location.section.questions[location.questionIndex] = replacement;
  } else {
    location.section.questions.splice(location.questionIndex, 1);
    result.sections[targetIndex]?.questions.push(replacement);
  }
  return result;
}

/** Removes a question; refused while another question's show-if condition depends on it. */
export function deleteQuestion(content: TemplateContent, questionKey: string): TemplateContent {
  const result = copy(content);
  const location = findQuestion(result, questionKey);
  if (!location) throw new NotFoundError();
  const dependants = dependantsOf(result, questionKey);
  if (dependants.length > 0) {
    throw new ConflictError('templates.errors.questionInUse', {
      key: questionKey,
      dependants: dependants.map((question) => question.key).join(', '),
    });
  }
  location.section.questions.splice(location.questionIndex, 1);
  return result;
}

/** Moves a question one place up or down within its section. */
export function moveQuestion(
  content: TemplateContent,
  questionKey: string,
  direction: Direction,
): TemplateContent {
  const result = copy(content);
  const location = findQuestion(result, questionKey);
  if (!location) throw new NotFoundError();
  location.section.questions = moved(location.section.questions, location.questionIndex, direction);
  return result;
}
