import { Router } from 'express';
import type { Config } from '../../config';
import { fileUpload } from '../../lib/files';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import { returnRefusedUpload } from '../../middleware/upload-refused';
import { EVIDENCE_KINDS } from '../assessments/assessments.routes';
import * as findings from './findings.controller';

/** Findings raised in reviews, followed until resolved or their risk accepted. */
export function createFindingsRouter(config: Config): Router {
  const buyers = requireRole('admin', 'procurement');
  const vendors = requireRole('vendor');
  const evidenceUpload = fileUpload({ accept: EVIDENCE_KINDS, maxBytes: config.uploadMaxBytes });
  return Router()
    .use(requireSignedIn, (_req, res, next) => {
      res.locals.uploadLimitMb = config.uploadMaxBytes / 1_048_576;
      next();
    })
    .get('/', findings.list)
    .get('/:id', findings.show)
    .post('/:id/respond', vendors, findings.respond)
    .post('/:id/evidence', vendors, evidenceUpload, findings.uploadEvidence)
    .get('/:id/evidence/:fileId', findings.download)
    .post('/:id/close', buyers, findings.close)
    .post('/:id/reopen', buyers, findings.reopen)
    .post('/:id/comments', findings.comment)
    .use(returnRefusedUpload((req) => /^(\/findings\/[a-f\d]{24})\/evidence/.exec(req.originalUrl)?.[1]));
}
