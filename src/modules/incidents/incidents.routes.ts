import { Router } from 'express';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import * as incidents from './incidents.controller';

/** The incident register (PIPL Art. 57): report, follow, notify, close. */
export function createIncidentsRouter(): Router {
  const reporters = requireRole('admin', 'procurement', 'vendor');
  const buyers = requireRole('admin', 'procurement');
  return Router()
    .use(requireSignedIn)
    .get('/', incidents.list)
    .get('/new', reporters, incidents.showNew)
    .post('/', reporters, incidents.create)
    .get('/:id', incidents.show)
    .get('/:id/edit', reporters, incidents.showEdit)
    .post('/:id/edit', reporters, incidents.edit)
    .post('/:id/updates', reporters, incidents.addUpdate)
    .post('/:id/status', buyers, incidents.changeStatus)
    .post('/:id/notifications/:audience', buyers, incidents.notification);
}
