import { Router } from 'express';
import type { Config } from '../../config';
import { fileUpload } from '../../lib/files';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import { returnRefusedUpload } from '../../middleware/upload-refused';
import * as transfer from './supplier-transfer.controller';
import * as suppliers from './suppliers.controller';

const buyers = requireRole('admin', 'procurement');
const staff = requireRole('admin', 'procurement', 'auditor');

/** The supplier register. Vendors reach only their own supplier (enforced in the service). */
export function createSuppliersRouter(config: Config): Router {
  const csvUpload = fileUpload({
    accept: ['csv', 'text'],
    maxBytes: Math.min(config.uploadMaxBytes, 5 * 1_048_576),
  });
  return Router()
    .use(requireSignedIn)
    .get('/', suppliers.list)
    .get('/risk-formula', staff, suppliers.riskFormula)
    .get('/export.csv', staff, transfer.exportCsv)
    .get('/register.csv', staff, transfer.register('csv'))
    .get('/register.xlsx', staff, transfer.register('xlsx'))
    .get('/import', buyers, transfer.showImport)
    .get('/import/template.csv', buyers, transfer.template)
    .post('/import', buyers, csvUpload, transfer.upload)
    .get('/import/:importId', buyers, transfer.preview)
    .post('/import/:importId/confirm', buyers, transfer.confirm)
    .get('/new', buyers, suppliers.showNew)
    .post('/', buyers, suppliers.create)
    .get('/:id', suppliers.show)
    .get('/:id/edit', buyers, suppliers.showEdit)
    .post('/:id', buyers, suppliers.update)
    .post('/:id/status', buyers, suppliers.changeStatus)
    .use(returnRefusedUpload((req) => (req.path === '/import' ? '/suppliers/import' : undefined)));
}
