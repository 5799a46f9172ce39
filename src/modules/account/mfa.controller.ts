import type { RequestHandler, Response } from 'express';
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

/** A refused change (e.g. turning off what the settings require) is explained on the account page. */
async function orBackToAccount(res: Response, flash: (key: string) => void, action: () => Promise<void>) {
  try {
    await action();
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    flash(error.messageKey);
    res.redirect(303, '/account');
  }
}

async function setupLocals(req: Parameters<RequestHandler>[0]) {
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
export const confirmSetup: RequestHandler = async (req, res) => {
  await orBackToAccount(
    res,
    (key) => req.flash('error', key),
    () =>
      submitForm(
        async () => {
          const form = parseInput(mfaCodeSchema, formBody(req));
          const codes = await confirmMfaEnrolment(contextOf(req), req.sessionID, form.code);
          showRecoveryCodes(res, codes, 'enrolled');
        },
        async (error) => {
          noStore(res);
          renderFormWithErrors(res, 'account/mfa-setup', error, {}, await setupLocals(req));
        },
      ),
  );
};

/** The page to make new recovery codes (which needs a current code). */
export const showRegenerate: RequestHandler = async (req, res) => {
  const status = await ownMfaStatus(contextOf(req));
  if (!status.enabled) return res.redirect(303, '/account');
  res.render('account/mfa-recovery', { status, values: {}, errors: {} });
};

/** Makes new recovery codes; the old ones stop working. */
export const regenerate: RequestHandler = async (req, res) => {
  await orBackToAccount(
    res,
    (key) => req.flash('error', key),
    () =>
      submitForm(
        async () => {
          const form = parseInput(mfaCodeSchema, formBody(req));
          showRecoveryCodes(res, await regenerateRecoveryCodes(contextOf(req), form.code), 'regenerated');
        },
        async (error) =>
          renderFormWithErrors(
            res,
            'account/mfa-recovery',
            error,
            {},
            { status: await ownMfaStatus(contextOf(req)) },
          ),
      ),
  );
};

/** The page to turn two-step sign-in off (password and a current code). */
export const showDisable: RequestHandler = async (req, res) => {
  const status = await ownMfaStatus(contextOf(req));
  if (!status.enabled) return res.redirect(303, '/account');
  res.render('account/mfa-disable', { status, values: {}, errors: {} });
};

/** Turns two-step sign-in off, unless the settings require it for the user's role. */
export const disable: RequestHandler = async (req, res) => {
  await orBackToAccount(
    res,
    (key) => req.flash('error', key),
    () =>
      submitForm(
        async () => {
          const form = parseInput(disableMfaSchema, formBody(req));
          await disableOwnMfa(contextOf(req), form.password, form.code);
          req.flash('success', 'mfa.account.disabled');
          res.redirect(303, '/account');
        },
        async (error) =>
          renderFormWithErrors(
            res,
            'account/mfa-disable',
            error,
            {},
            { status: await ownMfaStatus(contextOf(req)) },
          ),
      ),
  );
};
