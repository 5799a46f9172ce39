import { Router } from 'express';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import * as reports from './reports.controller';

const staff = requireRole('admin', 'procurement', 'auditor');

/** Due-diligence summaries (PDF, one or a ZIP of many) and the check of a PDF's authenticity. */
export function createReportsRouter(): Router {
  return Router()
    .get('/suppliers/reports.zip', requireSignedIn, staff, reports.downloadZip)
    .get('/suppliers/:id/report.pdf', requireSignedIn, staff, reports.download)
    .get('/verify', requireSignedIn, staff, reports.showVerify)
    .post('/verify', requireSignedIn, staff, reports.verify);
}
