import type { TemplateContent, TemplateQuestion } from '../questionnaires';
import type { AnswerRecord, AnswerValue } from './answer.model';

type Answers = ReadonlyMap<string, Pick<AnswerRecord, 'value' | 'evidence' | 'carriedForward'>>;

function valuesOf(value: AnswerValue | null | undefined): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [String(value)];
}

/**
 * Which questions are shown: those without a condition, and those whose condition's question
 * is shown and answered with one of the listed values.
 */
export function visibleQuestions(content: TemplateContent, answers: Answers): Set<string> {
  const visible = new Set<string>();
  for (const section of content.sections) {
    for (const question of section.questions) {
      const condition = question.showIf;
      if (!condition) {
        visible.add(question.key);
        continue;
      }
      const chosen = valuesOf(answers.get(condition.question)?.value);
      if (visible.has(condition.question) && chosen.some((value) => condition.anyOf.includes(value))) {
        visible.add(question.key);
      }
    }
  }
  return visible;
}

/** True when the question has an answer (a file question: at least one file). */
export function isAnswered(
  question: TemplateQuestion,
  answer: Pick<AnswerRecord, 'value' | 'evidence'> | undefined,
): boolean {
  if (!answer) return false;
  if (question.type === 'file') return answer.evidence.length > 0;
  const value = answer.value;
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return String(value).trim() !== '';
}

export const MISSING_REASONS = ['answer', 'evidence', 'confirmation'] as const;
export type Missing = (typeof MISSING_REASONS)[number];

/**
 * What still keeps a shown question from being complete: no answer to a required question, no
 * file where evidence is required, or a carried-forward answer not yet confirmed.
 */
export function missingFor(
  question: TemplateQuestion,
  answer: Pick<AnswerRecord, 'value' | 'evidence' | 'carriedForward'> | undefined,
): Missing | undefined {
  if (answer?.carriedForward) return 'confirmation';
  const answered = isAnswered(question, answer);
  if (question.required && !answered) return 'answer';
  // Evidence is not required for "not applicable".
  if (
    question.evidence === 'required' &&
    answered &&
    answer?.value !== 'na' &&
    (answer?.evidence.length ?? 0) === 0
  ) {
    return 'evidence';
  }
  return undefined;
}
