import { getConfig } from '../../config';
import { dayIn } from '../../lib/dates';
import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { contextOf } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { sendDownload } from '../../lib/files';
import { actionOnRecord, formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { optionalText, parseInput, requiredText, routeId } from '../../lib/validation';
import { can } from '../access';
import { inLocale } from '../assessments/assessment-view';
import { FINDING_STATUSES, SEVERITIES } from './finding.model';
import {
  addFindingEvidence,
  closeFinding,
  commentOnFinding,
  downloadFindingEvidence,
  getFinding,
  listFindings,
  reopenFinding,
  respondToFinding,
} from './findings.service';

const blank = (value: unknown) => (value === '' ? undefined : value);
const filterSchema = z.object({
  status: z.preprocess(blank, z.enum([...FINDING_STATUSES, 'unresolved']).optional()),
  severity: z.preprocess(blank, z.enum(SEVERITIES).optional()),
  overdue: z.preprocess((value) => value === '1', z.boolean()),
});
const closeSchema = z.object({
  kind: z.enum(['resolved', 'accepted']),
  justification: optionalText(5000),
  approver: optionalText(200),
});

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(filterSchema, req.query);
  const findings = await listFindings(contextOf(req), filter);
  res.render('findings/list', { findings, filter });
};

/** The finding's page; after a refused closure, with the closing form as sent and what to fix. */
async function renderFinding(
  req: Request,
  res: Response,
  refused?: { values: Record<string, unknown>; error: ValidationError },
): Promise<void> {
  const finding = await getFinding(contextOf(req), routeId(req.params));
  const ref = { supplierId: finding.supplierId };
  const locals = {
    finding,
    questionText: inLocale(finding.questionText, req.locale),
    overdue:
      ['open', 'responded'].includes(finding.status) &&
      finding.dueDate < dayIn(new Date(), getConfig().timeZone),
    canRespond: can(req.user, 'findings.respond', ref) && ['open', 'responded'].includes(finding.status),
    canManage: can(req.user, 'findings.manage', ref),
    canComment: can(req.user, 'findings.comment', ref),
  };
  if (refused) renderFormWithErrors(res, 'findings/show', refused.error, refused.values, locals);
  else res.render('findings/show', { ...locals, errors: {}, values: {} });
}

export const show: RequestHandler = (req, res) => renderFinding(req, res);

/** A finding action that ends back on the finding's page, with a message. */
function action(run: (req: Request, id: string) => Promise<void>, messageKey: string): RequestHandler {
  return actionOnRecord(
    run,
    { successKey: messageKey, invalidKey: 'findings.errors.incomplete' },
    (id) => `/findings/${id}`,
  );
}

export const respond = action(
  (req, id) =>
    respondToFinding(
      contextOf(req),
      id,
      parseInput(z.object({ plan: requiredText(5000) }), formBody(req)).plan,
    ),
  'findings.responded',
);
/** Closes a finding; accepting the risk without a justification or approver shows the form again. */
export const close: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const body = formBody(req);
  await submitForm(
    async () => {
      try {
        await closeFinding(contextOf(req), id, parseInput(closeSchema, body));
        req.flash('success', 'findings.closed');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        req.flash('error', error.messageKey);
      }
      res.redirect(303, `/findings/${id}`);
    },
    (error) => renderFinding(req, res, { values: body, error }),
  );
};
export const reopen = action(
  (req, id) =>
    reopenFinding(contextOf(req), id, parseInput(z.object({ note: requiredText(2000) }), formBody(req)).note),
  'findings.reopened',
);
export const comment = action(
  (req, id) =>
    commentOnFinding(
      contextOf(req),
      id,
      parseInput(z.object({ text: requiredText(5000) }), formBody(req)).text,
    ),
  'assessments.commentAdded',
);
export const uploadEvidence = action(async (req, id) => {
  if (!req.storedFile) throw new NotFoundError();
  await addFindingEvidence(contextOf(req), id, req.storedFile);
}, 'findings.evidenceStored');

/** Evidence of a finding, checked against its upload-time SHA-256 before download. */
export const download: RequestHandler = async (req, res) => {
  const { file, stream } = await downloadFindingEvidence(
    contextOf(req),
    routeId(req.params),
    String(req.params.fileId),
  );
  sendDownload(res, file, stream);
};
