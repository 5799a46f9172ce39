import { Router } from 'express';
import type { Config } from '../../config';
import { requireRole } from '../../middleware/auth';
import * as invitations from './invitations.controller';

/** Vendor invitations and the list of pending set-password links (admins and procurement). */
export function createInvitationsRouter(config: Config): Router {
  return Router()
    .use('/invitations', requireRole('admin', 'procurement'))
    .get('/invitations', invitations.list)
    .get('/invitations/new', invitations.showNew)
    .post('/invitations', invitations.create(config))
    .post('/invitations/:id/revoke', invitations.revoke)
    .post('/invitations/:id/resend', invitations.resend(config));
}
