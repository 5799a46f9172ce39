import type { Request, RequestHandler, Response } from 'express';
import { getConfig } from '../../config';
import { contextOf } from '../../lib/context';
import { countryOptions } from '../../lib/countries';
import { formatDay } from '../../lib/dates';
import { ConflictError, type ValidationError } from '../../lib/errors';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { can } from '../access';
import { listAgreements } from '../agreements';
import { inLocale, listAssessments } from '../assessments';
import { listFindings } from '../findings';
import { incidentCounts } from '../incidents';
import { reviewsOfSupplier } from '../reviews/reviews.service';
import { getSettings } from '../settings';
import { listStaffUsers, listSupplierUsers } from '../users';
import {
  ACCESS_TYPES,
  CRITICALITY_LEVELS,
  PI_CATEGORIES,
  TRANSFER_MECHANISMS,
  VOLUME_BANDS,
} from './data-profile';
import { ACCESS_POINTS, CRITICALITY_POINTS, RISK_TIERS, TIER_THRESHOLDS, VOLUME_POINTS } from './risk';
import { agreementDisplayState, nextReviewDue } from './supplier-view';
import { toRow } from './supplier-directory';
import { STATUS_TRANSITIONS, SUPPLIER_STATUSES, type SupplierRecord } from './suppliers.model';
import { listSuppliers } from './suppliers.query';
import { statusChangeSchema, supplierFilterSchema } from './suppliers.schema';
import {
  changeSupplierStatus,
  createSupplier,
  getSupplier,
  getSupplierForEdit,
  updateSupplier,
  validSupplierForm,
} from './suppliers.service';

/** The fixed vocabularies every supplier page and form needs. */
function vocabulary(req: Request) {
  return {
    statuses: SUPPLIER_STATUSES,
    tiers: RISK_TIERS,
    piCategories: PI_CATEGORIES,
    volumeBands: VOLUME_BANDS,
    accessTypes: ACCESS_TYPES,
    mechanisms: TRANSFER_MECHANISMS,
    criticalityLevels: CRITICALITY_LEVELS,
    countries: countryOptions(req.locale),
  };
}

export const list: RequestHandler = async (req, res) => {
  // A vendor has exactly one supplier: the list is that supplier's page.
  if (req.user?.role === 'vendor' && req.user.supplierId)
    return res.redirect(303, `/suppliers/${req.user.supplierId}`);
  const context = contextOf(req);
  const filter = parseInput(supplierFilterSchema, req.query);
  const [result, owners] = await Promise.all([listSuppliers(context, filter), listStaffUsers(context)]);
  res.render('suppliers/list', { ...result, filter, owners, ...vocabulary(req) });
};

/** Form values for a supplier document (edit) or an empty new supplier. */
function formValues(supplier: SupplierRecord | undefined): Record<string, unknown> {
  if (!supplier)
    return { volume: 'none', access: 'none', criticality: 'medium', categories: [], destinations: [] };
  const values: Record<string, unknown> = {
    ...supplier,
    ...supplier.dataProfile,
    categories: supplier.dataProfile.categories,
    destinations: supplier.dataProfile.destinations,
  };
  supplier.contacts.forEach((contact, index) => {
    for (const [field, value] of Object.entries(contact)) values[`contact_${field}_${index}`] = value;
  });
  supplier.subprocessors.forEach((sub, index) => {
    values[`sub_name_${index}`] = sub.name;
    values[`sub_country_${index}`] = sub.country;
    values[`sub_service_${index}`] = sub.service;
    values[`sub_categories_${index}`] = sub.categories;
    values[`sub_consentDate_${index}`] = formatDay(sub.consentDate);
  });
  return values;
}

/** How many contact and subprocessor rows the form shows: the filled ones and two blank. */
function rowCounts(values: Record<string, unknown>) {
  const filled = (prefix: string) =>
    Object.keys(values).filter((key) => new RegExp(`^${prefix}_name_\\d+$`).test(key)).length;
  return { contactRows: filled('contact') + 2, subprocessorRows: filled('sub') + 2 };
}

async function renderForm(
  req: Request,
  res: Response,
  mode: 'new' | 'edit',
  values: Record<string, unknown>,
  extra: { supplierId?: string; error?: ValidationError } = {},
): Promise<void> {
  const owners = (await listStaffUsers(contextOf(req))).filter((user) => user.role !== 'auditor');
  const locals = { mode, supplierId: extra.supplierId, owners, ...rowCounts(values), ...vocabulary(req) };
  if (extra.error) renderFormWithErrors(res, 'suppliers/form', extra.error, values, locals);
  else res.render('suppliers/form', { ...locals, values, errors: {} });
}

export const showNew: RequestHandler = async (req, res) => {
  await renderForm(req, res, 'new', formValues(undefined));
};

export const create: RequestHandler = async (req, res) => {
  const body = formBody(req);
  await submitForm(
    async () => {
      const form = await validSupplierForm(body);
      const id = await createSupplier(contextOf(req), form);
      req.flash('success', 'suppliers.created', { name: form.name });
      res.redirect(303, `/suppliers/${id}`);
    },
    (error) => renderForm(req, res, 'new', body, { error }),
  );
};

export const showEdit: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const supplier = await getSupplierForEdit(contextOf(req), id);
  await renderForm(req, res, 'edit', formValues(supplier), { supplierId: id });
};

export const update: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const body = formBody(req);
  await submitForm(
    async () => {
      const form = await validSupplierForm(body, id);
      const result = await updateSupplier(contextOf(req), id, form);
      req.flash('success', 'suppliers.updated', { name: form.name });
      if (result.tier.before !== result.tier.after) {
        req.flash(result.tier.raised ? 'warning' : 'info', 'suppliers.tierChanged', {
          from: req.t(`tiers.${result.tier.before}`),
          to: req.t(`tiers.${result.tier.after}`),
        });
      }
      res.redirect(303, `/suppliers/${id}`);
    },
    (error) => renderForm(req, res, 'edit', body, { supplierId: id, error }),
  );
};

export const show: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const detail = await getSupplier(context, routeId(req.params));
  const settings = await getSettings();
  const row = toRow(detail.record);
  const [vendorUsers, agreements, assessments, findings, reviews] = await Promise.all([
    listSupplierUsers(detail.id),
    listAgreements(context, detail.id),
    listAssessments(context, { supplierId: detail.id }),
    listFindings(context, { supplierId: detail.id, status: 'unresolved' }),
    detail.internal ? reviewsOfSupplier(context, detail.id) : [],
  ]);
  res.render('suppliers/show', {
    supplier: detail.record,
    row,
    internal: detail.internal,
    nextReview: detail.internal
      ? nextReviewDue(row, settings.reviewCadenceMonths, getConfig().timeZone)
      : undefined,
    cadenceMonths: settings.reviewCadenceMonths[row.inherentTier],
    vendorUsers,
    // The versions in force or in progress; superseded ones are on the agreements page.
    agreements: agreements.filter((agreement) => agreement.status !== 'superseded'),
    canManageAgreements: can(req.user, 'agreements.manage', { id: detail.id }),
    assessments,
    findings,
    inLocale,
    canSend: can(req.user, 'assessments.send', { supplierId: detail.id }),
    incidents: await incidentCounts(context, detail.id),
    canReportIncident: can(req.user, 'incidents.report', { supplierId: detail.id }),
    reviews,
    canStartReview: can(req.user, 'reviews.manage'),
    transitions: STATUS_TRANSITIONS[detail.record.status],
    agreementState: agreementDisplayState,
    canEdit: can(req.user, 'suppliers.update', { id: detail.id }),
    canInvite: can(req.user, 'invitations.inviteVendor', { id: detail.id }),
    ...vocabulary(req),
  });
};

export const changeStatus: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const result = statusChangeSchema.safeParse(formBody(req));
  if (!result.success) {
    req.flash('error', 'suppliers.errors.statusReason');
    return res.redirect(303, `/suppliers/${id}#status`);
  }
  try {
    await changeSupplierStatus(contextOf(req), id, result.data.status, result.data.reason);
    req.flash('success', 'suppliers.statusChanged', {
      status: req.t(`supplierStatus.${result.data.status}`),
    });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    req.flash('error', error.messageKey, {
      ...error.params,
      from: req.t(`supplierStatus.${String(error.params.from)}`),
      to: req.t(`supplierStatus.${String(error.params.to)}`),
    });
  }
  res.redirect(303, `/suppliers/${id}`);
};

export const riskFormula: RequestHandler = async (_req, res) => {
  const settings = await getSettings();
  res.render('suppliers/risk-formula', {
    volumePoints: VOLUME_POINTS,
    accessPoints: ACCESS_POINTS,
    criticalityPoints: CRITICALITY_POINTS,
    thresholds: TIER_THRESHOLDS,
    cadence: settings.reviewCadenceMonths,
  });
};
