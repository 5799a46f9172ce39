import type { Request, RequestHandler, Response } from 'express';
import { contextOf } from '../../lib/context';
import { ConflictError } from '../../lib/errors';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import {
  confirmMfaEnrolment,
  disableOwnMfa,
  groupedSecret,
  ownMfaStatus,
  regenerateRecoveryCodes,
  startMfaEnrolment,
} from '../users';
import { disableMfaSchema, mfaCodeSchema } from './account.schema';

/** Recovery codes and secrets must not stay in a browser or proxy cache. */
function noStore(res: Response): void {
  res.set('Cache-Control', 'no-store');
}

/** Shows freshly made recovery codes: the only time they are ever shown. */
function showRecoveryCodes(res: Response, codes: string[], reason: 'enrolled' | 'regenerated'): void {
  noStore(res);
  res.render('account/recovery-codes', {
    codes,
    reason,
    download: encodeURIComponent(`${codes.join('\n')}\n`),
  });
}

/**
 * A handler for one of the two-step sign-in forms: `handle` validates and acts; a mistake in the
 * form comes back on `view` beside the field (with `errorLocals`), and a refused change (e.g.
 * turning off what the settings require) is explained on the account page.
 */
function mfaForm(
  view: string,
  errorLocals: (req: Request) => Promise<Record<string, unknown>>,
  handle: (req: Request, res: Response) => Promise<void>,
): RequestHandler {
  return async (req, res) => {
    try {
      await submitForm(
        () => handle(req, res),
        async (error) => {
          noStore(res);
          renderFormWithErrors(res, view, error, {}, await errorLocals(req));
        },
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      req.flash('error', error.messageKey);
      res.redirect(303, '/account');
    }
  };
}

/** A page of the account's two-step sign-in that only makes sense while it is on. */
function whileEnabled(view: string): RequestHandler {
  return async (req, res) => {
    const status = await ownMfaStatus(contextOf(req));
    if (!status.enabled) return res.redirect(303, '/account');
    res.render(view, { status, values: {}, errors: {} });
  };
}

const statusLocals = async (req: Request) => ({ status: await ownMfaStatus(contextOf(req)) });

async function setupLocals(req: Request) {
  const context = contextOf(req);
  const enrolment = await startMfaEnrolment(context);
  const status = await ownMfaStatus(context);
  // Loaded on first use: the QR code library adds about 8 MB to every process, and only a
  // user setting up two-step sign-in needs it.
  const { toString: qrCodeSvg } = await import('qrcode');
  const qrSvg = await qrCodeSvg(enrolment.otpauthUri, { type: 'svg', margin: 2, width: 208 });
  return { qrSvg, secret: groupedSecret(enrolment.secret), required: status.required };
}

/** The set-up page: a QR code and the secret for an authenticator app, and a code to confirm. */
export const showSetup: RequestHandler = async (req, res) => {
  if ((await ownMfaStatus(contextOf(req))).enabled) return res.redirect(303, '/account');
  noStore(res);
  res.render('account/mfa-setup', { ...(await setupLocals(req)), values: {}, errors: {} });
};

/** Confirms the set-up with a code from the app; two-step sign-in is on from then on. */
export const confirmSetup = mfaForm('account/mfa-setup', setupLocals, async (req, res) => {
  const form = parseInput(mfaCodeSchema, formBody(req));
  showRecoveryCodes(res, await confirmMfaEnrolment(contextOf(req), req.sessionID, form.code), 'enrolled');
});

/** The page to make new recovery codes (which needs a current code). */
export const showRegenerate = whileEnabled('account/mfa-recovery');

/** Makes new recovery codes; the old ones stop working. */
export const regenerate = mfaForm('account/mfa-recovery', statusLocals, async (req, res) => {
  const form = parseInput(mfaCodeSchema, formBody(req));
  showRecoveryCodes(res, await regenerateRecoveryCodes(contextOf(req), form.code), 'regenerated');
});

/** The page to turn two-step sign-in off (password and a current code). */
export const showDisable = whileEnabled('account/mfa-disable');

/** Turns two-step sign-in off, unless the settings require it for the user's role. */
export const disable = mfaForm('account/mfa-disable', statusLocals, async (req, res) => {
  const form = parseInput(disableMfaSchema, formBody(req));
  await disableOwnMfa(contextOf(req), form.password, form.code);
  req.flash('success', 'mfa.account.disabled');
  res.redirect(303, '/account');
});
