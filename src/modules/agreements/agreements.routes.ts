import { Router } from 'express';
import type { Config } from '../../config';
import { fileUpload } from '../../lib/files';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import { returnRefusedUpload } from '../../middleware/upload-refused';
import * as agreements from './agreements.controller';

/**
 * A supplier's agreements, under /suppliers/:supplierId/agreements. Reading follows the
 * supplier's access rules (vendors: their own only, enforced in the service).
 */
export function createAgreementsRouter(config: Config): Router {
  const buyers = requireRole('admin', 'procurement');
  const vendors = requireRole('vendor');
  const pdfUpload = fileUpload({ accept: ['pdf'], maxBytes: config.uploadMaxBytes });
  return Router({ mergeParams: true })
    .use(requireSignedIn, (_req, res, next) => {
      res.locals.uploadLimitMb = config.uploadMaxBytes / 1_048_576;
      next();
    })
    .get('/', agreements.list)
    .get('/new', buyers, agreements.showNew)
    .post('/', buyers, agreements.create)
    .get('/:agreementId', agreements.show)
    .get('/:agreementId/edit', buyers, agreements.showEdit)
    .post('/:agreementId', buyers, agreements.update)
    .get('/:agreementId/download', agreements.download)
    .post('/:agreementId/file', buyers, pdfUpload, agreements.uploadFile)
    .post('/:agreementId/versions', buyers, pdfUpload, agreements.uploadVersion)
    .post('/:agreementId/countersigned', vendors, pdfUpload, agreements.uploadCountersigned)
    .post('/:agreementId/approve', buyers, agreements.decide(true))
    .post('/:agreementId/reject', buyers, agreements.decide(false))
    .post('/:agreementId/checklist', buyers, agreements.updateChecklist)
    .use(
      returnRefusedUpload(
        (req) => /^(\/suppliers\/[a-f\d]{24}\/agreements\/[a-f\d]{24})\//.exec(req.originalUrl)?.[1],
      ),
    );
}
