import { Router } from 'express';
import type { Config } from '../../config';
import { requireRole } from '../../middleware/auth';
import * as outbox from './outbox.controller';

/** Mails the portal would have sent, when no SMTP server is configured (admins only). */
export function createOutboxRouter(config: Config): Router {
  return Router().use(requireRole('admin')).get('/', outbox.list(config)).get('/:id', outbox.show(config));
}
