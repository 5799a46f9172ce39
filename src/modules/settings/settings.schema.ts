import { z } from 'zod';
import { MIN_AUDIT_RETENTION_MONTHS } from './settings.service';

/** A whole number typed into a field; letters get "not valid" rather than "required". */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .regex(/^-?\d{1,9}$/, 'validation.invalid')
    .pipe(z.coerce.number<string>().int().min(min).max(max));
const months = wholeNumber(1, 60);
/** The review cadence form: months per inherent risk tier. */
export const cadenceSchema = z.object({ critical: months, high: months, medium: months, low: months });

/** The audit retention form: whole months, never fewer than the logging baseline. */
export const retentionSchema = z.object({
  auditRetentionMonths: wholeNumber(MIN_AUDIT_RETENTION_MONTHS, 120),
});

/** A checkbox: sent as "on" when ticked, absent when not. */
const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === '1', z.boolean());

/** The MFA form. */
export const mfaSchema = z.object({ mfaRequired: checkbox });

const count = (max: number) => wholeNumber(1, max);
const minutes = wholeNumber(1, 1440);
const clockTime = z
  .string()
  .trim()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'validation.time');

/** A checkbox group arrives as one value, several, or none. */
function asList(value: unknown): unknown[] {
  if (value === undefined || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The access-monitoring form: every rule's threshold and window, and working hours. */
export const monitoringSchema = z
  .object({
    failedSignInsPerAccount: count(1000),
    failedSignInsPerAddress: count(10_000),
    failedSignInWindowMinutes: minutes,
    downloadLimit: count(100_000),
    downloadWindowMinutes: minutes,
    alertOnNewAdminAddress: checkbox,
    alertOutsideHours: checkbox,
    workingHoursStart: clockTime,
    workingHoursEnd: clockTime,
    workingDays: z.preprocess(
      asList,
      z
        .array(z.coerce.number().int().min(1).max(7))
        .min(1, 'validation.workingDays')
        .transform((days) => [...new Set(days)].sort((a, b) => a - b)),
    ),
  })
  .superRefine((value, context) => {
    // "HH:MM" strings compare in time order.
    if (value.workingHoursEnd <= value.workingHoursStart) {
      context.addIssue({ code: 'custom', path: ['workingHoursEnd'], message: 'validation.endAfterStart' });
    }
  });

/** The checkbox fields of the forms, which a refused form must show as the user left them. */
export const CHECKBOX_FIELDS = {
  mfa: ['mfaRequired'],
  monitoring: ['alertOnNewAdminAddress', 'alertOutsideHours'],
} as const;
