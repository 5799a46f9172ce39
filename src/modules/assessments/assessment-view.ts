import type { Locale } from '../../lib/i18n';
import type { Bilingual, TemplateQuestion, TemplateRecord } from '../questionnaires';
import { valueText } from './answer-values';
import type { AnswerRecord } from './answer.model';
import { missingFor, visibleQuestions, type Missing } from './visibility';

/** Text in the reader's language, falling back to the other one. */
export function inLocale(text: Bilingual | undefined, locale: Locale): string {
  if (!text) return '';
  return (locale === 'zh-CN' ? text.zh : text.en) || text.en || text.zh;
}

/** One question as the answering and review pages show it. */
export interface QuestionView {
  question: TemplateQuestion;
  text: string;
  help: string;
  options: { value: string; label: string }[];
  answer: AnswerRecord | undefined;
  visible: boolean;
  missing: Missing | undefined;
  /** The answer differs from the one given in the previous cycle. */
  changedSinceLastCycle: boolean;
}

export interface SectionView {
  key: string;
  title: string;
  description: string;
  questions: QuestionView[];
  shown: number;
  missing: number;
}

function changed(answer: AnswerRecord | undefined): boolean {
  if (!answer || !('previousValue' in answer)) return false;
  return (
    valueText(answer.previousValue) !== valueText(answer.value) ||
    (answer.previousNote ?? '') !== (answer.note ?? '')
  );
}

/** Every section with its questions, answers and what is missing, in the reader's language. */
export function sectionViews(
  template: TemplateRecord,
  answers: ReadonlyMap<string, AnswerRecord>,
  locale: Locale,
): SectionView[] {
  const visible = visibleQuestions(template.content, answers);
  return template.content.sections.map((section) => {
    const questions = section.questions.map((question) => {
      const answer = answers.get(question.key);
      const shown = visible.has(question.key);
      return {
        question,
        text: inLocale(question.text, locale),
        help: inLocale(question.help, locale),
        options: (question.options ?? []).map((option) => ({
          value: option.value,
          label: inLocale(option.label, locale),
        })),
        answer,
        visible: shown,
        missing: shown ? missingFor(question, answer) : undefined,
        changedSinceLastCycle: changed(answer),
      };
    });
    return {
      key: section.key,
      title: inLocale(section.title, locale),
      description: inLocale(section.description, locale),
      questions,
      shown: questions.filter((item) => item.visible).length,
      missing: questions.filter((item) => item.missing).length,
    };
  });
}

/** Current answer values by question key: what the page's script needs to show and hide questions. */
export function answerValues(answers: ReadonlyMap<string, AnswerRecord>): Record<string, unknown> {
  return Object.fromEntries(
    [...answers.values()].map((answer) => [answer.questionKey, answer.value ?? null]),
  );
}
