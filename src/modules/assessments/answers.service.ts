import type { Readable } from 'node:stream';
import type { RequestContext } from '../../lib/context';
import { forgetEvidenceValidity, noteEvidenceValidity } from './evidence-validity';
import { formatDay } from '../../lib/dates';
import { ConflictError, NotFoundError, ValidationError, isDuplicateKey } from '../../lib/errors';
import { IntegrityError, deleteFile, openVerified, type StoredFile } from '../../lib/files';
import { oneAtATime } from '../../lib/one-at-a-time';
import { questionsOf, type TemplateQuestion } from '../questionnaires';
import { authorize } from '../access';
import { record } from '../audit';
import { checkValue, valueText } from './answer-values';
import {
  AnswerModel,
  answerId,
  type AnswerChange,
  type AnswerRecord,
  type AnswerValue,
  type EvidenceFile,
  evidenceFrom,
} from './answer.model';
import { VENDOR_EDITABLE, type AssessmentRecord } from './assessment.model';
import { missingFor, type Missing } from './visibility';
import { loadAssessment, moveAssessment, templateOf } from './assessments.service';

const HISTORY_KEPT = 50;
const MAX_TRIES = 8;

/** The assessment and question a vendor writes to, once every rule has been checked. */
async function openForVendor(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
): Promise<{ assessment: AssessmentRecord; question: TemplateQuestion }> {
  const assessment = await loadAssessment(context, assessmentId);
  authorize(context.actor, 'assessments.answer', { supplierId: assessment.supplierId });
  if (!VENDOR_EDITABLE.includes(assessment.status)) throw new ConflictError('assessments.errors.locked');
  const template = await templateOf(assessment);
  const question = questionsOf(template.content).find((item) => item.question.key === questionKey)?.question;
  if (!question) throw new NotFoundError();
  return { assessment, question };
}

/**
 * Applies a change to one answer with optimistic concurrency: read, change, write only if the
 * revision is still the one read, and try again when another save came in between. Changes of
 * one answer made by this process wait for each other (see oneAtATime).
 */
async function changeAnswer(
  assessmentId: string,
  questionKey: string,
  change: (current: AnswerRecord | null) => Partial<AnswerRecord> | undefined,
): Promise<{ before: AnswerRecord | null; after: AnswerRecord } | undefined> {
  const id = answerId(assessmentId, questionKey);
  return oneAtATime(`answer:${id}`, () => writeAnswer(id, assessmentId, questionKey, change));
}

async function writeAnswer(
  id: string,
  assessmentId: string,
  questionKey: string,
  change: (current: AnswerRecord | null) => Partial<AnswerRecord> | undefined,
): Promise<{ before: AnswerRecord | null; after: AnswerRecord } | undefined> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const current = await AnswerModel.findById(id).lean<AnswerRecord>();
    const fields = change(current);
    if (!fields) return undefined;
    const revision = current?.revision ?? 0;
    const next: AnswerRecord = {
      _id: id,
      assessmentId,
      questionKey,
      evidence: [],
      thread: [],
      history: [],
      ...current,
      ...fields,
      revision: revision + 1,
    };
    try {
      const result = current
        ? await AnswerModel.collection.replaceOne({ _id: id, revision } as never, next)
        : await AnswerModel.collection.insertOne(next as never).then(() => ({ matchedCount: 1 }));
      if (result.matchedCount === 1) return { before: current, after: next };
    } catch (error) {
      // Two first saves of the same answer at once: the loser reads the winner's and retries.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new ConflictError('assessments.errors.busy');
}

function historyWith(current: AnswerRecord | null, byName: string | undefined): AnswerChange[] {
  if (!current || (current.value === undefined && current.note === undefined)) return current?.history ?? [];
  const entry: AnswerChange = {
    at: current.updatedAt ?? new Date(),
    byName: current.updatedByName,
    value: current.value,
    note: current.note,
    saveId: current.lastSaveId,
  };
  return [...current.history, entry]
    .slice(-HISTORY_KEPT)
    .map((item) => ({ ...item, byName: item.byName ?? byName }));
}

export interface SaveInput {
  value?: unknown;
  note?: unknown;
  /** Chosen by the browser for each save, so a retried save is applied once. */
  saveId: string;
  /** The revision the browser's copy was based on; another window may have saved since. */
  baseRevision?: number | undefined;
}

export interface SaveResult {
  revision: number;
  savedAt: Date;
  value: AnswerValue | null;
  note: string | null;
  /** Another save (another tab) had changed the answer since this one was based on it. */
  overwrote: boolean;
  /** What the question still lacks, if anything (for its "to do" tag). */
  missing: Missing | undefined;
}

function resultOf(question: TemplateQuestion, answer: AnswerRecord, overwrote: boolean): SaveResult {
  return {
    missing: missingFor(question, answer),
    revision: answer.valueRevision ?? 0,
    savedAt: answer.updatedAt ?? new Date(),
    value: answer.value ?? null,
    note: answer.note ?? null,
    overwrote,
  };
}

/**
 * Saves one answer as the vendor types (autosave). The latest save wins; what it replaces goes
 * to the answer's history and the audit trail, so nothing typed is lost. A save that arrives
 * twice (a retry after a lost response) is applied once.
 */
export async function saveAnswer(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
  input: SaveInput,
): Promise<SaveResult> {
  const { assessment, question } = await openForVendor(context, assessmentId, questionKey);
  const checked = checkValue(question, input.value);
  if (!checked.ok) throw new ValidationError({ value: { key: checked.key, params: checked.params } });
  const note = typeof input.note === 'string' ? input.note.replace(/\r\n/g, '\n').slice(0, 5000) : undefined;
  let repeated: AnswerRecord | undefined;
  let overwrote = false;
  const changed = await changeAnswer(assessmentId, questionKey, (current) => {
    // A retry of a save already applied, even if other saves came after it.
    const applied =
      current?.lastSaveId === input.saveId ||
      current?.history.some((change) => change.saveId === input.saveId);
    if (current && applied) {
      repeated = current;
      return undefined;
    }
    overwrote =
      input.baseRevision !== undefined &&
      current !== null &&
      (current.valueRevision ?? 0) !== input.baseRevision;
    return {
      valueRevision: (current?.valueRevision ?? 0) + 1,
      value: checked.value,
      note: note ?? current?.note,
      lastSaveId: input.saveId,
      updatedAt: new Date(),
      updatedByName: context.actor?.name,
      carriedForward: false,
      history: historyWith(current, context.actor?.name),
    };
  });
  if (repeated) return resultOf(question, repeated, false);
  if (!changed) throw new NotFoundError();
  if (assessment.status === 'sent') {
    await moveAssessment(context, assessment, ['sent'], 'in_progress').catch((error: unknown) => {
      // Another first answer already moved it.
      if (!(error instanceof ConflictError)) throw error;
    });
  }
  await record(context, {
    action: 'answers.change',
    target: { type: 'answer', id: changed.after._id, label: questionKey },
    supplierId: assessment.supplierId,
    details: {
      question: questionKey,
      old: valueText(changed.before?.value).slice(0, 500),
      new: valueText(changed.after.value).slice(0, 500),
      ...noteChange(changed.before?.note, changed.after.note),
      overwrote,
    },
  });
  return resultOf(question, changed.after, overwrote);
}

/** Keeps a carried-forward answer as it is: the vendor confirms it still holds. */
export async function confirmAnswer(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
): Promise<void> {
  const { assessment } = await openForVendor(context, assessmentId, questionKey);
  const changed = await changeAnswer(assessmentId, questionKey, (current) =>
    current?.carriedForward
      ? { carriedForward: false, updatedAt: new Date(), updatedByName: context.actor?.name }
      : undefined,
  );
  if (!changed) return;
  await record(context, {
    action: 'answers.confirm',
    target: { type: 'answer', id: changed.after._id, label: questionKey },
    supplierId: assessment.supplierId,
    details: { question: questionKey, value: valueText(changed.after.value).slice(0, 500) },
  });
}

/** Whether the save changed the note, and then its old and new text (shortened), for the audit trail. */
function noteChange(before: string | undefined, after: string | undefined): Record<string, unknown> {
  if ((before ?? '') === (after ?? '')) return { noteChanged: false };
  return { noteChanged: true, oldNote: (before ?? '').slice(0, 500), newNote: (after ?? '').slice(0, 500) };
}

/**
 * Attaches an evidence file (already stored and checked) to an answer. A refused upload (another
 * supplier's assessment, a locked one, an unknown question) leaves no file behind.
 */
export async function addEvidence(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
  stored: StoredFile,
  validUntil?: Date,
): Promise<EvidenceFile> {
  try {
    const { assessment } = await openForVendor(context, assessmentId, questionKey);
    const evidence = { ...evidenceFrom(stored, context.actor?.name), ...(validUntil ? { validUntil } : {}) };
    const changed = await changeAnswer(assessmentId, questionKey, (current) => ({
      evidence: [...(current?.evidence ?? []), evidence],
      carriedForward: false,
      updatedAt: new Date(),
      updatedByName: context.actor?.name,
    }));
    await record(context, {
      action: 'answers.evidence_add',
      target: {
        type: 'answer',
        id: changed?.after._id ?? answerId(assessmentId, questionKey),
        label: stored.filename,
      },
      supplierId: assessment.supplierId,
      details: {
        question: questionKey,
        sha256: stored.sha256,
        bytes: stored.length,
        ...(validUntil ? { validUntil: formatDay(validUntil) } : {}),
      },
    });
    if (validUntil) {
      await noteEvidenceValidity({
        supplierId: assessment.supplierId,
        supplierName: assessment.supplierName,
        assessmentId,
        questionKey,
        fileId: stored.id,
        filename: stored.filename,
        validUntil,
      });
    }
    return evidence;
  } catch (error) {
    await deleteFile(stored.id);
    throw error;
  }
}

/**
 * Takes an evidence file off an answer. The stored file itself is kept: a carried-forward
 * answer of a later cycle, or the audit trail, may still point at it.
 */
export async function removeEvidence(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
  fileId: string,
): Promise<void> {
  const { assessment } = await openForVendor(context, assessmentId, questionKey);
  let removed: EvidenceFile | undefined;
  await changeAnswer(assessmentId, questionKey, (current) => {
    removed = current?.evidence.find((file) => file.fileId === fileId);
    if (!current || !removed) return undefined;
    return {
      evidence: current.evidence.filter((file) => file.fileId !== fileId),
      updatedAt: new Date(),
      updatedByName: context.actor?.name,
    };
  });
  if (!removed) throw new NotFoundError();
  await record(context, {
    action: 'answers.evidence_remove',
    target: { type: 'answer', id: answerId(assessmentId, questionKey), label: removed.filename },
    supplierId: assessment.supplierId,
    details: { question: questionKey, sha256: removed.sha256 },
  });
  await forgetEvidenceValidity(assessment.supplierId, fileId);
}

/** Adds a message to a question's thread: the vendor and the reviewers talk there. */
export async function addComment(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
  text: string,
): Promise<void> {
  const assessment = await loadAssessment(context, assessmentId);
  authorize(context.actor, 'assessments.comment', { supplierId: assessment.supplierId });
  const template = await templateOf(assessment);
  if (!questionsOf(template.content).some(({ question }) => question.key === questionKey))
    throw new NotFoundError();
  const message = {
    at: new Date(),
    byId: context.actor.id,
    byName: context.actor.name,
    side: context.actor.role === 'vendor' ? ('vendor' as const) : ('staff' as const),
    text: text.slice(0, 5000),
  };
  await changeAnswer(assessmentId, questionKey, (current) => ({
    thread: [...(current?.thread ?? []), message],
  }));
  await record(context, {
    action: 'answers.comment',
    target: { type: 'answer', id: answerId(assessmentId, questionKey), label: questionKey },
    supplierId: assessment.supplierId,
    details: { question: questionKey, side: message.side },
  });
}

/**
 * An evidence file of an answer, checked against its SHA-256 before it is handed out; the
 * download (or the failed check) is audited.
 */
export async function downloadEvidence(
  context: RequestContext,
  assessmentId: string,
  questionKey: string,
  fileId: string,
): Promise<{ file: StoredFile; stream: Readable }> {
  const assessment = await loadAssessment(context, assessmentId);
  const answer = await AnswerModel.findById(answerId(assessmentId, questionKey)).lean<AnswerRecord>();
  const file = answer?.evidence.find((item) => item.fileId === fileId);
  if (!file) throw new NotFoundError();
  const opened = await openVerified(file.fileId, file.sha256);
  const target = { type: 'evidence', id: file.fileId, label: file.filename };
  if (!opened.ok) {
    await record(context, {
      action: 'answers.integrity_failure',
      outcome: 'failure',
      target,
      supplierId: assessment.supplierId,
      details: { question: questionKey, expected: file.sha256, actual: opened.actualSha256 },
    });
    throw new IntegrityError();
  }
  await record(context, {
    action: 'answers.evidence_download',
    target,
    supplierId: assessment.supplierId,
    details: { question: questionKey, sha256: file.sha256 },
  });
  return { file: opened.file, stream: opened.stream };
}
