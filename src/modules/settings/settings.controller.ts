import type { Request, RequestHandler, Response } from 'express';
import type { z } from 'zod';
import { getConfig } from '../../config';
import { contextOf, type RequestContext } from '../../lib/context';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import { lastDailyRun } from '../scheduler';
import {
  CHECKBOX_FIELDS,
  cadenceSchema,
  mfaSchema,
  monitoringSchema,
  retentionSchema,
} from './settings.schema';
import {
  MIN_AUDIT_RETENTION_MONTHS,
  getSettings,
  updateAuditRetention,
  updateMfaRequired,
  updateMonitoringSettings,
  updateReviewCadence,
  type Settings,
} from './settings.service';

/** The forms of the settings page; a refused one shows its errors, the others their stored values. */
type SettingsForm = 'cadence' | 'retention' | 'mfa' | 'monitoring';

/** What the settings page shows beside the forms: the reminder job's timetable and last run. */
async function pageLocals(failedForm?: SettingsForm) {
  const config = getConfig();
  return {
    scheduler: config.scheduler,
    timeZone: config.timeZone,
    lastRun: await lastDailyRun(),
    minRetention: MIN_AUDIT_RETENTION_MONTHS,
    failedForm,
  };
}

/** Every form field of the page, filled from the stored settings. */
function storedValues(settings: Settings): Record<string, unknown> {
  return {
    ...settings.reviewCadenceMonths,
    auditRetentionMonths: settings.auditRetentionMonths,
    mfaRequired: settings.mfaRequiredForPrivileged,
    ...settings.monitoring,
  };
}

export const show: RequestHandler = async (_req, res) => {
  res.render('settings/show', {
    values: storedValues(await getSettings()),
    errors: {},
    ...(await pageLocals()),
  });
};

/** The form as the user sent it, over the stored values of the page's other forms. */
async function refusedValues(req: Request, form: SettingsForm): Promise<Record<string, unknown>> {
  const body = formBody(req);
  const values: Record<string, unknown> = { ...storedValues(await getSettings()), ...body };
  if (form === 'mfa' || form === 'monitoring') {
    // An unticked checkbox is not sent at all: it must come back unticked.
    for (const field of CHECKBOX_FIELDS[form]) values[field] = field in body;
  }
  if (form === 'monitoring') values.workingDays = [body.workingDays ?? []].flat().map(String);
  return values;
}

/** A handler that validates one form of the page, saves it and comes back with a message. */
function saveForm<Schema extends z.ZodType>(
  form: SettingsForm,
  schema: Schema,
  save: (context: RequestContext, input: z.infer<Schema>) => Promise<void>,
): RequestHandler {
  return async (req: Request, res: Response) => {
    await submitForm(
      async () => {
        await save(contextOf(req), parseInput(schema, formBody(req)));
        req.flash('success', 'settings.saved');
        res.redirect(303, '/admin/settings');
      },
      async (error) =>
        renderFormWithErrors(
          res,
          'settings/show',
          error,
          await refusedValues(req, form),
          await pageLocals(form),
        ),
    );
  };
}

export const saveCadence = saveForm('cadence', cadenceSchema, updateReviewCadence);
export const saveRetention = saveForm('retention', retentionSchema, (context, input) =>
  updateAuditRetention(context, input.auditRetentionMonths),
);
export const saveMfa = saveForm('mfa', mfaSchema, (context, input) =>
  updateMfaRequired(context, input.mfaRequired),
);
export const saveMonitoring = saveForm('monitoring', monitoringSchema, updateMonitoringSettings);
