import type { RequestHandler } from 'express';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { ConflictError, NotFoundError } from '../../lib/errors';
import { formBody, renderFormWithErrors, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import { supplierOptions } from '../suppliers';
import { invitationFilterSchema, newInvitationQuery, vendorInvitationSchema } from './invitations.schema';
import { inviteUser, listInvitations, resendInvitation, revokeInvitation } from './invitations.service';

/** Invitation ids are the SHA-256 fingerprints of their tokens. */
function invitationId(params: Record<string, string | string[] | undefined>): string {
  const id = params.id;
  if (typeof id !== 'string' || !/^[a-f\d]{64}$/.test(id)) throw new NotFoundError();
  return id;
}

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(invitationFilterSchema, req.query);
  const invitations = await listInvitations(contextOf(req), filter.state);
  res.render('invitations/list', { invitations, filter });
};

export const showNew: RequestHandler = async (req, res) => {
  const { supplierId } = parseInput(newInvitationQuery, req.query);
  const suppliers = await supplierOptions(contextOf(req));
  res.render('invitations/new', { values: { supplierId }, errors: {}, suppliers });
};

export function create(config: Config): RequestHandler {
  return async (req, res) => {
    const context = contextOf(req);
    await submitForm(
      async () => {
        const form = parseInput(vendorInvitationSchema, formBody(req));
        const user = await inviteUser(context, config, { ...form, role: 'vendor' });
        req.flash('success', 'invitations.sent', { email: user.email });
        res.redirect(303, `/suppliers/${form.supplierId}`);
      },
      async (error) =>
        renderFormWithErrors(res, 'invitations/new', error, formBody(req), {
          suppliers: await supplierOptions(context),
        }),
    );
  };
}

export const revoke: RequestHandler = async (req, res) => {
  await revokeInvitation(contextOf(req), invitationId(req.params));
  req.flash('success', 'invitations.revoked');
  res.redirect(303, '/invitations');
};

export function resend(config: Config): RequestHandler {
  return async (req, res) => {
    try {
      await resendInvitation(contextOf(req), config, invitationId(req.params));
      req.flash('success', 'invitations.resent');
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      req.flash('error', error.messageKey);
    }
    res.redirect(303, '/invitations');
  };
}
