import { getConfig } from '../../config';
import { dayIn, formatDay } from '../../lib/dates';
import type { Readable } from 'node:stream';
import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { IntegrityError, deleteFile, openVerified, type StoredFile } from '../../lib/files';
import { oneAtATime } from '../../lib/one-at-a-time';
import { authorize } from '../access';
import { evidenceFrom, type ThreadMessage } from '../assessments/answer.model';
import { record } from '../audit';
import { setFindingSummary } from '../suppliers';
import { findingDirectory, type FindingRow } from './finding-directory';
import {
  FindingModel,
  UNRESOLVED,
  type FindingRecord,
  type FindingStatus,
  type Severity,
} from './finding.model';

/** A finding as lists show it, with whether its remediation is late. */
export interface ListedFinding extends FindingRow {
  overdue: boolean;
}

export interface FindingFilter {
  status?: FindingStatus | 'unresolved' | undefined;
  severity?: Severity | undefined;
  supplierId?: string | undefined;
  assessmentId?: string | undefined;
  overdue?: boolean | undefined;
}

const SEVERITY_ORDER: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Findings the actor may see, most severe and most urgent first. */
export async function listFindings(
  context: RequestContext,
  filter: FindingFilter = {},
): Promise<ListedFinding[]> {
  authorize(context.actor, 'findings.list');
  // Due on a day means "by the end of that day" in the portal's time zone.
  const today = dayIn(new Date(), getConfig().timeZone);
  const vendorSupplier = context.actor.role === 'vendor' ? context.actor.supplierId : undefined;
  return (await findingDirectory.all())
    .filter((row) => vendorSupplier === undefined || row.supplierId === vendorSupplier)
    .filter((row) => !filter.supplierId || row.supplierId === filter.supplierId)
    .filter((row) => !filter.assessmentId || row.assessmentId === filter.assessmentId)
    .filter((row) => !filter.severity || row.severity === filter.severity)
    .filter((row) =>
      filter.status === 'unresolved'
        ? UNRESOLVED.includes(row.status)
        : !filter.status || row.status === filter.status,
    )
    .map((row) => ({ ...row, overdue: UNRESOLVED.includes(row.status) && row.dueDate < today }))
    .filter((row) => !filter.overdue || row.overdue)
    .sort(
      (a, b) =>
        Number(UNRESOLVED.includes(b.status)) - Number(UNRESOLVED.includes(a.status)) ||
        SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
        a.dueDate.getTime() - b.dueDate.getTime(),
    );
}

/** Counts of a supplier's unresolved findings (no access check: for other services). */
export async function unresolvedCounts(
  supplierId: string,
): Promise<Record<Severity, number> & { open: number }> {
  const counts = { open: 0, critical: 0, high: 0, medium: 0, low: 0 };
  for (const row of await findingDirectory.all()) {
    if (row.supplierId !== supplierId || !UNRESOLVED.includes(row.status)) continue;
    counts.open++;
    counts[row.severity]++;
  }
  return counts;
}

/** Keeps the supplier's finding counts in step after any change. */
async function refreshSupplier(supplierId: string): Promise<void> {
  const rows = (await findingDirectory.all()).filter(
    (row) => row.supplierId === supplierId && UNRESOLVED.includes(row.status),
  );
  const counts = await unresolvedCounts(supplierId);
  const due = rows.map((row) => row.dueDate.getTime()).sort((a, b) => a - b)[0];
  await setFindingSummary(supplierId, { ...counts, nextDue: due === undefined ? undefined : new Date(due) });
}

async function load(context: RequestContext, id: string): Promise<FindingRecord> {
  const finding = Types.ObjectId.isValid(id) ? await FindingModel.findById(id).lean<FindingRecord>() : null;
  if (!finding) throw new NotFoundError();
  const actor = context.actor;
  if (actor?.role === 'vendor' && actor.supplierId !== finding.supplierId) {
    await record(context, {
      action: 'access.denied',
      outcome: 'denied',
      target: { type: 'finding', id },
      supplierId: actor.supplierId,
      details: { reason: 'other_supplier' },
    });
    throw new NotFoundError();
  }
  authorize(actor, 'findings.read', { supplierId: finding.supplierId });
  return finding;
}

/** One finding with its source question, answer, evidence and conversation. */
/** Every finding of a supplier, open ones first, as full records (for the due-diligence summary). */
export async function findingsOfSupplier(
  context: RequestContext,
  supplierId: string,
): Promise<FindingRecord[]> {
  const rows = await listFindings(context, { supplierId });
  const records = await Promise.all(rows.map((row) => FindingModel.findById(row.id).lean<FindingRecord>()));
  return records.filter((finding): finding is FindingRecord => finding !== null);
}

export async function getFinding(context: RequestContext, id: string): Promise<FindingRecord> {
  return load(context, id);
}

/** What a reviewer's finding records: where it comes from and what must be fixed by when. */
export type RaiseInput = Pick<
  FindingRecord,
  | 'supplierId'
  | 'supplierName'
  | 'assessmentId'
  | 'questionKey'
  | 'questionText'
  | 'answerText'
  | 'answerNote'
  | 'evidence'
  | 'severity'
  | 'title'
  | 'description'
  | 'dueDate'
>;

/** Opens a finding on a reviewed answer (the review service checks who may). */
export async function raiseFinding(context: RequestContext, input: RaiseInput): Promise<string> {
  authorize(context.actor, 'findings.manage', { supplierId: input.supplierId });
  const created = await FindingModel.create({
    ...input,
    status: 'open',
    raisedById: context.actor.id,
    raisedByName: context.actor.name,
    history: [{ at: new Date(), action: 'raised', byName: context.actor.name, note: input.severity }],
  });
  const finding = created.toObject() as FindingRecord;
  const id = finding._id.toString();
  await findingDirectory.publish(finding);
  await refreshSupplier(input.supplierId);
  await record(context, {
    action: 'findings.raise',
    target: { type: 'finding', id, label: input.title },
    supplierId: input.supplierId,
    details: {
      severity: input.severity,
      question: input.questionKey,
      due: formatDay(input.dueDate),
    },
  });
  return id;
}

/**
 * Writes a change to a finding if it is still in one of `from`, and keeps lists current.
 * Changes of one finding wait for each other, so that two at once cannot both find it in `from`.
 */
async function update(
  finding: FindingRecord,
  from: readonly FindingStatus[],
  change: { $set?: Record<string, unknown>; $push?: Record<string, unknown> },
): Promise<FindingRecord> {
  const updated = await oneAtATime(`finding:${finding._id.toString()}`, () =>
    FindingModel.findOneAndUpdate({ _id: finding._id, status: { $in: from } }, change, {
      returnDocument: 'after',
    }).lean<FindingRecord>(),
  );
  if (!updated) throw new ConflictError('findings.errors.changedMeanwhile');
  await findingDirectory.publish(updated);
  await refreshSupplier(updated.supplierId);
  return updated;
}

/** The vendor answers a finding with a remediation plan; it then waits for a buyer's decision. */
export async function respondToFinding(context: RequestContext, id: string, plan: string): Promise<void> {
  const finding = await load(context, id);
  authorize(context.actor, 'findings.respond', { supplierId: finding.supplierId });
  if (!UNRESOLVED.includes(finding.status)) throw new ConflictError('findings.errors.closed');
  const response = {
    plan,
    at: new Date(),
    byName: context.actor.name,
    evidence: finding.response?.evidence ?? [],
  };
  await update(finding, UNRESOLVED, {
    $set: { status: 'responded', response },
    $push: { history: { at: new Date(), action: 'responded', byName: context.actor.name } },
  });
  await record(context, {
    action: 'findings.respond',
    target: { type: 'finding', id, label: finding.title },
    supplierId: finding.supplierId,
  });
}

/**
 * The vendor adds evidence of the remediation (a file already stored and checked). A refused
 * upload (another supplier's finding, a closed one) leaves no file behind.
 */
export async function addFindingEvidence(
  context: RequestContext,
  id: string,
  stored: StoredFile,
): Promise<void> {
  try {
    const finding = await load(context, id);
    authorize(context.actor, 'findings.respond', { supplierId: finding.supplierId });
    if (!UNRESOLVED.includes(finding.status)) throw new ConflictError('findings.errors.closed');
    const file = evidenceFrom(stored, context.actor.name);
    const response = finding.response ?? {
      plan: '',
      at: new Date(),
      byName: context.actor.name,
      evidence: [],
    };
    await update(finding, UNRESOLVED, {
      $set: { response: { ...response, evidence: [...response.evidence, file] } },
      $push: {
        history: { at: new Date(), action: 'evidence', byName: context.actor.name, note: stored.filename },
      },
    });
    await record(context, {
      action: 'findings.evidence_add',
      target: { type: 'finding', id, label: stored.filename },
      supplierId: finding.supplierId,
      details: { sha256: stored.sha256 },
    });
  } catch (error) {
    await deleteFile(stored.id);
    throw error;
  }
}

/**
 * Evidence of a finding (from the answer or the vendor's response), opened only once its
 * SHA-256 still matches the one taken at upload; both outcomes are audited.
 */
export async function downloadFindingEvidence(
  context: RequestContext,
  id: string,
  fileId: string,
): Promise<{ file: StoredFile; stream: Readable }> {
  const finding = await load(context, id);
  const file = [...finding.evidence, ...(finding.response?.evidence ?? [])].find(
    (item) => item.fileId === fileId,
  );
  if (!file) throw new NotFoundError();
  const opened = await openVerified(file.fileId, file.sha256);
  const target = { type: 'evidence', id: file.fileId, label: file.filename };
  if (!opened.ok) {
    await record(context, {
      action: 'findings.integrity_failure',
      outcome: 'failure',
      target,
      supplierId: finding.supplierId,
      details: { expected: file.sha256, actual: opened.actualSha256 },
    });
    throw new IntegrityError();
  }
  await record(context, { action: 'findings.evidence_download', target, supplierId: finding.supplierId });
  return { file: opened.file, stream: opened.stream };
}

export interface Closure {
  kind: 'resolved' | 'accepted';
  justification?: string | undefined;
  approver?: string | undefined;
}

/**
 * A buyer closes a finding: resolved, or its risk accepted — which needs a justification and
 * the name of whoever approved the acceptance.
 */
export async function closeFinding(context: RequestContext, id: string, closure: Closure): Promise<void> {
  const finding = await load(context, id);
  authorize(context.actor, 'findings.manage', { supplierId: finding.supplierId });
  if (!UNRESOLVED.includes(finding.status)) throw new ConflictError('findings.errors.closed');
  if (closure.kind === 'accepted') {
    const errors: ConstructorParameters<typeof ValidationError>[0] = {};
    if (!closure.justification) errors.justification = { key: 'validation.required' };
    if (!closure.approver) errors.approver = { key: 'validation.required' };
    if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  }
  await update(finding, UNRESOLVED, {
    $set: { status: closure.kind, closure: { ...closure, at: new Date(), byName: context.actor.name } },
    $push: {
      history: {
        at: new Date(),
        action: closure.kind,
        byName: context.actor.name,
        note: closure.justification,
      },
    },
  });
  await record(context, {
    action: closure.kind === 'resolved' ? 'findings.resolve' : 'findings.accept_risk',
    target: { type: 'finding', id, label: finding.title },
    supplierId: finding.supplierId,
    details: closure.kind === 'accepted' ? { approver: closure.approver ?? '' } : undefined,
  });
}

/** A buyer sends a responded finding back to open (the plan is not enough). */
export async function reopenFinding(context: RequestContext, id: string, note: string): Promise<void> {
  const finding = await load(context, id);
  authorize(context.actor, 'findings.manage', { supplierId: finding.supplierId });
  await update(finding, ['responded'], {
    $set: { status: 'open' },
    $push: { history: { at: new Date(), action: 'reopened', byName: context.actor.name, note } },
  });
  await record(context, {
    action: 'findings.reopen',
    target: { type: 'finding', id, label: finding.title },
    supplierId: finding.supplierId,
  });
}

/** Adds a message to the finding's conversation. */
export async function commentOnFinding(context: RequestContext, id: string, text: string): Promise<void> {
  const finding = await load(context, id);
  authorize(context.actor, 'findings.comment', { supplierId: finding.supplierId });
  const message: ThreadMessage = {
    at: new Date(),
    byId: context.actor.id,
    byName: context.actor.name,
    side: context.actor.role === 'vendor' ? 'vendor' : 'staff',
    text: text.slice(0, 5000),
  };
  await update(finding, ['open', 'responded', 'resolved', 'accepted'], { $push: { thread: message } });
  await record(context, {
    action: 'findings.comment',
    target: { type: 'finding', id, label: finding.title },
    supplierId: finding.supplierId,
  });
}
