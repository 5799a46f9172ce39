import { Router } from 'express';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import * as alerts from './monitoring.controller';

/** Access-monitoring alerts: admins and auditors read them, admins acknowledge them. */
export function createMonitoringRouter(): Router {
  return Router()
    .use(requireSignedIn, requireRole('admin', 'auditor'))
    .get('/', alerts.list)
    .post('/:id/acknowledge', requireRole('admin'), alerts.acknowledge);
}
