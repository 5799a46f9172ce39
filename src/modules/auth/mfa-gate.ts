import type { RequestHandler } from 'express';
import { isMfaRequiredFor } from '../users';

/** Where a user who must set up two-step sign-in is sent. */
export const MFA_SETUP_PATH = '/account/mfa/setup';

/**
 * What such a user may still reach: the set-up page itself, signing out and the language
 * switch. Static files and health checks are served before this gate.
 */
const OPEN_WHILE_ENROLLING = new Set([MFA_SETUP_PATH, '/sign-out', '/language']);

/**
 * When the settings require two-step sign-in for privileged roles, an admin or auditor without
 * it can do nothing but set it up: every page sends them to the set-up page, other requests
 * are refused. Their sessions may predate the setting, so this runs on every request.
 */
export const requireMfaEnrolment: RequestHandler = async (req, res, next) => {
  const user = req.user;
  if (!user || user.mfaEnabled || OPEN_WHILE_ENROLLING.has(req.path)) return next();
  if (!(await isMfaRequiredFor(user.role))) return next();
  if (req.accepts(['html', 'json']) === 'html') return res.redirect(303, MFA_SETUP_PATH);
  res.status(403).json({ error: { code: 'mfa_setup_required', message: req.t('mfa.gate.required') } });
};
