import type { RequestHandler } from 'express';
import { z } from 'zod';
import { getConfig } from '../../config';
import { contextOf } from '../../lib/context';
import { lastDailyRun } from '../scheduler';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import { getSettings, updateReviewCadence } from './settings.service';

const months = z.coerce.number().int().min(1).max(60);
const cadenceSchema = z.object({ critical: months, high: months, medium: months, low: months });

/** What the settings page shows beside the form: the reminder job's timetable and last run. */
async function schedulerState() {
  const config = getConfig();
  return { scheduler: config.scheduler, timeZone: config.timeZone, lastRun: await lastDailyRun() };
}

export const show: RequestHandler = async (_req, res) => {
  const settings = await getSettings();
  res.render('settings/show', {
    values: settings.reviewCadenceMonths,
    errors: {},
    ...(await schedulerState()),
  });
};

export const saveCadence: RequestHandler = async (req, res) => {
  await submitForm(
    async () => {
      await updateReviewCadence(contextOf(req), parseInput(cadenceSchema, formBody(req)));
      req.flash('success', 'settings.saved');
      res.redirect(303, '/admin/settings');
    },
    async (error) => renderFormWithErrors(res, 'settings/show', error, formBody(req), await schedulerState()),
  );
};
