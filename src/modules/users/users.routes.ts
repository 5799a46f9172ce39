import { Router } from 'express';
import type { Config } from '../../config';
import { requireRole } from '../../middleware/auth';
import * as users from './users.controller';

/** Administration of user accounts (admins only). */
export function createUsersRouter(config: Config): Router {
  return Router()
    .use(requireRole('admin'))
    .get('/', users.list)
    .get('/new', users.showNew)
    .post('/', users.create(config))
    .get('/:id', users.showEdit)
    .post('/:id', users.update)
    .post('/:id/disable', users.disable)
    .post('/:id/enable', users.enable)
    .post('/:id/unlock', users.unlock)
    .post('/:id/reset-password', users.resetPassword(config))
    .post('/:id/reset-mfa', users.resetMfa);
}
