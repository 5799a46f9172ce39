import { Router } from 'express';
import { requireRole } from '../../middleware/auth';
import * as audit from './audit.controller';

/** The audit trail, read-only, for admins and auditors. */
export function createAuditRouter(): Router {
  return Router().use(requireRole('admin', 'auditor')).get('/', audit.list);
}
