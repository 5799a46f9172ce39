/**
 * Pieces the template controllers share: reading route parameters, loading a draft for an edit
 * form, the values every template view needs, and turning a refused change into a message.
 */
import type { Request, Response } from 'express';
import { contextOf } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { renderFormWithErrors } from '../../lib/forms';
import { routeId } from '../../lib/validation';
import { authorize } from '../access';
import type { TemplateRecord } from './template.model';
import { keyParam, type PlacedProblems } from './template.forms';
import { getTemplate, TemplateContentError } from './template.service';
import { EVIDENCE_RULES, QUESTION_TYPES } from './template.types';
import { textHelpers } from './template.view';

/** How many of a refused change's problems are shown as messages (the rest are counted). */
const MAX_PROBLEM_MESSAGES = 8;

/** The `:id` of a template route. */
export const templateIdOf = (req: Request): string => routeId(req.params);

/** A `:sectionKey` or `:questionKey` of a route; anything that cannot be a key is a 404. */
export function keyOf(req: Request, name: 'sectionKey' | 'questionKey'): string {
  const parsed = keyParam.safeParse(req.params[name]);
  if (!parsed.success) throw new NotFoundError();
  return parsed.data;
}

/**
 * The draft an edit form works on. A published or retired version has no edit forms: 409,
 * as the save itself would be refused (template.service.ts decides that again).
 */
export async function draftFor(req: Request): Promise<TemplateRecord> {
  const context = contextOf(req);
  authorize(context.actor, 'templates.manage');
  const template = await getTemplate(context, templateIdOf(req));
  if (template.status !== 'draft') throw new ConflictError('templates.errors.notDraft');
  return template;
}

/** Values every template view uses. */
export function templateLocals(req: Request): Record<string, unknown> {
  return { ...textHelpers(req.locale), questionTypes: QUESTION_TYPES, evidenceRules: EVIDENCE_RULES };
}

/**
 * Shows an edit form: empty of errors, or again after a refused save (422) with each problem
 * beside its field and the problems elsewhere in the template listed.
 */
export function renderForm(
  res: Response,
  view: string,
  values: Record<string, unknown>,
  locals: Record<string, unknown>,
  problems?: PlacedProblems,
): void {
  if (!problems) return res.render(view, { ...locals, values, errors: {}, elsewhere: [] });
  renderFormWithErrors(res, view, new ValidationError(problems.fieldErrors), values, {
    ...locals,
    elsewhere: problems.elsewhere,
  });
}

/**
 * Runs a one-click change (move, delete, publish…) and returns to `back`. A refusal that the
 * user can act on comes back as a message at the top of that page (so without its #anchor);
 * changing a version that is not a draft stays a 409, like every other edit of it.
 */
export async function oneClick(
  req: Request,
  res: Response,
  back: string,
  change: () => Promise<void>,
): Promise<void> {
  try {
    await change();
    res.redirect(303, back);
  } catch (error) {
    if (error instanceof TemplateContentError) {
      req.flash('error', 'templates.errors.contentInvalid', { count: error.problems.length });
      for (const problem of error.problems.slice(0, MAX_PROBLEM_MESSAGES))
        req.flash('error', 'templates.problemAt', {
          path: problem.path,
          message: req.t(problem.key, problem.params),
        });
    } else if (error instanceof ConflictError && error.messageKey !== 'templates.errors.notDraft') {
      req.flash('error', error.messageKey, error.params);
    } else {
      throw error;
    }
    res.redirect(303, back.split('#')[0] ?? back);
  }
}
