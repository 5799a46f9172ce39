import { z } from 'zod';
import { dayIn, parseDay } from '../../lib/dates';
import { ValidationError, type FieldMessage } from '../../lib/errors';
import { manyValues } from '../../lib/form-rows';
import { optionalText, parseInput, requiredText } from '../../lib/validation';
import { PI_CATEGORY_KEYS } from '../suppliers';
import { INCIDENT_STATUSES, NOTICE_DECISIONS, type NoticeAudience } from './incident.model';

const blank = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A YYYY-MM-DD form field as a calendar day (midnight UTC). */
const day = z
  .string()
  .trim()
  .refine((value) => parseDay(value) !== undefined, 'validation.date')
  .transform((value) => parseDay(value) as Date);

/** The fields of an incident that both the report form and the edit form carry. */
const detailsSchema = z.object({
  title: requiredText(200),
  description: requiredText(5000),
  cause: optionalText(5000),
  categories: z.preprocess(manyValues, z.array(z.enum(PI_CATEGORY_KEYS)).max(PI_CATEGORY_KEYS.length)),
  individualsAffected: z.preprocess(blank, z.coerce.number().int().min(0).max(10_000_000_000).optional()),
  discoveredOn: z.preprocess(blank, day),
  reportedOn: z.preprocess(blank, day.optional()),
  containment: optionalText(5000),
  possibleHarm: optionalText(5000),
  individualsCanDo: optionalText(5000),
  contact: optionalText(500),
});

export type IncidentDetails = Omit<z.infer<typeof detailsSchema>, 'reportedOn'> & { reportedOn: Date };

/**
 * The dates must make sense together: nothing is discovered or reported in the future (in the
 * portal's time zone), and nothing is reported before it was discovered.
 */
function checkDates(details: z.infer<typeof detailsSchema>, timeZone: string): IncidentDetails {
  const today = dayIn(new Date(), timeZone);
  const reportedOn = details.reportedOn ?? today;
  const errors: Record<string, FieldMessage> = {};
  if (details.discoveredOn > today) errors.discoveredOn = { key: 'incidents.errors.discoveredInFuture' };
  if (reportedOn > today) errors.reportedOn = { key: 'incidents.errors.reportedInFuture' };
  else if (reportedOn < details.discoveredOn)
    errors.reportedOn = { key: 'incidents.errors.reportedBeforeDiscovered' };
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ...details, reportedOn };
}

/** The edit form's fields, checked. */
export function parseDetails(body: Record<string, unknown>, timeZone: string): IncidentDetails {
  return checkDates(parseInput(detailsSchema, body), timeZone);
}

/** The report form: the details and, for staff, the supplier they report for. */
export function parseReport(
  body: Record<string, unknown>,
  timeZone: string,
): IncidentDetails & { supplierId: string | undefined } {
  const supplier = parseInput(
    z.object({
      supplierId: z.preprocess(
        blank,
        z
          .string()
          .regex(/^[a-f\d]{24}$/i)
          .optional(),
      ),
    }),
    body,
  );
  return { ...parseDetails(body, timeZone), supplierId: supplier.supplierId };
}

/** A new entry of the timeline. */
export const updateSchema = z.object({ updateText: requiredText(5000) });

/** The status form: the next status and an optional note for the timeline. */
export const statusSchema = z.object({
  status: z.enum(INCIDENT_STATUSES),
  statusNote: optionalText(2000),
});

/** A notification decision as the service takes it. */
export interface NoticeInput {
  decision: (typeof NOTICE_DECISIONS)[number];
  notifiedOn: Date | undefined;
  means: string | undefined;
}

/**
 * One audience's notification form (fields prefixed by the audience, so that both forms can sit
 * on one page with their own messages): a decision, and when "done" is ticked, the day and means.
 */
export function parseNotice(
  audience: NoticeAudience,
  body: Record<string, unknown>,
  timeZone: string,
): NoticeInput {
  const field = (name: string) => `${audience}${name}`;
  const raw = parseInput(
    z.object({
      [field('Decision')]: z.enum(NOTICE_DECISIONS),
      [field('Done')]: z.preprocess((value) => value === '1' || value === 'on', z.boolean()),
      [field('On')]: z.preprocess(blank, day.optional()),
      [field('Means')]: optionalText(500),
    }),
    body,
  );
  const decision = raw[field('Decision')] as NoticeInput['decision'];
  const done = raw[field('Done')] as boolean;
  const notifiedOn = raw[field('On')] as Date | undefined;
  const means = raw[field('Means')] as string | undefined;
  const errors: Record<string, FieldMessage> = {};
  if (done && !notifiedOn) errors[field('On')] = { key: 'incidents.errors.notifiedOnMissing' };
  if (done && !means) errors[field('Means')] = { key: 'incidents.errors.meansMissing' };
  if (notifiedOn && notifiedOn > dayIn(new Date(), timeZone))
    errors[field('On')] = { key: 'incidents.errors.notifiedInFuture' };
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return done ? { decision, notifiedOn, means } : { decision, notifiedOn: undefined, means: undefined };
}

/** The list filters: status and (staff) supplier. */
export const filterSchema = z.object({
  status: z.preprocess(blank, z.enum(INCIDENT_STATUSES).optional()),
  supplierId: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-f\d]{24}$/i)
      .optional(),
  ),
});
