import type { RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import { FEW_RECOVERY_CODES, changeOwnPassword, ownMfaStatus } from '../users';
import { changePasswordSchema } from './account.schema';

export const showAccount: RequestHandler = async (req, res) => {
  const mfa = await ownMfaStatus(contextOf(req));
  res.render('account/show', { mfa, fewRecoveryCodes: FEW_RECOVERY_CODES, values: {}, errors: {} });
};

export const changePassword: RequestHandler = async (req, res) => {
  await submitForm(
    async () => {
      const form = parseInput(changePasswordSchema, formBody(req));
      await changeOwnPassword(contextOf(req), req.sessionID, form.currentPassword, form.newPassword);
      req.flash('success', 'account.passwordChanged');
      res.redirect(303, '/account');
    },
    async (error) =>
      renderFormWithErrors(
        res,
        'account/show',
        error,
        {},
        {
          mfa: await ownMfaStatus(contextOf(req)),
          fewRecoveryCodes: FEW_RECOVERY_CODES,
        },
      ),
  );
};
