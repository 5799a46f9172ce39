import type { RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { ConflictError } from '../../lib/errors';
import { contentDisposition, deleteFile, openFileStream } from '../../lib/files';
import { routeId } from '../../lib/validation';
import {
  confirmAnswerImport,
  exportAnswerWorkbook,
  getAnswerImport,
  openForImport,
  previewAnswerImport,
} from './answer-import.service';
import { inLocale } from './assessment-view';
import { loadAssessment } from './assessments.service';

export const exportWorkbook: RequestHandler = async (req, res) => {
  const { filename, content } = await exportAnswerWorkbook(contextOf(req), routeId(req.params));
  res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  res.setHeader('Content-Disposition', contentDisposition(filename));
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(content);
};

export const showImport: RequestHandler = async (req, res) => {
  const assessment = await openForImport(contextOf(req), routeId(req.params));
  res.render('assessments/import', {
    assessment,
    templateName: inLocale(assessment.templateName, req.locale),
  });
};

/** Reads the uploaded workbook (kept only as long as that takes) and shows what it would change. */
export const upload: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const stored = req.storedFile;
  if (!stored) return res.redirect(303, `/assessments/${id}/import`);
  let content: Buffer;
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of openFileStream(stored)) chunks.push(chunk as Buffer);
    content = Buffer.concat(chunks);
  } finally {
    await deleteFile(stored.id);
  }
  const previewId = await previewAnswerImport(contextOf(req), id, stored.filename, content);
  res.redirect(303, `/assessments/${id}/import/${previewId}`);
};

export const preview: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const result = await getAnswerImport(contextOf(req), id, String(req.params.importId));
  const assessment = await loadAssessment(contextOf(req), id);
  res.render('assessments/import-preview', {
    assessment,
    templateName: inLocale(assessment.templateName, req.locale),
    preview: result,
  });
};

export const confirm: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const previewId = String(req.params.importId);
  try {
    const changed = await confirmAnswerImport(contextOf(req), id, previewId);
    req.flash('success', 'assessments.import.done', { count: changed });
    res.redirect(303, `/assessments/${id}`);
  } catch (error) {
    if (!(error instanceof ConflictError) || error.messageKey === 'assessments.errors.locked') throw error;
    req.flash('error', error.messageKey);
    res.redirect(303, `/assessments/${id}/import/${previewId}`);
  }
};
