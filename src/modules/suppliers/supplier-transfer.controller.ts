import type { RequestHandler, Response } from 'express';
import { contextOf } from '../../lib/context';
import { ConflictError } from '../../lib/errors';
import { deleteFile, openFileStream } from '../../lib/files';
import { parseInput } from '../../lib/validation';
import { exportRegister, exportSupplierCsv } from './suppliers.export';
import {
  confirmImport,
  getImportPreview,
  importTemplate,
  MAX_IMPORT_ROWS,
  previewImport,
} from './suppliers.import';
import { supplierFilterSchema } from './suppliers.schema';

function attachment(res: Response, filename: string, contentType: string): void {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  res.setHeader('Cache-Control', 'private, no-store');
}

const today = () => new Date().toISOString().slice(0, 10);

export const exportCsv: RequestHandler = async (req, res) => {
  const filter = parseInput(supplierFilterSchema, req.query);
  attachment(res, `suppliers-${today()}.csv`, 'text/csv; charset=utf-8');
  await exportSupplierCsv(contextOf(req), filter, res);
  res.end();
};

export function register(format: 'csv' | 'xlsx'): RequestHandler {
  return async (req, res) => {
    const filter = parseInput(supplierFilterSchema, req.query);
    attachment(
      res,
      `processor-register-${today()}.${format}`,
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    await exportRegister(contextOf(req), req.t, filter, format, res);
    res.end();
  };
}

export const showImport: RequestHandler = (_req, res) => {
  res.render('suppliers/import', { maxRows: MAX_IMPORT_ROWS });
};

export const template: RequestHandler = (_req, res) => {
  attachment(res, 'supplier-import-template.csv', 'text/csv; charset=utf-8');
  res.send(importTemplate());
};

/** Reads the uploaded CSV (kept only as long as it takes), and shows the preview. */
export const upload: RequestHandler = async (req, res) => {
  const stored = req.storedFile;
  if (!stored) return res.redirect(303, '/suppliers/import');
  let text: string;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of openFileStream(stored)) chunks.push(chunk as Buffer);
    text = Buffer.concat(chunks).toString('utf8');
  } finally {
    await deleteFile(stored.id);
  }
  const id = await previewImport(contextOf(req), stored.filename, text);
  res.redirect(303, `/suppliers/import/${id}`);
};

export const preview: RequestHandler = async (req, res) => {
  const result = await getImportPreview(contextOf(req), String(req.params.importId));
  res.render('suppliers/import-preview', { preview: result });
};

export const confirm: RequestHandler = async (req, res) => {
  const id = String(req.params.importId);
  try {
    const counts = await confirmImport(contextOf(req), id);
    req.flash('success', 'suppliers.import.done', {
      created: counts.create,
      updated: counts.update,
      unchanged: counts.unchanged,
    });
    res.redirect(303, '/suppliers');
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    req.flash('error', error.messageKey);
    res.redirect(303, `/suppliers/import/${id}`);
  }
};
