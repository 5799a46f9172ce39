import type { RequestHandler } from 'express';
import { z } from 'zod';
import { contextOf } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { formBody } from '../../lib/forms';
import { optionalText, parseInput } from '../../lib/validation';
import { can } from '../access';
import { ALERT_FILTERS } from './alert.model';
import { acknowledgeAlert, listAlerts } from './alerts.service';

const filterSchema = z.object({ status: z.enum(ALERT_FILTERS).catch('open') });
const acknowledgeSchema = z.object({ note: optionalText(1000) });

/** Alert ids are "<rule>:<time>:<random hex>". */
function alertId(value: unknown): string {
  if (typeof value !== 'string' || !/^[a-z_]{1,40}:\d{1,16}:[a-f\d]{8}$/.test(value))
    throw new NotFoundError();
  return value;
}

export const list: RequestHandler = async (req, res) => {
  const { status } = parseInput(filterSchema, req.query);
  const alerts = await listAlerts(contextOf(req), status);
  res.render('alerts/list', {
    alerts,
    status,
    filters: ALERT_FILTERS,
    canAcknowledge: can(req.user, 'alerts.acknowledge'),
  });
};

export const acknowledge: RequestHandler = async (req, res) => {
  const { note } = parseInput(acknowledgeSchema, formBody(req));
  await acknowledgeAlert(contextOf(req), alertId(req.params.id), note);
  req.flash('success', 'monitoring.acknowledged');
  res.redirect(303, '/alerts');
};
