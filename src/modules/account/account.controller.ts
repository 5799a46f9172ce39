import type { RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import { changeOwnPassword } from '../users';
import { changePasswordSchema } from './account.schema';

export const showAccount: RequestHandler = (_req, res) => {
  res.render('account/show', { values: {}, errors: {} });
};

export const changePassword: RequestHandler = async (req, res) => {
  await submitForm(
    async () => {
      const form = parseInput(changePasswordSchema, formBody(req));
      await changeOwnPassword(contextOf(req), req.sessionID, form.currentPassword, form.newPassword);
      req.flash('success', 'account.passwordChanged');
      res.redirect(303, '/account');
    },
    (error) => renderFormWithErrors(res, 'account/show', error, {}),
  );
};
