import type { Request, RequestHandler, Response } from 'express';
import { contextOf } from '../../lib/context';
import { formatDay } from '../../lib/dates';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { sendDownload } from '../../lib/files';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { can } from '../access';
import { supplierGlance, supplierName } from '../suppliers';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TRANSITIONS,
  AGREEMENT_TYPES,
  type AgreementRecord,
} from './agreements.model';
import {
  agreementChangesSchema,
  decisionSchema,
  newAgreementSchema,
  parseAgreementForm,
  parseChecklist,
  versionSchema,
} from './agreements.schema';
import {
  addVersion,
  attachFile,
  createAgreement,
  decideCountersigned,
  downloadAgreementFile,
  getAgreement,
  listAgreements,
  saveChecklist,
  submitCountersigned,
  updateAgreement,
} from './agreements.service';
import { CLAUSE_STATES, DPA_CLAUSES, clauseGaps } from './dpa-clauses';

function ids(req: Request): { supplierId: string; agreementId: string } {
  return { supplierId: routeId(req.params, 'supplierId'), agreementId: routeId(req.params, 'agreementId') };
}

/** Whether the supplier sends data abroad: only then is the DPA's cross-border clause mandatory. */
async function sendsDataAbroad(supplierId: string): Promise<boolean> {
  return ((await supplierGlance(supplierId))?.destinations.length ?? 0) > 0;
}

async function supplierTitle(supplierId: string): Promise<string> {
  const name = await supplierName(supplierId);
  if (!name) throw new NotFoundError();
  return name;
}

export const list: RequestHandler = async (req, res) => {
  const supplierId = routeId(req.params, 'supplierId');
  const agreements = await listAgreements(contextOf(req), supplierId);
  res.render('agreements/list', {
    supplierId,
    supplierName: await supplierTitle(supplierId),
    agreements,
    canManage: can(req.user, 'agreements.manage', { id: supplierId }),
  });
};

/** Form values of an agreement (edit) or of a new one. */
function formValues(agreement: AgreementRecord | undefined, type?: string): Record<string, unknown> {
  if (!agreement)
    return { type: type ?? 'nda', status: 'draft', sig_party_0: 'company', sig_party_1: 'supplier' };
  const values: Record<string, unknown> = {
    ...agreement,
    effectiveDate: formatDay(agreement.effectiveDate),
    expiryDate: formatDay(agreement.expiryDate),
  };
  agreement.signatories.forEach((signatory, index) => {
    values[`sig_name_${index}`] = signatory.name;
    values[`sig_title_${index}`] = signatory.title;
    values[`sig_party_${index}`] = signatory.party;
    values[`sig_signedOn_${index}`] = formatDay(signatory.signedOn);
  });
  return values;
}

async function renderForm(
  res: Response,
  supplierId: string,
  values: Record<string, unknown>,
  agreement: AgreementRecord | undefined,
  error?: ValidationError,
): Promise<void> {
  const signatoryRows = Math.max(2, (agreement?.signatories.length ?? 0) + 1);
  const statuses = agreement
    ? [agreement.status, ...AGREEMENT_TRANSITIONS[agreement.status]]
    : AGREEMENT_STATUSES.filter((status) => status !== 'superseded' && status !== 'expired');
  const locals = {
    supplierId,
    supplierName: await supplierTitle(supplierId),
    agreement,
    types: AGREEMENT_TYPES,
    statuses,
    signatoryRows,
  };
  if (error) renderFormWithErrors(res, 'agreements/form', error, values, locals);
  else res.render('agreements/form', { ...locals, values, errors: {} });
}

export const showNew: RequestHandler = async (req, res) => {
  const supplierId = routeId(req.params, 'supplierId');
  const type = typeof req.query.type === 'string' ? req.query.type : undefined;
  await renderForm(res, supplierId, formValues(undefined, type), undefined);
};

export const create: RequestHandler = async (req, res) => {
  const supplierId = routeId(req.params, 'supplierId');
  const body = formBody(req);
  await submitForm(
    async () => {
      const form = parseAgreementForm(newAgreementSchema, body);
      const id = await createAgreement(contextOf(req), supplierId, form);
      req.flash('success', 'agreements.created');
      res.redirect(303, `/suppliers/${supplierId}/agreements/${id}`);
    },
    (error) => renderForm(res, supplierId, body, undefined, error),
  );
};

export const show: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  const context = contextOf(req);
  const { agreement, versions } = await getAgreement(context, supplierId, agreementId);
  const { gaps, partial } = clauseGaps(agreement.checklist, await sendsDataAbroad(supplierId));
  res.render('agreements/show', {
    supplierId,
    supplierName: await supplierTitle(supplierId),
    agreement,
    versions,
    clauses: DPA_CLAUSES,
    clauseStates: CLAUSE_STATES,
    checklist: new Map(agreement.checklist.map((item) => [item.clause, item])),
    gaps,
    partial,
    canManage: can(req.user, 'agreements.manage', { id: supplierId }),
    canCountersign: can(req.user, 'agreements.countersign', { id: supplierId }),
    errors: {},
  });
};

export const showEdit: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  const { agreement } = await getAgreement(contextOf(req), supplierId, agreementId);
  if (!can(req.user, 'agreements.manage', { id: supplierId })) throw new NotFoundError();
  await renderForm(res, supplierId, formValues(agreement), agreement);
};

export const update: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  const body = formBody(req);
  await submitForm(
    async () => {
      const form = parseAgreementForm(agreementChangesSchema, body);
      await updateAgreement(contextOf(req), supplierId, agreementId, form);
      req.flash('success', 'agreements.updated');
      res.redirect(303, `/suppliers/${supplierId}/agreements/${agreementId}`);
    },
    async (error) => {
      const { agreement } = await getAgreement(contextOf(req), supplierId, agreementId);
      await renderForm(res, supplierId, { ...body, type: agreement.type }, agreement, error);
    },
  );
};

/** Ends an upload action: back to the agreement page with a message (or the error explained there). */
async function afterUpload(
  req: Request,
  res: Response,
  supplierId: string,
  action: () => Promise<string>,
  messageKey: string,
): Promise<void> {
  try {
    const id = await action();
    req.flash('success', messageKey);
    res.redirect(303, `/suppliers/${supplierId}/agreements/${id}`);
  } catch (error) {
    if (!(error instanceof ConflictError || error instanceof ValidationError)) throw error;
    const key = error instanceof ConflictError ? error.messageKey : Object.values(error.fieldErrors)[0]?.key;
    req.flash('error', key ?? 'errors.validation.message');
    res.redirect(303, `/suppliers/${supplierId}/agreements/${routeId(req.params, 'agreementId')}`);
  }
}

function storedFileOf(req: Request) {
  if (!req.storedFile) throw new NotFoundError();
  return req.storedFile;
}

export const uploadFile: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  await afterUpload(
    req,
    res,
    supplierId,
    async () => {
      await attachFile(contextOf(req), supplierId, agreementId, storedFileOf(req));
      return agreementId;
    },
    'agreements.fileStored',
  );
};

export const uploadVersion: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  await afterUpload(
    req,
    res,
    supplierId,
    () =>
      addVersion(
        contextOf(req),
        supplierId,
        agreementId,
        parseInput(versionSchema, formBody(req)),
        storedFileOf(req),
      ),
    'agreements.versionStored',
  );
};

export const uploadCountersigned: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  await afterUpload(
    req,
    res,
    supplierId,
    () => submitCountersigned(contextOf(req), supplierId, agreementId, storedFileOf(req)),
    'agreements.countersignedStored',
  );
};

export function decide(approve: boolean): RequestHandler {
  return async (req, res) => {
    const { supplierId, agreementId } = ids(req);
    const { note } = parseInput(decisionSchema, formBody(req));
    try {
      await decideCountersigned(contextOf(req), supplierId, agreementId, approve, note);
      req.flash('success', approve ? 'agreements.approved' : 'agreements.rejected');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      req.flash('error', error.messageKey);
    }
    res.redirect(303, `/suppliers/${supplierId}/agreements/${agreementId}`);
  };
}

export const updateChecklist: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  await submitForm(
    async () => {
      await saveChecklist(contextOf(req), supplierId, agreementId, parseChecklist(formBody(req)));
      req.flash('success', 'agreements.checklistSaved');
      res.redirect(303, `/suppliers/${supplierId}/agreements/${agreementId}#checklist`);
    },
    async (error) => {
      const context = contextOf(req);
      const { agreement, versions } = await getAgreement(context, supplierId, agreementId);
      const { gaps, partial } = clauseGaps(agreement.checklist, await sendsDataAbroad(supplierId));
      res.status(422).render('agreements/show', {
        supplierId,
        supplierName: await supplierTitle(supplierId),
        agreement,
        versions,
        clauses: DPA_CLAUSES,
        clauseStates: CLAUSE_STATES,
        checklist: new Map(agreement.checklist.map((item) => [item.clause, item])),
        checklistValues: formBody(req),
        gaps,
        partial,
        canManage: true,
        canCountersign: false,
        errors: error.fieldErrors,
      });
    },
  );
};

export const download: RequestHandler = async (req, res) => {
  const { supplierId, agreementId } = ids(req);
  const { file, stream } = await downloadAgreementFile(contextOf(req), supplierId, agreementId);
  sendDownload(res, { ...file, contentType: 'application/pdf' }, stream);
};
