import { z } from 'zod';
import { NotFoundError, ValidationError, type FieldMessage } from './errors';

/** Maps one zod issue to a translatable message for the form field it concerns. */
function messageFor(issue: z.core.$ZodIssue): FieldMessage {
  if (issue.message.startsWith('validation.')) {
    const params: Record<string, string | number> = {};
    if ('minimum' in issue) params.min = Number(issue.minimum);
    if ('maximum' in issue) params.max = Number(issue.maximum);
    return { key: issue.message, params };
  }
  switch (issue.code) {
    case 'too_small':
      return Number(issue.minimum) <= 1 && issue.origin === 'string'
        ? { key: 'validation.required' }
        : {
            key: issue.origin === 'string' ? 'validation.tooShort' : 'validation.tooSmall',
            params: { min: Number(issue.minimum) },
          };
    case 'too_big':
      return {
        key: issue.origin === 'string' ? 'validation.tooLong' : 'validation.tooBig',
        params: { max: Number(issue.maximum) },
      };
    case 'invalid_format':
      return {
        key:
          issue.format === 'email'
            ? 'validation.email'
            : issue.format === 'url'
              ? 'validation.url'
              : 'validation.invalid',
      };
    case 'invalid_value':
      return { key: 'validation.invalidChoice' };
    case 'invalid_type':
      return { key: issue.input === undefined ? 'validation.required' : 'validation.invalid' };
    default:
      return { key: 'validation.invalid' };
  }
}

/** Turns zod issues into one message per field (the first problem of each field). */
export function fieldErrorsFrom(error: z.ZodError): Record<string, FieldMessage> {
  const errors: Record<string, FieldMessage> = {};
  for (const issue of error.issues) {
    // A bad item of a list of plain values (a checkbox group, a multiple select) is reported on
    // the list itself, where the form shows its message.
    const path = typeof issue.path.at(-1) === 'number' ? issue.path.slice(0, -1) : issue.path;
    const field = path.length > 0 ? path.map(String).join('.') : '_form';
    errors[field] ??= messageFor(issue);
  }
  return errors;
}

/** Validates input against a schema; throws ValidationError with per-field messages. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.infer<Schema> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(fieldErrorsFrom(result.error));
  return result.data;
}

/** A required single-line text field, trimmed. */
export const requiredText = (max = 200) => z.string().trim().min(1).max(max);

/** An optional text field: blank means absent. */
export const optionalText = (max = 2000) =>
  z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.string().trim().max(max).optional(),
  );

/** An e-mail address, trimmed and lower-cased. */
export const emailAddress = () => z.string().trim().toLowerCase().pipe(z.email().max(254));

/** A MongoDB ObjectId in its 24-hex-digit text form. */
export const objectIdString = () =>
  z
    .string()
    .min(1)
    .regex(/^[a-f\d]{24}$/i, 'validation.invalid');

/** The `:id` of a route; anything that is not an ObjectId cannot name a record: 404. */
export function routeId(params: Record<string, string | string[] | undefined>, name = 'id'): string {
  const value = params[name];
  if (typeof value !== 'string' || !/^[a-f\d]{24}$/i.test(value)) throw new NotFoundError();
  return value;
}
