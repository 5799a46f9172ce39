import type { NextFunction, Request, RequestHandler, Response } from 'express';
import passport from 'passport';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { safeRedirectPath } from '../../lib/safe-redirect';
import { parseInput } from '../../lib/validation';
import type { SessionUser } from '../../types/session-user';
import { rememberLocale } from '../../middleware/locale';
import { record } from '../audit';
import { acceptLink, checkLink, type LinkCheck } from '../invitations';
import { setOwnLocale } from '../users';
import { languageSchema, setPasswordSchema, signInSchema, tokenParam } from './auth.schema';
import type { SignInFailure } from './passport';
import { logIn, startPendingSignIn } from './pending-sign-in';

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Runs passport's local strategy: the user, or why there is none. */
function authenticateLocal(
  req: Request,
  res: Response,
  next: NextFunction,
): Promise<{ user: SessionUser | false; failure: SignInFailure | undefined }> {
  return new Promise((resolve, reject) => {
    const callback = (error: unknown, user: SessionUser | false, failure: SignInFailure | undefined) => {
      if (error) reject(asError(error));
      else resolve({ user, failure });
    };
    (passport.authenticate('local', callback) as RequestHandler)(req, res, next);
  });
}

export const showSignIn: RequestHandler = (req, res) => {
  if (req.user) return res.redirect(303, '/');
  res.render('auth/sign-in', { values: {}, errors: {} });
};

const failureMessages: Record<SignInFailure['reason'], string> = {
  invalid: 'auth.errors.invalid',
  locked: 'auth.errors.locked',
  disabled: 'auth.errors.disabled',
};

export const signIn: RequestHandler = async (req, res, next) => {
  const submitted = formBody(req);
  const values = { email: typeof submitted.email === 'string' ? submitted.email : '' };
  await submitForm(
    async () => {
      parseInput(signInSchema, submitted);
      const returnTo = req.session.returnTo;
      const { user, failure } = await authenticateLocal(req, res, next);
      if (!user) {
        const reason = failure?.reason ?? 'invalid';
        const params = failure?.reason === 'locked' ? { minutes: failure.minutesLeft } : {};
        res
          .status(401)
          .render('auth/sign-in', { values, errors: { _form: { key: failureMessages[reason], params } } });
        return;
      }
      if (user.mfaEnabled) {
        // The password was only the first step: no sign-in until the code is checked too.
        startPendingSignIn(req, user.id);
        res.redirect(303, '/sign-in/mfa');
        return;
      }
      await logIn(req, user);
      res.redirect(303, safeRedirectPath(returnTo, '/'));
    },
    (error) => renderFormWithErrors(res, 'auth/sign-in', error, values),
  );
};

export const signOut: RequestHandler = async (req, res) => {
  if (req.user)
    await record(contextOf(req), { action: 'auth.sign_out', target: { type: 'user', id: req.user.id } });
  await new Promise<void>((resolve, reject) => {
    req.logout((error: unknown) => (error ? reject(asError(error)) : resolve()));
  });
  req.flash('success', 'auth.signedOut');
  res.redirect(303, '/sign-in');
};

type OpenedLink = { token: string; link: Extract<LinkCheck, { ok: true }> } | { reason: string };

/** The set-password link of this request if it can still be used, or why not. */
async function openLink(req: Request): Promise<OpenedLink> {
  // A mangled or cut-short address is just an unknown link to the person holding it.
  const parsed = tokenParam.safeParse(req.params);
  if (!parsed.success) return { reason: 'unknown' };
  const link = await checkLink(parsed.data.token);
  return link.ok ? { token: parsed.data.token, link } : { reason: link.reason };
}

export const showSetPassword: RequestHandler = async (req, res) => {
  const opened = await openLink(req);
  if ('reason' in opened) {
    res.status(410).render('auth/link-invalid', { reason: opened.reason });
    return;
  }
  res.render('auth/set-password', { ...opened, values: {}, errors: {} });
};

export const setPassword: RequestHandler = async (req, res) => {
  const opened = await openLink(req);
  if ('reason' in opened) {
    res.status(410).render('auth/link-invalid', { reason: opened.reason });
    return;
  }
  await submitForm(
    async () => {
      const form = parseInput(setPasswordSchema, formBody(req));
      const user = await acceptLink(contextOf(req), opened.token, form.password);
      if (user.mfaEnabled) {
        // A reset link proves the mailbox, not the phone: the second step is still asked for.
        startPendingSignIn(req, user.id);
        req.flash('success', 'mfa.signIn.passwordSetCodeNext');
        res.redirect(303, '/sign-in/mfa');
        return;
      }
      await logIn(req, user);
      req.flash('success', opened.link.purpose === 'invite' ? 'auth.welcome' : 'auth.passwordSet', {
        name: user.name,
      });
      res.redirect(303, '/');
    },
    (error) => renderFormWithErrors(res, 'auth/set-password', error, {}, opened),
  );
};

export function changeLanguage(config: Config): RequestHandler {
  return async (req, res) => {
    const form = parseInput(languageSchema, formBody(req));
    rememberLocale(res, form.locale, config.cookieSecure);
    if (req.user) await setOwnLocale(contextOf(req), form.locale);
    res.redirect(303, safeRedirectPath(form.returnTo, '/'));
  };
}
