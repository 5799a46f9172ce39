import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import { contextOf, type RequestContext } from '../../lib/context';
import { ConflictError } from '../../lib/errors';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { inviteUser, sendPasswordReset } from '../invitations';
import { supplierOptions } from '../suppliers';
import { resetMfaByAdmin } from './mfa.service';
import { ROLES } from './roles';
import { newUserSchema, userChangesSchema, userFilterSchema } from './users.schema';
import { getUser, listUsers, setUserDisabled, unlockUser, updateUser } from './users.service';

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(userFilterSchema, req.query);
  const users = await listUsers(contextOf(req), filter);
  res.render('users/list', { users, filter, roles: ROLES });
};

export const showNew: RequestHandler = async (req, res) => {
  const suppliers = await supplierOptions(contextOf(req));
  res.render('users/form', {
    mode: 'new',
    values: { role: 'procurement' },
    errors: {},
    roles: ROLES,
    suppliers,
  });
};

export function create(config: Config): RequestHandler {
  return async (req, res) => {
    const context = contextOf(req);
    await submitForm(
      async () => {
        const form = parseInput(newUserSchema, formBody(req));
        const user = await inviteUser(context, config, form);
        req.flash('success', 'users.invited', { email: user.email });
        res.redirect(303, '/admin/users');
      },
      async (error) =>
        renderFormWithErrors(res, 'users/form', error, formBody(req), {
          mode: 'new',
          roles: ROLES,
          suppliers: await supplierOptions(context),
        }),
    );
  };
}

export const showEdit: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const id = routeId(req.params);
  const user = await getUser(context, id);
  res.render('users/form', {
    mode: 'edit',
    subject: user,
    values: user,
    errors: {},
    roles: ROLES,
    suppliers: await supplierOptions(context),
  });
};

export const update: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const id = routeId(req.params);
  await submitForm(
    async () => {
      const form = parseInput(userChangesSchema, formBody(req));
      const user = await updateUser(context, id, form);
      req.flash('success', 'users.updated', { email: user.email });
      res.redirect(303, '/admin/users');
    },
    async (error) =>
      renderFormWithErrors(res, 'users/form', error, formBody(req), {
        mode: 'edit',
        subject: await getUser(context, id),
        roles: ROLES,
        suppliers: await supplierOptions(context),
      }),
  );
};

/** A one-click account action (disable, enable, unlock, reset) that ends on the user list. */
function accountAction(
  run: (context: RequestContext, id: string) => Promise<{ email: string }>,
  messageKey: string,
): RequestHandler {
  return async (req, res) => {
    const id = routeId(req.params);
    try {
      const user = await run(contextOf(req), id);
      req.flash('success', messageKey, { email: user.email });
    } catch (error) {
      // A refused action (e.g. disabling the last admin) is explained on the list, not a dead end.
      if (!(error instanceof ConflictError)) throw error;
      req.flash('error', error.messageKey);
    }
    res.redirect(303, '/admin/users');
  };
}

export const disable = accountAction((context, id) => setUserDisabled(context, id, true), 'users.disabled');
export const enable = accountAction((context, id) => setUserDisabled(context, id, false), 'users.enabled');
export const unlock = accountAction(unlockUser, 'users.unlocked');
export const resetPassword = (config: Config) =>
  accountAction((context, id) => sendPasswordReset(context, config, id), 'users.resetSent');
/** Turns off another user's two-step sign-in (they lost their phone). */
export const resetMfa = accountAction(resetMfaByAdmin, 'mfa.admin.resetDone');
