import { z } from 'zod';
import { parseDay } from '../../lib/dates';
import { ValidationError, type FieldMessage } from '../../lib/errors';
import { rowsFromForm } from '../../lib/form-rows';
import { fieldErrorsFrom, objectIdString, optionalText, requiredText } from '../../lib/validation';
import { REVIEW_KINDS, REVIEW_OUTCOMES } from './review.model';

const blank = (value: unknown) => (value === '' ? undefined : value);
const day = z
  .string()
  .refine((value) => parseDay(value) !== undefined, 'validation.date')
  .transform((value) => parseDay(value) as Date);

/** Starting a review by hand: onboarding or periodic (events start their own). */
export const startSchema = z.object({
  kind: z.enum(REVIEW_KINDS.filter((kind) => kind !== 'event') as ['onboarding', 'periodic']),
  dueDate: z.preprocess(blank, day.optional()),
});

/** The details of an open review. */
export const detailsSchema = z.object({
  dueDate: day,
  reviewerId: z.preprocess(blank, objectIdString().optional()),
  assessmentId: z.preprocess(blank, objectIdString().optional()),
  notes: optionalText(10_000),
});
export type ReviewDetails = z.infer<typeof detailsSchema>;

const conditionSchema = z.object({ text: requiredText(1000), dueDate: day });
export type ConditionInput = z.infer<typeof conditionSchema>;

export interface Completion {
  outcome: (typeof REVIEW_OUTCOMES)[number];
  notes: string | undefined;
  conditions: ConditionInput[];
}

/** How many condition rows the completion form offers. */
export const CONDITION_ROWS = 3;

/**
 * Reads the completion form. Conditions are required for "approved with conditions" (and only
 * kept then); a rejection must say why. Errors name the field they belong beside.
 */
export function parseCompletion(body: Record<string, unknown>): Completion {
  const errors: Record<string, FieldMessage> = {};
  const outcome = z.enum(REVIEW_OUTCOMES).safeParse(body.outcome);
  if (!outcome.success) errors.outcome = { key: 'reviews.errors.outcome' };
  // Named apart from the details form's "notes": both forms are on the review page.
  const notes = optionalText(10_000).safeParse(blank(body.outcomeNotes));
  if (!notes.success)
    errors.outcomeNotes = fieldErrorsFrom(notes.error)._form ?? { key: 'validation.invalid' };
  const conditions: ConditionInput[] = [];
  if (outcome.data === 'approved_with_conditions') {
    const { rows, formIndexes } = rowsFromForm(body, 'condition', ['text', 'dueDate'], CONDITION_ROWS);
    rows.forEach((row, position) => {
      const parsed = conditionSchema.safeParse(row);
      if (parsed.success) conditions.push(parsed.data);
      else
        for (const [field, message] of Object.entries(fieldErrorsFrom(parsed.error)))
          errors[`condition_${field}_${formIndexes[position] ?? 0}`] = message;
    });
    if (rows.length === 0) errors.condition_text_0 = { key: 'reviews.errors.conditionsRequired' };
  }
  if (outcome.data === 'rejected' && !notes.data)
    errors.outcomeNotes = { key: 'reviews.errors.rejectionReason' };
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { outcome: outcome.data as Completion['outcome'], notes: notes.data, conditions };
}
