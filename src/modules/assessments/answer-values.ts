import { parseDay } from '../../lib/dates';
import type { TemplateQuestion } from '../questionnaires';
import type { AnswerValue } from './answer.model';

export const YES_NO_VALUES = ['yes', 'partial', 'no', 'na'] as const;
const TEXT_LIMITS = { short_text: 500, long_text: 10_000 } as const;

/** Why a value cannot be an answer to a question (an i18n key and its values), or the value it stands for. */
export type Checked =
  { ok: true; value: AnswerValue | null } | { ok: false; key: string; params?: Record<string, number> };

/**
 * Checks a submitted value against the question's type and turns it into what is stored:
 * null for "no answer", a string, a list of option values, or a number.
 */
export function checkValue(question: TemplateQuestion, input: unknown): Checked {
  const blank =
    input === undefined ||
    input === null ||
    (typeof input === 'string' && input.trim() === '') ||
    (Array.isArray(input) && input.length === 0);
  if (blank || question.type === 'file') return { ok: true, value: null };
  const options = (question.options ?? []).map((option) => option.value);
  switch (question.type) {
    case 'yes_no':
      return (YES_NO_VALUES as readonly unknown[]).includes(input)
        ? { ok: true, value: input as string }
        : { ok: false, key: 'validation.invalidChoice' };
    case 'single_choice':
      return typeof input === 'string' && options.includes(input)
        ? { ok: true, value: input }
        : { ok: false, key: 'validation.invalidChoice' };
    case 'multi_choice': {
      const chosen = (Array.isArray(input) ? input : [input]).map(String);
      if (chosen.some((value) => !options.includes(value)))
        return { ok: false, key: 'validation.invalidChoice' };
      // Stored in the template's order, once each.
      return { ok: true, value: options.filter((value) => chosen.includes(value)) };
    }
    case 'short_text':
    case 'long_text': {
      if (typeof input !== 'string') return { ok: false, key: 'validation.invalid' };
      const text = input.replace(/\r\n/g, '\n');
      const max = TEXT_LIMITS[question.type];
      if (text.length > max) return { ok: false, key: 'validation.tooLong', params: { max } };
      return { ok: true, value: text };
    }
    case 'number': {
      const number =
        typeof input === 'number'
          ? input
          : typeof input === 'string'
            ? Number(input.trim().replace(/,/g, ''))
            : NaN;
      return Number.isFinite(number) && Math.abs(number) < 1e12
        ? { ok: true, value: number }
        : { ok: false, key: 'assessments.errors.number' };
    }
    case 'date':
      return typeof input === 'string' && parseDay(input.trim())
        ? { ok: true, value: input.trim() }
        : { ok: false, key: 'validation.date' };
  }
}

/** An answer value as one line of text (audit trail, spreadsheets). */
export function valueText(value: AnswerValue | null | undefined): string {
  if (value === undefined || value === null) return '';
  return Array.isArray(value) ? value.join(', ') : String(value);
}
