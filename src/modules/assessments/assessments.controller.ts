import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { addDays, formatDay } from '../../lib/dates';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { rowsFromForm } from '../../lib/form-rows';
import { actionOnRecord, formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { parseInput, routeId } from '../../lib/validation';
import { can } from '../access';
import { listFindings } from '../findings';
import { sendableTemplates } from '../questionnaires';
import { supplierOptions } from '../suppliers';
import { answerValues, inLocale, sectionViews } from './assessment-view';
import { VENDOR_EDITABLE } from './assessment.model';
import {
  listAssessments,
  loadAnswers,
  loadAssessment,
  progressOf,
  sendAssessment,
  templateOf,
} from './assessments.service';
import { listFilterSchema, noteSchema, optionalNoteSchema, sendSchema } from './assessments.schema';
import { cancelAssessment, completeAssessment, returnAssessment, submitAssessment } from './review.service';
import { GOOD_SCORE, POOR_SCORE } from './scoring';

export const scoring: RequestHandler = (_req, res) => {
  res.render('assessments/scoring', { goodScore: GOOD_SCORE, poorScore: POOR_SCORE });
};

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(listFilterSchema, req.query);
  const assessments = await listAssessments(contextOf(req), filter);
  res.render('assessments/list', { assessments, filter, inLocale });
};

async function renderSendForm(
  req: Request,
  res: Response,
  values: Record<string, unknown>,
  error?: ValidationError,
) {
  const context = contextOf(req);
  const [suppliers, templates] = await Promise.all([supplierOptions(context), sendableTemplates(context)]);
  const locals = {
    suppliers,
    templates: templates.map((template) => ({
      id: template._id.toString(),
      label: `${inLocale(template.content.name, req.locale)} · v${template.version}`,
    })),
  };
  if (error) renderFormWithErrors(res, 'assessments/new', error, values, locals);
  else res.render('assessments/new', { ...locals, values, errors: {} });
}

export const showNew: RequestHandler = async (req, res) => {
  const supplierId = typeof req.query.supplierId === 'string' ? req.query.supplierId : undefined;
  await renderSendForm(req, res, { supplierId, dueDate: formatDay(addDays(new Date(), 30)) });
};

export function create(config: Config): RequestHandler {
  return async (req, res) => {
    const body = formBody(req);
    await submitForm(
      async () => {
        const invite = rowsFromForm(body, 'invite', ['name', 'email'], 10).rows;
        const input = parseInput(sendSchema, { ...body, invite });
        try {
          const id = await sendAssessment(contextOf(req), config, input);
          req.flash('success', 'assessments.sent');
          res.redirect(303, `/assessments/${id}`);
        } catch (error) {
          // "Already open" and the like belong at the top of the form, with the input kept.
          if (error instanceof ConflictError) throw new ValidationError({ _form: { key: error.messageKey } });
          throw error;
        }
      },
      (error) => renderSendForm(req, res, body, error),
    );
  };
}

/** What the overview, section, submit and review pages all show about one assessment. */
async function assessmentPage(req: Request) {
  const id = routeId(req.params);
  const assessment = await loadAssessment(contextOf(req), id);
  const template = await templateOf(assessment);
  const answers = await loadAnswers(id, template);
  const ref = { supplierId: assessment.supplierId };
  return {
    assessment,
    template,
    answers,
    progress: progressOf(template, answers),
    sections: sectionViews(template, answers, req.locale),
    templateName: inLocale(assessment.templateName, req.locale),
    canAnswer: can(req.user, 'assessments.answer', ref) && VENDOR_EDITABLE.includes(assessment.status),
    canReview: can(req.user, 'assessments.review', ref),
    canComment: can(req.user, 'assessments.comment', ref),
  };
}

export const show: RequestHandler = async (req, res) => {
  const page = await assessmentPage(req);
  const findings = await listFindings(contextOf(req), { assessmentId: page.assessment._id.toString() });
  res.render('assessments/show', { ...page, findings });
};

export const section: RequestHandler = async (req, res) => {
  const page = await assessmentPage(req);
  const index = page.sections.findIndex((item) => item.key === req.params.sectionKey);
  const current = page.sections[index];
  if (!current) throw new NotFoundError();
  res.render('assessments/section', {
    ...page,
    current,
    previous: page.sections[index - 1],
    next: page.sections[index + 1],
    values: JSON.stringify(answerValues(page.answers)),
  });
};

export const submitPage: RequestHandler = async (req, res) => {
  res.render('assessments/submit', await assessmentPage(req));
};

export const submit: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const result = await submitAssessment(contextOf(req), id);
  if (result.ok) {
    req.flash('success', 'assessments.submitted');
    return res.redirect(303, `/assessments/${id}`);
  }
  req.flash('error', 'assessments.errors.incomplete', { count: result.missing.length });
  res.redirect(303, `/assessments/${id}/submit`);
};

/**
 * The review page; after a refused decision, with that question's form as it was sent
 * (`values.questionKey` names the question) and each problem beside its field.
 */
export async function renderReview(
  req: Request,
  res: Response,
  refused?: { values: Record<string, unknown>; error: ValidationError },
): Promise<void> {
  const page = await assessmentPage(req);
  const findings = await listFindings(contextOf(req), { assessmentId: page.assessment._id.toString() });
  const locals = { ...page, findings };
  if (refused) renderFormWithErrors(res, 'assessments/review', refused.error, refused.values, locals);
  else res.render('assessments/review', { ...locals, errors: {}, values: {} });
}

export const review: RequestHandler = (req, res) => renderReview(req, res);

/** A reviewer's action on the whole assessment (return, complete, cancel), ending on its page. */
function reviewAction(run: (req: Request, id: string) => Promise<void>, messageKey: string): RequestHandler {
  return actionOnRecord(
    run,
    { successKey: messageKey, invalidKey: 'assessments.errors.noteRequired' },
    (id) => `/assessments/${id}`,
  );
}

export const returnToVendor = reviewAction(
  (req, id) => returnAssessment(contextOf(req), id, parseInput(noteSchema, formBody(req)).note),
  'assessments.returned',
);
export const complete = reviewAction(
  (req, id) => completeAssessment(contextOf(req), id),
  'assessments.completed',
);
export const cancel = reviewAction(
  (req, id) => cancelAssessment(contextOf(req), id, parseInput(optionalNoteSchema, formBody(req)).note ?? ''),
  'assessments.cancelled',
);

/** Where a form on an assessment page sends the user back to: a page of the same assessment. */
export function backTo(req: Request, assessmentId: string): string {
  const fallback = `/assessments/${assessmentId}`;
  const target = safeRedirectPath(formBody(req).returnTo, fallback);
  return target.startsWith(fallback) ? target : fallback;
}
