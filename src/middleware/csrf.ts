import type { RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { CsrfError } from '../lib/errors';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  // Forms send the token in a hidden "_csrf" field; scripts send it in a header. An upload form
  // (multipart) is read only after this check, so it carries the token in its action URL.
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
    const fromHeader = req.headers['x-csrf-token'];
    const fromQuery =
      req.is('multipart/form-data') && typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
    return fromBody ?? (typeof fromHeader === 'string' ? fromHeader : fromQuery);
  },
  size: 32,
});

/**
 * Refuses any state-changing request without the session's CSRF token. Views call
 * `csrfToken()` where they render a form; only then is a token created, so pages without
 * forms never start a session for an anonymous visitor.
 */
export const csrfProtection: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (error?: unknown) => {
    if (error) return next(new CsrfError());
    res.locals.csrfToken = () => generateToken(req);
    next();
  });
};
