import { Router } from 'express';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import * as suppliers from './suppliers.controller';

/** The supplier register. Vendors reach only their own supplier (enforced in the service). */
export function createSuppliersRouter(): Router {
  return Router()
    .use(requireSignedIn)
    .get('/', suppliers.list)
    .get('/new', requireRole('admin', 'procurement'), suppliers.showNew)
    .post('/', requireRole('admin', 'procurement'), suppliers.create)
    .get('/:id', suppliers.show);
}
