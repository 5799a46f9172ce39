import { Router } from 'express';
import type { Config } from '../../config';
import { FILE_KINDS, fileUpload, type FileKind } from '../../lib/files';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import { returnRefusedUpload } from '../../middleware/upload-refused';
import * as workbook from './answer-import.controller';
import * as answers from './answers.controller';
import * as assessments from './assessments.controller';

/** Evidence the vendor may attach: documents and pictures, recognised by their content. */
export const EVIDENCE_KINDS: readonly FileKind[] = FILE_KINDS.filter(
  (kind) => kind !== 'csv' && kind !== 'text',
);

/**
 * Security questionnaires sent to suppliers. Buyers send and review; the supplier's vendor
 * users answer (checked per assessment in the services); auditors read.
 */
export function createAssessmentsRouter(config: Config): Router {
  const buyers = requireRole('admin', 'procurement');
  const vendors = requireRole('vendor');
  const evidenceUpload = fileUpload({ accept: EVIDENCE_KINDS, maxBytes: config.uploadMaxBytes });
  const workbookUpload = fileUpload({ accept: ['xlsx'], maxBytes: config.uploadMaxBytes });
  const answer = '/:id/answers/:questionKey';
  return Router()
    .use(requireSignedIn, (_req, res, next) => {
      res.locals.uploadLimitMb = config.uploadMaxBytes / 1_048_576;
      next();
    })
    .get('/', assessments.list)
    .get('/scoring', assessments.scoring)
    .get('/new', buyers, assessments.showNew)
    .post('/', buyers, assessments.create(config))
    .get('/:id', assessments.show)
    .get('/:id/sections/:sectionKey', assessments.section)
    .post('/:id/sections/:sectionKey', vendors, answers.saveSection)
    .get('/:id/submit', assessments.submitPage)
    .post('/:id/submit', vendors, assessments.submit)
    .get('/:id/review', requireRole('admin', 'procurement', 'auditor'), assessments.review)
    .post('/:id/return', buyers, assessments.returnToVendor)
    .post('/:id/complete', buyers, assessments.complete)
    .post('/:id/cancel', buyers, assessments.cancel)
    .get('/:id/export.xlsx', workbook.exportWorkbook)
    .get('/:id/import', vendors, workbook.showImport)
    .post('/:id/import', vendors, workbookUpload, workbook.upload)
    .get('/:id/import/:importId', vendors, workbook.preview)
    .post('/:id/import/:importId', vendors, workbook.confirm)
    .post(answer, vendors, answers.save)
    .post(`${answer}/confirm`, vendors, answers.confirm)
    .post(`${answer}/evidence`, vendors, evidenceUpload, answers.uploadEvidence)
    .post(`${answer}/evidence/:fileId/delete`, vendors, answers.deleteEvidence)
    .get(`${answer}/evidence/:fileId`, answers.download)
    .post(`${answer}/comments`, answers.comment)
    .post(`${answer}/review`, buyers, answers.verdict)
    .use(
      returnRefusedUpload((req) => {
        const workbookPage = /^(\/assessments\/[a-f\d]{24}\/import)$/.exec(
          req.originalUrl.split('?')[0] ?? '',
        );
        if (workbookPage) return workbookPage[1];
        const match = /^(\/assessments\/[a-f\d]{24})\/answers\/([a-z0-9_]+)\/evidence/.exec(req.originalUrl);
        return match ? `${match[1]}#q-${match[2]}` : undefined;
      }),
    );
}
