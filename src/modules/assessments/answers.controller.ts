import { randomUUID } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { contextOf } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { deleteFile, sendDownload } from '../../lib/files';
import { parseDay } from '../../lib/dates';
import { formBody, submitForm } from '../../lib/forms';
import { parseInput, routeId } from '../../lib/validation';
import { valueText } from './answer-values';
import {
  addComment,
  addEvidence,
  confirmAnswer,
  downloadEvidence,
  removeEvidence,
  saveAnswer,
} from './answers.service';
import { commentSchema, saveSchema, verdictSchema } from './assessments.schema';
import { backTo, renderReview } from './assessments.controller';
import { loadAnswers, loadAssessment, templateOf } from './assessments.service';
import { reviewAnswer } from './review.service';

function ids(req: Request): { id: string; key: string } {
  const key = req.params.questionKey;
  if (typeof key !== 'string' || !/^[a-z][a-z0-9_]{1,40}$/.test(key)) throw new NotFoundError();
  return { id: routeId(req.params), key };
}

function wantsJson(req: Request): boolean {
  return req.is('application/json') === 'application/json' || req.accepts(['html', 'json']) === 'json';
}

/** Answers a script's request with the reason a save was refused. */
function refuse(res: Response, req: Request, error: unknown): void {
  if (error instanceof ValidationError) {
    const first = Object.values(error.fieldErrors)[0];
    res
      .status(422)
      .json({ error: { message: req.t(first?.key ?? 'errors.validation.message', first?.params ?? {}) } });
    return;
  }
  if (error instanceof ConflictError) {
    res.status(409).json({ error: { message: req.t(error.messageKey, error.params) } });
    return;
  }
  throw error;
}

/** Autosave of one answer (JSON in, JSON out). */
export const save: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  const input = saveSchema.safeParse(req.body);
  if (!input.success) {
    res.status(400).json({ error: { message: req.t('errors.badRequest.message') } });
    return;
  }
  try {
    res.json({ ok: true, ...(await saveAnswer(contextOf(req), id, key, input.data)) });
  } catch (error) {
    refuse(res, req, error);
  }
};

/**
 * A whole section sent as a plain form (browsers without scripts): every answer that differs
 * from the stored one is saved like an autosave; then on to the next section.
 */
export const saveSection: RequestHandler = async (req, res) => {
  const id = routeId(req.params);
  const context = contextOf(req);
  const assessment = await loadAssessment(context, id);
  const template = await templateOf(assessment);
  const section = template.content.sections.find((item) => item.key === req.params.sectionKey);
  if (!section) throw new NotFoundError();
  const answers = await loadAnswers(id, template);
  const body = formBody(req);
  const problems: string[] = [];
  for (const question of section.questions) {
    if (question.type === 'file' || !(`q_${question.key}` in body || `note_${question.key}` in body))
      continue;
    const raw = body[`q_${question.key}`];
    const value = question.type === 'multi_choice' ? ([] as unknown[]).concat(raw ?? []) : raw;
    const note = typeof body[`note_${question.key}`] === 'string' ? body[`note_${question.key}`] : undefined;
    const stored = answers.get(question.key);
    const same =
      valueText(stored?.value) === valueText(value as never) && (stored?.note ?? '') === (note ?? '');
    if (same) continue;
    try {
      await saveAnswer(context, id, question.key, { value, note, saveId: randomUUID() });
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      problems.push(question.key);
    }
  }
  if (problems.length > 0)
    req.flash('error', 'assessments.errors.someNotSaved', { keys: problems.join(', ') });
  else req.flash('success', 'assessments.sectionSaved');
  const keys = template.content.sections.map((item) => item.key);
  const next = keys[keys.indexOf(section.key) + 1];
  const goNext = body.go === 'next' && next && problems.length === 0;
  res.redirect(303, `/assessments/${id}/sections/${goNext ? next : section.key}`);
};

export const confirm: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  await confirmAnswer(contextOf(req), id, key);
  if (wantsJson(req)) {
    res.json({ ok: true });
    return;
  }
  res.redirect(303, `${backTo(req, id)}#q-${key}`);
};

export const uploadEvidence: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  const stored = req.storedFile;
  if (!stored) throw new NotFoundError();
  const validUntil = formBody(req).validUntil;
  const validDay = typeof validUntil === 'string' && validUntil !== '' ? parseDay(validUntil) : undefined;
  if (typeof validUntil === 'string' && validUntil !== '' && !validDay) {
    // The file is not kept without the date the vendor meant to give it.
    await deleteFile(stored.id);
    if (wantsJson(req)) return refuse(res, req, new ConflictError('answers.errors.validUntil'));
    req.flash('error', 'answers.errors.validUntil');
    return res.redirect(303, `${backTo(req, id)}#q-${key}`);
  }
  try {
    const evidence = await addEvidence(contextOf(req), id, key, stored, validDay);
    if (wantsJson(req)) {
      res.json({ ok: true, evidence });
      return;
    }
    req.flash('success', 'assessments.evidenceStored', { name: evidence.filename });
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    if (wantsJson(req)) return refuse(res, req, error);
    req.flash('error', error.messageKey);
  }
  res.redirect(303, `${backTo(req, id)}#q-${key}`);
};

export const deleteEvidence: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  const fileId = req.params.fileId;
  if (typeof fileId !== 'string') throw new NotFoundError();
  await removeEvidence(contextOf(req), id, key, fileId);
  req.flash('success', 'assessments.evidenceRemoved');
  res.redirect(303, `${backTo(req, id)}#q-${key}`);
};

export const download: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  const { file, stream } = await downloadEvidence(contextOf(req), id, key, String(req.params.fileId));
  sendDownload(res, file, stream);
};

export const comment: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  const result = commentSchema.safeParse(formBody(req));
  if (result.success) {
    await addComment(contextOf(req), id, key, result.data.text);
    req.flash('success', 'assessments.commentAdded');
  } else {
    req.flash('error', 'assessments.errors.emptyComment');
  }
  res.redirect(303, `${backTo(req, id)}#q-${key}`);
};

/** A reviewer's decision on one answer; a refused one shows the review page again with what to fix. */
export const verdict: RequestHandler = async (req, res) => {
  const { id, key } = ids(req);
  const body = formBody(req);
  await submitForm(
    async () => {
      const decision = parseInput(verdictSchema, body);
      try {
        await reviewAnswer(contextOf(req), id, key, {
          verdict: decision.verdict,
          message: decision.message,
          finding:
            decision.verdict === 'finding'
              ? {
                  severity: decision.severity,
                  title: decision.title,
                  description: decision.description,
                  dueDate: decision.dueDate,
                }
              : undefined,
        });
        req.flash('success', `assessments.verdicts.done.${decision.verdict}`);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        req.flash('error', error.messageKey);
      }
      res.redirect(303, `/assessments/${id}/review#q-${key}`);
    },
    (error) => renderReview(req, res, { values: { ...body, questionKey: key }, error }),
  );
};
