import type { Request, RequestHandler, Response } from 'express';
import { z } from 'zod';
import { contextOf } from '../../lib/context';
import { formatDay } from '../../lib/dates';
import { ConflictError, NotFoundError, type ValidationError } from '../../lib/errors';
import { actionOnRecord, formBody, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { can } from '../access';
import { inLocale, listAssessments } from '../assessments';
import { supplierGlance } from '../suppliers';
import { listStaffUsers } from '../users';
import { REVIEW_OUTCOMES, type ReviewRecord } from './review.model';
import { CONDITION_ROWS, detailsSchema, parseCompletion, startSchema } from './reviews.schema';
import {
  completeReview,
  getReview,
  setConditionMet,
  startReview,
  updateReviewDetails,
} from './reviews.service';

/** Starts a review from the supplier page; a second open review is refused with a message. */
export const start: RequestHandler = async (req, res) => {
  const supplierId = routeId(req.params, 'supplierId');
  const input = parseInput(startSchema, formBody(req));
  try {
    const id = await startReview(contextOf(req), supplierId, input);
    req.flash('success', 'reviews.started');
    res.redirect(303, `/reviews/${id}`);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    req.flash('error', error.messageKey);
    res.redirect(303, `/suppliers/${supplierId}#reviews`);
  }
};

/** The form values an open review starts with. */
function detailValues(review: ReviewRecord): Record<string, unknown> {
  return {
    dueDate: formatDay(review.dueDate),
    reviewerId: review.reviewerId ?? '',
    assessmentId: review.assessmentId ?? '',
    notes: review.notes ?? '',
  };
}

/**
 * The review's page. After a refused form, that form comes back with what was typed and the
 * reasons beside the fields (status 422); the other form keeps its stored values.
 */
async function renderReview(
  req: Request,
  res: Response,
  refused?: { form: 'details' | 'complete'; values: Record<string, unknown>; error: ValidationError },
): Promise<void> {
  const context = contextOf(req);
  const review = await getReview(context, routeId(req.params));
  const supplier = await supplierGlance(review.supplierId);
  if (!supplier) throw new NotFoundError();
  const canManage = can(req.user, 'reviews.manage');
  const [staff, assessments] = canManage
    ? await Promise.all([
        listStaffUsers(context),
        listAssessments(context, { supplierId: review.supplierId }),
      ])
    : [[], []];
  const details = refused?.form === 'details' ? refused : undefined;
  const completion = refused?.form === 'complete' ? refused : undefined;
  res.status(refused ? 422 : 200).render('reviews/show', {
    review,
    id: review._id.toString(),
    supplier,
    canManage,
    reviewers: staff.filter((member) => member.role !== 'auditor'),
    assessments,
    inLocale,
    outcomes: REVIEW_OUTCOMES,
    conditionRows: CONDITION_ROWS,
    detailValues: details?.values ?? detailValues(review),
    detailErrors: details?.error.fieldErrors ?? {},
    completionValues: completion?.values ?? {},
    completionErrors: completion?.error.fieldErrors ?? {},
  });
}

export const show: RequestHandler = (req, res) => renderReview(req, res);

export const updateDetails: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const body = formBody(req);
  await submitForm(
    async () => {
      await updateReviewDetails(contextOf(req), id, parseInput(detailsSchema, body));
      req.flash('success', 'reviews.saved');
      res.redirect(303, `/reviews/${id}`);
    },
    (error) => renderReview(req, res, { form: 'details', values: body, error }),
  );
};

export const complete: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const body = formBody(req);
  await submitForm(
    async () => {
      try {
        await completeReview(contextOf(req), id, parseCompletion(body));
        req.flash('success', 'reviews.completed');
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        req.flash('error', error.messageKey);
      }
      res.redirect(303, `/reviews/${id}`);
    },
    (error) => renderReview(req, res, { form: 'complete', values: body, error }),
  );
};

const conditionSchema = z.object({ met: z.enum(['0', '1']) });

export const markCondition = actionOnRecord(
  async (req, id) => {
    const index = Number(req.params.index);
    if (!Number.isInteger(index) || index < 0) throw new NotFoundError();
    const { met } = parseInput(conditionSchema, formBody(req));
    await setConditionMet(contextOf(req), id, index, met === '1');
  },
  { successKey: 'reviews.conditionSaved', invalidKey: 'errors.badRequest.message' },
  (id) => `/reviews/${id}`,
);
