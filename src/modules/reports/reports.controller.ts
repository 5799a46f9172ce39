import type { RequestHandler } from 'express';
import { getConfig } from '../../config';
import { contextOf } from '../../lib/context';
import { UploadRejectedError } from '../../lib/errors';
import { contentDisposition, readUploadIntoMemory } from '../../lib/files';
import { logger } from '../../lib/logger';
import { formBody } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { supplierFilterSchema } from '../suppliers';
import { streamReportsZip } from './reports.bulk';
import { parseReference, reportLocale, verifyTextSchema } from './reports.schema';
import { generateSupplierReport, verifyReport } from './reports.service';

export const download: RequestHandler = async (req, res) => {
  const report = await generateSupplierReport(
    contextOf(req),
    routeId(req.params),
    reportLocale(req.query, req.locale),
  );
  res.set({
    'Content-Type': 'application/pdf',
    'Content-Disposition': contentDisposition(report.filename),
    'Content-Length': String(report.pdf.length),
    'Cache-Control': 'no-store',
    'X-Document-Id': report.documentId,
  });
  res.end(report.pdf);
};

export const downloadZip: RequestHandler = async (req, res) => {
  const filter = parseInput(supplierFilterSchema, req.query);
  const day = new Date().toISOString().slice(0, 10);
  res.set({
    'Content-Type': 'application/zip',
    'Content-Disposition': contentDisposition(`due-diligence-summaries-${day}.zip`),
    'Cache-Control': 'no-store',
  });
  try {
    await streamReportsZip(contextOf(req), filter, reportLocale(req.query, req.locale), res);
  } catch (error) {
    // Once the ZIP has started the status is sent: the only honest signal left is to cut the
    // download short, which the browser reports as failed.
    if (!res.headersSent) {
      // Refused before the first byte: the error page must not arrive as a .zip download.
      res.removeHeader('Content-Disposition');
      res.removeHeader('Content-Type');
      throw error;
    }
    logger().error({ err: error }, 'bulk report export failed mid-stream');
    res.destroy(error instanceof Error ? error : undefined);
  }
};

export const showVerify: RequestHandler = (_req, res) => {
  res.render('reports/verify', { values: {}, errors: {}, result: undefined });
};

export const verify: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  let file: Buffer | undefined;
  try {
    file = await readUploadIntoMemory(req, res, {
      accept: ['pdf'],
      acceptedNames: ['PDF'],
      maxBytes: getConfig().uploadMaxBytes,
    });
  } catch (error) {
    if (!(error instanceof UploadRejectedError)) throw error;
    // The form's text fields are read even when its file is refused: keep what was typed.
    const typed = formBody(req).reference;
    return res.status(error.status).render('reports/verify', {
      values: { reference: typeof typed === 'string' ? typed : '' },
      errors: { file: { key: error.messageKey, params: error.params } },
      result: undefined,
    });
  }
  const body = formBody(req);
  const parsed = verifyTextSchema.safeParse(body);
  const reference = parsed.success ? parseReference(parsed.data.reference) : 'invalid';
  const values = { reference: typeof body.reference === 'string' ? body.reference : '' };
  const refuse = (key: string) =>
    res.status(422).render('reports/verify', { values, errors: { reference: { key } }, result: undefined });
  if (reference === 'invalid') return refuse('reports.verify.errors.reference');
  const asked = file ? { file } : reference;
  if (!asked) return refuse('reports.verify.errors.nothing');
  const result = await verifyReport(context, asked);
  res.render('reports/verify', { values, errors: {}, result, checkedFile: Boolean(file) });
};
