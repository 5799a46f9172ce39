import { z } from 'zod';
import { parseDay } from '../../lib/dates';
import { optionalText, objectIdString, requiredText } from '../../lib/validation';
import { SEVERITIES } from '../findings';
import { ASSESSMENT_STATUSES } from './assessment.model';

const blank = (value: unknown) => (value === '' ? undefined : value);
const day = z
  .string()
  .refine((value) => parseDay(value) !== undefined, 'validation.date')
  .transform((value) => parseDay(value) as Date);

export const sendSchema = z.object({
  supplierId: objectIdString(),
  templateId: objectIdString(),
  dueDate: day,
  message: optionalText(4000),
  invite: z.array(z.object({ name: requiredText(120), email: z.email().max(254) })).max(10),
});

export const listFilterSchema = z.object({
  status: z.preprocess(blank, z.enum([...ASSESSMENT_STATUSES, 'open']).optional()),
  supplierId: z.preprocess(blank, objectIdString().optional()),
  overdue: z.preprocess((value) => value === '1' || value === 'true', z.boolean()),
});

/** An autosave: the value (text, option, options or number), the note, and save bookkeeping. */
export const saveSchema = z.object({
  value: z
    .union([z.string().max(20_000), z.number(), z.array(z.string().max(100)).max(50), z.null()])
    .optional(),
  note: z.string().max(5000).optional(),
  saveId: z.string().regex(/^[\w-]{8,64}$/),
  baseRevision: z.number().int().min(0).optional(),
});

export const commentSchema = z.object({ text: requiredText(5000) });
export const noteSchema = z.object({ note: requiredText(2000) });
export const optionalNoteSchema = z.object({ note: optionalText(2000) });

export const verdictSchema = z.discriminatedUnion('verdict', [
  z.object({ verdict: z.literal('accepted'), message: optionalText(5000) }),
  z.object({ verdict: z.literal('clarification'), message: requiredText(5000) }),
  z.object({
    verdict: z.literal('finding'),
    severity: z.enum(SEVERITIES),
    title: requiredText(200),
    description: requiredText(5000),
    dueDate: day,
    message: optionalText(5000),
  }),
]);
