import type { Request, RequestHandler, Response } from 'express';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { parseInput } from '../../lib/validation';
import { FEW_RECOVERY_CODES, checkSecondFactor, type SecondFactorMethod } from '../users';
import { secondFactorSchema } from './auth.schema';
import { endPendingSignIn, logIn, pendingSignIn } from './pending-sign-in';

/** The page of each way to prove the second factor. */
const VIEW = 'auth/second-factor';
const PATHS: Record<SecondFactorMethod, string> = {
  totp: '/sign-in/mfa',
  recovery_code: '/sign-in/recovery',
};

/**
 * The user this session's second step is for; otherwise answers the request (home for someone
 * signed in already, the sign-in page when nothing or an expired step is under way) and
 * returns undefined.
 */
function pendingUserOrLeave(req: Request, res: Response): string | undefined {
  if (req.user) {
    res.redirect(303, '/');
    return undefined;
  }
  const pending = pendingSignIn(req);
  if (pending.state === 'waiting') return pending.userId;
  if (pending.state === 'expired') req.flash('error', 'mfa.signIn.expired');
  res.redirect(303, '/sign-in');
  return undefined;
}

/** The page asking for a code from the app (`totp`) or for a recovery code. */
export function showSecondFactor(method: SecondFactorMethod): RequestHandler {
  return (req, res) => {
    if (!pendingUserOrLeave(req, res)) return;
    res.render(VIEW, { method, action: PATHS[method], values: {}, errors: {} });
  };
}

/** Checks the code of the second step; when right, the user is signed in on a new session id. */
export function submitSecondFactor(config: Config, method: SecondFactorMethod): RequestHandler {
  return async (req, res) => {
    const userId = pendingUserOrLeave(req, res);
    if (!userId) return;
    const locals = { method, action: PATHS[method] };
    await submitForm(
      async () => {
        const form = parseInput(secondFactorSchema, formBody(req));
        const result = await checkSecondFactor(contextOf(req), userId, method, form.code, {
          threshold: config.lockoutThreshold,
          minutes: config.lockoutMinutes,
        });
        if (!result.ok && result.reason === 'invalid') {
          res
            .status(401)
            .render(VIEW, { ...locals, values: {}, errors: { code: { key: 'mfa.errors.wrongCode' } } });
          return;
        }
        if (!result.ok) {
          endPendingSignIn(req);
          if (result.reason === 'locked')
            req.flash('error', 'auth.errors.locked', { minutes: result.minutesLeft });
          else req.flash('error', 'mfa.signIn.expired');
          res.redirect(303, '/sign-in');
          return;
        }
        const returnTo = req.session.returnTo;
        await logIn(req, result.user);
        if (result.recoveryCodesLeft !== undefined) {
          const few = result.recoveryCodesLeft <= FEW_RECOVERY_CODES;
          req.flash(few ? 'warning' : 'info', few ? 'mfa.recovery.fewLeft' : 'mfa.recovery.left', {
            count: result.recoveryCodesLeft,
          });
        }
        res.redirect(303, safeRedirectPath(returnTo, '/'));
      },
      (error) => renderFormWithErrors(res, VIEW, error, {}, locals),
    );
  };
}
