import type { Request, RequestHandler, Response } from 'express';
import { ConflictError, ValidationError, type FieldMessage } from './errors';
import { routeId } from './validation';

/**
 * Shows a form again after a mistake: the user's input comes back in the fields, with each
 * problem beside its field, and status 422. Password fields are never echoed.
 */
export function renderFormWithErrors(
  res: Response,
  view: string,
  error: ValidationError,
  values: Record<string, unknown>,
  locals: Record<string, unknown> = {},
): void {
  const safeValues = Object.fromEntries(
    Object.entries(values).filter(([key]) => !/password|_csrf/i.test(key)),
  );
  res.status(422).render(view, { ...locals, values: safeValues, errors: error.fieldErrors });
}

/** The submitted form fields (an empty object when the body is not a form). */
export function formBody(req: Request): Record<string, unknown> {
  const body: unknown = req.body;
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
}

/** Runs a form's action; invalid input calls `showForm` with the errors instead of failing. */
export async function submitForm(
  action: () => Promise<void>,
  showForm: (error: ValidationError) => void | Promise<void>,
): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (error instanceof ValidationError) return await showForm(error);
    throw error;
  }
}

/**
 * A button that changes one record (return, complete, reopen…) and ends on the record's page
 * with a message: `successKey` when done, `invalidKey` when a field was missing or wrong, and
 * the conflict's own message when the record had changed meanwhile.
 */
export function actionOnRecord(
  run: (req: Request, id: string) => Promise<void>,
  messages: { successKey: string; invalidKey: string },
  pageOf: (id: string) => string,
): RequestHandler {
  return async (req, res) => {
    const id = routeId(req.params);
    try {
      await run(req, id);
      req.flash('success', messages.successKey);
    } catch (error) {
      if (error instanceof ValidationError) req.flash('error', messages.invalidKey);
      else if (error instanceof ConflictError) req.flash('error', error.messageKey);
      else throw error;
    }
    res.redirect(303, pageOf(id));
  };
}

export type FieldErrors = Record<string, FieldMessage>;
