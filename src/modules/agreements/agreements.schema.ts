import { z } from 'zod';
import { parseDay } from '../../lib/dates';
import { ValidationError, type FieldMessage } from '../../lib/errors';
import { rowsFromForm } from '../../lib/form-rows';
import { fieldErrorsFrom, optionalText, requiredText } from '../../lib/validation';
import { AGREEMENT_STATUSES, AGREEMENT_TYPES } from './agreements.model';
import { CLAUSE_STATES, DPA_CLAUSE_IDS, type ClauseAssessment } from './dpa-clauses';

const blank = (value: unknown) => (value === '' ? undefined : value);
const optionalDay = z.preprocess(
  blank,
  z
    .string()
    .refine((value) => parseDay(value) !== undefined, 'validation.date')
    .transform((value) => parseDay(value))
    .optional(),
);

const signatorySchema = z.object({
  name: requiredText(120),
  title: optionalText(120),
  party: z.enum(['company', 'supplier']),
  signedOn: optionalDay,
});

const agreementFields = {
  title: optionalText(200),
  status: z.enum(AGREEMENT_STATUSES),
  effectiveDate: optionalDay,
  expiryDate: optionalDay,
  notes: optionalText(5000),
  signatories: z.array(signatorySchema).max(10),
};

export const newAgreementSchema = z.object({ type: z.enum(AGREEMENT_TYPES), ...agreementFields });
export const agreementChangesSchema = z.object(agreementFields);
export const SIGNATORY_FIELDS = ['name', 'title', 'party', 'signedOn'] as const;

/** Validates an agreement form; errors in signatory rows are reported under the form's field names. */
export function parseAgreementForm<Schema extends typeof newAgreementSchema | typeof agreementChangesSchema>(
  schema: Schema,
  body: Record<string, unknown>,
): z.infer<Schema> {
  const signatories = rowsFromForm(body, 'sig', SIGNATORY_FIELDS, 10, ['party']);
  const result = schema.safeParse({ ...body, signatories: signatories.rows });
  if (result.success) return result.data as z.infer<Schema>;
  const renamed: Record<string, FieldMessage> = {};
  for (const [path, message] of Object.entries(fieldErrorsFrom(result.error))) {
    const [list, index, field] = path.split('.');
    const formIndex = signatories.formIndexes[Number(index)];
    renamed[list === 'signatories' && field && formIndex !== undefined ? `sig_${field}_${formIndex}` : path] =
      message;
  }
  throw new ValidationError(renamed);
}

export const versionSchema = z.object({
  status: z.enum(['draft', 'sent', 'signed']),
  effectiveDate: optionalDay,
  expiryDate: optionalDay,
  note: optionalText(1000),
});

export const decisionSchema = z.object({ note: optionalText(1000) });

/** The checklist form: `state_<clause>`, `reference_<clause>`, `note_<clause>` for each clause. */
export function parseChecklist(body: Record<string, unknown>): ClauseAssessment[] {
  const item = z.object({
    state: z.enum(CLAUSE_STATES),
    reference: optionalText(100),
    note: optionalText(1000),
  });
  const errors: Record<string, FieldMessage> = {};
  const checklist: ClauseAssessment[] = [];
  for (const clause of DPA_CLAUSE_IDS) {
    const result = item.safeParse({
      state: body[`state_${clause}`],
      reference: body[`reference_${clause}`],
      note: body[`note_${clause}`],
    });
    if (result.success) checklist.push({ clause, ...result.data });
    else
      for (const [field, message] of Object.entries(fieldErrorsFrom(result.error)))
        errors[`${field}_${clause}`] = message;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return checklist;
}
