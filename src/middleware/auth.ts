import type { RequestHandler } from 'express';
import { ForbiddenError } from '../lib/errors';
import type { Role } from '../modules/users/roles';

/**
 * Outer fence: only signed-in users pass. A page request from a visitor is sent to the
 * sign-in page and brought back afterwards; other requests get 401.
 */
export const requireSignedIn: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if ((req.method === 'GET' || req.method === 'HEAD') && req.accepts(['html', 'json']) === 'html') {
    if (req.method === 'GET') req.session.returnTo = req.originalUrl;
    return res.redirect(303, '/sign-in');
  }
  res.status(401).json({ error: { code: 'unauthorized', message: req.t('errors.unauthorized.message') } });
};

/** Outer fence for a router: signed in with one of these roles. Policies still decide per record. */
export function requireRole(...roles: Role[]): RequestHandler[] {
  const allowed = new Set<Role>(roles);
  return [
    requireSignedIn,
    (req, _res, next) => next(req.user && allowed.has(req.user.role) ? undefined : new ForbiddenError()),
  ];
}
