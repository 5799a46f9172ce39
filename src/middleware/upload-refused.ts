import type { ErrorRequestHandler, Request } from 'express';
import { UploadRejectedError } from '../lib/errors';

/**
 * Sends a refused upload (wrong kind, too large, empty) back to the page the form is on, with
 * the reason as a message, instead of to an error page. `pageOf` names that page, or returns
 * undefined for requests it does not handle.
 */
export function returnRefusedUpload(pageOf: (req: Request) => string | undefined): ErrorRequestHandler {
  return (error, req, res, next) => {
    const page = error instanceof UploadRejectedError ? pageOf(req) : undefined;
    if (!page || !(error instanceof UploadRejectedError)) return next(error);
    req.flash('error', error.messageKey, error.params);
    res.redirect(303, page);
  };
}
