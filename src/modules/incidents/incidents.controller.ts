import type { Request, RequestHandler, Response } from 'express';
import { getConfig } from '../../config';
import { contextOf } from '../../lib/context';
import { dayIn, formatDay } from '../../lib/dates';
import { ConflictError, NotFoundError, type ValidationError } from '../../lib/errors';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { can } from '../access';
import { supplierName, supplierOptions } from '../suppliers';
import { PI_CATEGORIES } from '../suppliers';
import {
  addIncidentUpdate,
  changeIncidentStatus,
  editIncident,
  incidentForEdit,
  openIncidentEditor,
  recordNotice,
  statusAllowsWriting,
} from './incident-changes';
import { art57Checklist, formValuesOf } from './incident-view';
import { NEXT_STATUS, NOTICE_AUDIENCES, type NoticeAudience } from './incident.model';
import {
  filterSchema,
  parseDetails,
  parseNotice,
  parseReport,
  statusSchema,
  updateSchema,
} from './incidents.schema';
import { getIncident, listIncidents, reportIncident } from './incidents.service';

const timeZone = () => getConfig().timeZone;

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(filterSchema, req.query);
  const context = contextOf(req);
  const incidents = await listIncidents(context, filter);
  // The supplier filter offers the suppliers that have incidents at all.
  const suppliers = new Map((await listIncidents(context)).map((row) => [row.supplierId, row.supplierName]));
  res.render('incidents/list', {
    incidents,
    filter,
    supplierChoices: [...suppliers]
      .map(([id, name]) => ({ id, name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  });
};

/** The report form; staff pick the supplier, a vendor's is their own. */
async function renderNew(
  req: Request,
  res: Response,
  values: Record<string, unknown>,
  error?: ValidationError,
) {
  const user = req.user;
  const locals = {
    piCategories: PI_CATEGORIES,
    suppliers: user?.role === 'vendor' ? [] : await supplierOptions(contextOf(req)),
    vendorSupplierName:
      user?.role === 'vendor' && user.supplierId ? await supplierName(user.supplierId) : undefined,
  };
  if (error) renderFormWithErrors(res, 'incidents/new', error, values, locals);
  else res.render('incidents/new', { ...locals, values, errors: {} });
}

export const showNew: RequestHandler = async (req, res) => {
  const requested = typeof req.query.supplierId === 'string' ? req.query.supplierId : '';
  await renderNew(req, res, { supplierId: requested, reportedOn: formatDay(dayIn(new Date(), timeZone())) });
};

export const create: RequestHandler = async (req, res) => {
  const body = formBody(req);
  await submitForm(
    async () => {
      const id = await reportIncident(contextOf(req), parseReport(body, timeZone()));
      req.flash('success', 'incidents.flash.reported');
      res.redirect(303, `/incidents/${id}`);
    },
    (error) => renderNew(req, res, body, error),
  );
};

/** The incident's page; after a refused form, with that form as sent and what to fix. */
async function renderIncident(
  req: Request,
  res: Response,
  refused?: { values: Record<string, unknown>; error: ValidationError },
): Promise<void> {
  const context = contextOf(req);
  const incident = await getIncident(context, routeId(req.params));
  const ref = { supplierId: incident.supplierId };
  const writable = statusAllowsWriting(context, incident);
  const locals = {
    incident,
    checklist: art57Checklist(incident),
    nextStatus: NEXT_STATUS[incident.status],
    audiences: NOTICE_AUDIENCES,
    canManage: can(req.user, 'incidents.manage', ref),
    canUpdate: can(req.user, 'incidents.update', ref) && writable,
    canEdit: can(req.user, 'incidents.edit', ref) && writable,
  };
  if (refused) renderFormWithErrors(res, 'incidents/show', refused.error, refused.values, locals);
  else res.render('incidents/show', { ...locals, errors: {}, values: {} });
}

export const show: RequestHandler = (req, res) => renderIncident(req, res);

/** Runs a change from the incident page: back to the page, or the page with the form's errors. */
function fromPage(
  run: (req: Request, id: string, body: Record<string, unknown>) => Promise<void>,
  successKey: string,
): RequestHandler {
  return async (req, res) => {
    const id = routeId(req.params);
    const body = formBody(req);
    await submitForm(
      async () => {
        try {
          await run(req, id, body);
          req.flash('success', successKey);
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          req.flash('error', error.messageKey);
        }
        res.redirect(303, `/incidents/${id}`);
      },
      (error) => renderIncident(req, res, { values: body, error }),
    );
  };
}

export const addUpdate = fromPage(
  (req, id, body) => addIncidentUpdate(contextOf(req), id, parseInput(updateSchema, body).updateText),
  'incidents.flash.updated',
);

export const changeStatus = fromPage(async (req, id, body) => {
  const input = parseInput(statusSchema, body);
  await changeIncidentStatus(contextOf(req), id, input.status, input.statusNote);
}, 'incidents.flash.statusChanged');

export const notification = fromPage(async (req, id, body) => {
  const audience = String(req.params.audience);
  if (!(NOTICE_AUDIENCES as readonly string[]).includes(audience)) throw new NotFoundError();
  const notice = parseNotice(audience as NoticeAudience, body, timeZone());
  await recordNotice(contextOf(req), id, audience as NoticeAudience, notice);
}, 'incidents.flash.noticeRecorded');

/** The edit form, with the incident's current details. */
async function renderEdit(
  req: Request,
  res: Response,
  values?: Record<string, unknown>,
  error?: ValidationError,
) {
  const context = contextOf(req);
  const id = routeId(req.params);
  const incident = error ? await incidentForEdit(context, id) : await openIncidentEditor(context, id);
  const locals = { incident, piCategories: PI_CATEGORIES };
  if (error && values) renderFormWithErrors(res, 'incidents/edit', error, values, locals);
  else res.render('incidents/edit', { ...locals, values: formValuesOf(incident), errors: {} });
}

export const showEdit: RequestHandler = async (req, res) => {
  try {
    await renderEdit(req, res);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    req.flash('error', error.messageKey);
    res.redirect(303, `/incidents/${routeId(req.params)}`);
  }
};

export const edit: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const body = formBody(req);
  await submitForm(
    async () => {
      try {
        await editIncident(contextOf(req), id, parseDetails(body, timeZone()));
        req.flash('success', 'incidents.flash.edited');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        req.flash('error', error.messageKey);
      }
      res.redirect(303, `/incidents/${id}`);
    },
    (error) => renderEdit(req, res, body, error),
  );
};
