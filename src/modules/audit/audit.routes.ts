import { Router } from 'express';
import { requireRole } from '../../middleware/auth';
import * as audit from './audit.controller';

/** The audit trail for admins and auditors: read, verify, export; nobody can change it. */
export function createAuditRouter(): Router {
  return Router()
    .use(requireRole('admin', 'auditor'))
    .get('/', audit.list)
    .post('/verify', audit.verify)
    .get('/export.csv', audit.exportCsv);
}
