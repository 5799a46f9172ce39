import type { Readable } from 'node:stream';
import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { IntegrityError, deleteFile, openVerified, type StoredFile } from '../../lib/files';
import { authorize, can } from '../access';
import { record } from '../audit';
import { refuseForeignSupplier, setAgreementSummary, supplierAgreementIds, supplierName } from '../suppliers';
import { summarizeAgreements } from './agreement-summary';
import {
  AGREEMENT_TRANSITIONS,
  AgreementModel,
  type AgreementEvent,
  type AgreementFile,
  type AgreementRecord,
  type AgreementStatus,
  type AgreementType,
  type Signatory,
} from './agreements.model';
import type { ClauseAssessment } from './dpa-clauses';

/** Who did something, for an agreement's history. */
function by(context: RequestContext): Pick<AgreementEvent, 'byId' | 'byName'> {
  return { byId: context.actor?.id, byName: context.actor?.name };
}

function fileOf(stored: StoredFile, context: RequestContext): AgreementFile {
  return {
    id: stored.id,
    filename: stored.filename,
    length: stored.length,
    sha256: stored.sha256,
    uploadedAt: stored.uploadedAt,
    ...(context.actor ? { uploadedById: context.actor.id, uploadedByName: context.actor.name } : {}),
  };
}

/** Every agreement version of a supplier, newest first. */
async function loadAll(supplierId: string): Promise<AgreementRecord[]> {
  const ids = await supplierAgreementIds(supplierId);
  const agreements = await Promise.all(ids.map((id) => AgreementModel.findById(id).lean<AgreementRecord>()));
  return agreements.filter((agreement): agreement is AgreementRecord => agreement !== null);
}

/** Recomputes the supplier's NDA/DPA summary after any change to its agreements. */
async function refreshSummary(supplierId: string, extraId?: string): Promise<void> {
  const ids = await supplierAgreementIds(supplierId);
  const allIds = extraId && !ids.includes(extraId) ? [extraId, ...ids] : ids;
  const agreements = (
    await Promise.all(allIds.map((id) => AgreementModel.findById(id).lean<AgreementRecord>()))
  ).filter((agreement): agreement is AgreementRecord => agreement !== null);
  await setAgreementSummary(supplierId, { ...summarizeAgreements(agreements), agreementIds: allIds });
}

/**
 * One agreement of one supplier. A vendor naming another supplier, or an agreement that is not
 * their supplier's, gets a 404 and the attempt is audited.
 */
async function loadFor(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
): Promise<AgreementRecord> {
  await refuseForeignSupplier(context, supplierId, 'supplier');
  const agreement = Types.ObjectId.isValid(agreementId)
    ? await AgreementModel.findById(agreementId).lean<AgreementRecord>()
    : null;
  if (!agreement) throw new NotFoundError();
  if (agreement.supplierId !== supplierId) {
    if (context.actor?.role === 'vendor') {
      await record(context, {
        action: 'access.denied',
        outcome: 'denied',
        target: { type: 'agreement', id: agreementId },
        supplierId: context.actor.supplierId,
        details: { reason: 'other_supplier' },
      });
    }
    throw new NotFoundError();
  }
  authorize(context.actor, 'agreements.read', { id: supplierId });
  return agreement;
}

/** What agreement pages show: staff-only notes are removed for vendors. */
function visible(context: RequestContext, agreement: AgreementRecord): AgreementRecord {
  if (can(context.actor, 'agreements.readNotes', { id: agreement.supplierId })) return agreement;
  return { ...agreement, notes: undefined };
}

/** All agreement versions of a supplier the actor may see. */
export async function listAgreements(
  context: RequestContext,
  supplierId: string,
): Promise<AgreementRecord[]> {
  await refuseForeignSupplier(context, supplierId, 'supplier');
  authorize(context.actor, 'agreements.read', { id: supplierId });
  if (!(await supplierName(supplierId))) throw new NotFoundError();
  return (await loadAll(supplierId)).map((agreement) => visible(context, agreement));
}

/** One agreement with its version chain. */
export async function getAgreement(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
): Promise<{ agreement: AgreementRecord; versions: AgreementRecord[] }> {
  const agreement = await loadFor(context, supplierId, agreementId);
  const all = await loadAll(supplierId);
  const chain = versionChain(all, agreement);
  return { agreement: visible(context, agreement), versions: chain.map((item) => visible(context, item)) };
}

/** Every version linked to this one through previousId / supersededById, newest first. */
function versionChain(all: readonly AgreementRecord[], start: AgreementRecord): AgreementRecord[] {
  const byId = new Map(all.map((agreement) => [agreement._id.toString(), agreement]));
  const chain = new Map<string, AgreementRecord>([[start._id.toString(), start]]);
  let walking = true;
  while (walking) {
    walking = false;
    for (const agreement of all) {
      const id = agreement._id.toString();
      if (chain.has(id)) continue;
      const linked =
        (agreement.previousId !== undefined && chain.has(agreement.previousId)) ||
        [...chain.values()].some((member) => member.previousId === id);
      if (linked) {
        chain.set(id, byId.get(id) ?? agreement);
        walking = true;
      }
    }
  }
  return [...chain.values()].sort((a, b) => b.version - a.version);
}

export interface AgreementInput {
  type: AgreementType;
  title?: string | undefined;
  status: AgreementStatus;
  effectiveDate?: Date | undefined;
  expiryDate?: Date | undefined;
  signatories: Signatory[];
  notes?: string | undefined;
}

function checkDates(input: Pick<AgreementInput, 'effectiveDate' | 'expiryDate' | 'status'>): void {
  if (input.effectiveDate && input.expiryDate && input.expiryDate <= input.effectiveDate) {
    throw new ValidationError({ expiryDate: { key: 'validation.expiryAfterEffective' } });
  }
  if (input.status === 'signed' && !input.effectiveDate) {
    throw new ValidationError({ effectiveDate: { key: 'validation.effectiveRequired' } });
  }
}

/** Records a new agreement for a supplier (its signed file is uploaded separately). */
export async function createAgreement(
  context: RequestContext,
  supplierId: string,
  input: AgreementInput,
): Promise<string> {
  authorize(context.actor, 'agreements.manage', { id: supplierId });
  const name = await supplierName(supplierId);
  if (!name) throw new NotFoundError();
  if (input.status === 'superseded' || input.status === 'expired') {
    throw new ValidationError({ status: { key: 'validation.invalidChoice' } });
  }
  checkDates(input);
  const created = await AgreementModel.create({
    ...input,
    supplierId,
    version: 1,
    history: [{ at: new Date(), action: 'created', to: input.status, ...by(context) }],
  });
  const id = created._id.toString();
  await refreshSummary(supplierId, id);
  await record(context, {
    action: 'agreements.create',
    target: { type: 'agreement', id, label: `${input.type.toUpperCase()} · ${name}` },
    supplierId,
    details: { type: input.type, status: input.status },
  });
  return id;
}

/** Changes an agreement's details; a change of status must be one the lifecycle allows. */
export async function updateAgreement(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
  input: Omit<AgreementInput, 'type'>,
): Promise<void> {
  const agreement = await loadFor(context, supplierId, agreementId);
  authorize(context.actor, 'agreements.manage', { id: supplierId });
  if (input.status !== agreement.status && !AGREEMENT_TRANSITIONS[agreement.status].includes(input.status)) {
    throw new ValidationError({ status: { key: 'agreements.errors.transition' } });
  }
  checkDates(input);
  const event: AgreementEvent =
    input.status === agreement.status
      ? { at: new Date(), action: 'edited', ...by(context) }
      : { at: new Date(), action: 'status', from: agreement.status, to: input.status, ...by(context) };
  await AgreementModel.updateOne(
    { _id: agreementId },
    {
      $set: {
        title: input.title,
        status: input.status,
        effectiveDate: input.effectiveDate,
        expiryDate: input.expiryDate,
        signatories: input.signatories,
        notes: input.notes,
      },
      $push: { history: event },
    },
  );
  if (input.status === 'signed') await supersedeEarlier(context, agreement);
  await refreshSummary(supplierId);
  await record(context, {
    action: 'agreements.update',
    target: { type: 'agreement', id: agreementId, label: agreement.type.toUpperCase() },
    supplierId,
    details: { from: agreement.status, to: input.status },
  });
}

/** Once a version is signed, the versions before it are superseded (and kept). */
async function supersedeEarlier(context: RequestContext, signed: AgreementRecord): Promise<void> {
  let previousId = signed.previousId;
  while (previousId) {
    const previous = await AgreementModel.findById(previousId).lean<AgreementRecord>();
    if (!previous) break;
    if (previous.status !== 'superseded' && previous.status !== 'terminated') {
      // A copy still waiting for approval is settled too: a newer version has been signed.
      const settled =
        previous.approval?.state === 'pending'
          ? { approval: { ...previous.approval, state: 'rejected', at: new Date(), note: 'superseded' } }
          : {};
      await AgreementModel.updateOne(
        { _id: previousId },
        {
          $set: { status: 'superseded', supersededById: signed._id.toString(), ...settled },
          $push: {
            history: {
              at: new Date(),
              action: 'status',
              from: previous.status,
              to: 'superseded',
              ...by(context),
            },
          },
        },
      );
    }
    previousId = previous.previousId;
  }
}

/** Attaches the signed document to an agreement that has none yet. */
export async function attachFile(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
  stored: StoredFile,
): Promise<void> {
  try {
    const agreement = await loadFor(context, supplierId, agreementId);
    authorize(context.actor, 'agreements.manage', { id: supplierId });
    // A stored document is never replaced: a different document is a new version.
    if (agreement.file) throw new ConflictError('agreements.errors.hasFile');
    const file = fileOf(stored, context);
    await AgreementModel.updateOne(
      { _id: agreementId, file: { $exists: false } },
      {
        $set: { file },
        $push: { history: { at: new Date(), action: 'file', note: file.filename, ...by(context) } },
      },
    );
    await record(context, {
      action: 'agreements.upload',
      target: { type: 'agreement', id: agreementId, label: file.filename },
      supplierId,
      details: { sha256: file.sha256, bytes: file.length },
    });
  } catch (error) {
    await deleteFile(stored.id);
    throw error;
  }
}

export interface VersionInput {
  status: AgreementStatus;
  effectiveDate?: Date | undefined;
  expiryDate?: Date | undefined;
  note?: string | undefined;
}

/**
 * A new version of an agreement, with its document. When it is signed it supersedes the
 * earlier versions; until then they stay in force.
 */
export async function addVersion(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
  input: VersionInput,
  stored: StoredFile,
): Promise<string> {
  try {
    const previous = await loadFor(context, supplierId, agreementId);
    authorize(context.actor, 'agreements.manage', { id: supplierId });
    if (previous.supersededById) throw new ConflictError('agreements.errors.notLatest');
    // Dates left empty carry over from the version before, unless the version starts anew:
    // a new effective date without an expiry is an agreement without an end date.
    const dates = {
      status: input.status,
      effectiveDate: input.effectiveDate ?? previous.effectiveDate,
      expiryDate: input.expiryDate ?? (input.effectiveDate ? undefined : previous.expiryDate),
    };
    checkDates(dates);
    const id = await createVersion(context, previous, {
      ...dates,
      file: fileOf(stored, context),
      note: input.note,
    });
    await record(context, {
      action: 'agreements.version',
      target: { type: 'agreement', id, label: stored.filename },
      supplierId,
      details: { previous: agreementId, status: input.status, sha256: stored.sha256 },
    });
    return id;
  } catch (error) {
    await deleteFile(stored.id);
    throw error;
  }
}

async function createVersion(
  context: RequestContext,
  previous: AgreementRecord,
  fields: {
    status: AgreementStatus;
    effectiveDate: Date | undefined;
    expiryDate: Date | undefined;
    file: AgreementFile;
    note?: string | undefined;
    approval?: AgreementRecord['approval'];
  },
): Promise<string> {
  // Numbered after every version of this agreement, so two copies made from the same version
  // (a rejected countersigned copy and the next one) get different numbers.
  const chain = versionChain(await loadAll(previous.supplierId), previous);
  const created = await AgreementModel.create({
    supplierId: previous.supplierId,
    type: previous.type,
    title: previous.title,
    status: fields.status,
    version: Math.max(...chain.map((version) => version.version)) + 1,
    previousId: previous._id.toString(),
    effectiveDate: fields.effectiveDate,
    expiryDate: fields.expiryDate,
    signatories: previous.signatories,
    // A DPA's checklist carries over as a starting point; it is reviewed for the new text.
    checklist: previous.checklist,
    file: fields.file,
    approval: fields.approval,
    history: [{ at: new Date(), action: 'version', to: fields.status, note: fields.note, ...by(context) }],
  });
  const version = created.toObject() as AgreementRecord;
  if (fields.status === 'signed') await supersedeEarlier(context, version);
  await refreshSummary(previous.supplierId, version._id.toString());
  return version._id.toString();
}

/** A vendor hands in a countersigned copy; it waits for a buyer's approval. */
export async function submitCountersigned(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
  stored: StoredFile,
): Promise<string> {
  try {
    const previous = await loadFor(context, supplierId, agreementId);
    authorize(context.actor, 'agreements.countersign', { id: supplierId });
    if (previous.supersededById) throw new ConflictError('agreements.errors.notLatest');
    const id = await createVersion(context, previous, {
      status: 'sent',
      effectiveDate: previous.effectiveDate,
      expiryDate: previous.expiryDate,
      file: fileOf(stored, context),
      approval: { state: 'pending' },
    });
    await record(context, {
      action: 'agreements.countersigned_upload',
      target: { type: 'agreement', id, label: stored.filename },
      supplierId,
      details: { sha256: stored.sha256 },
    });
    return id;
  } catch (error) {
    await deleteFile(stored.id);
    throw error;
  }
}

/** A buyer accepts (the copy becomes the signed version) or rejects a vendor's countersigned copy. */
export async function decideCountersigned(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
  approve: boolean,
  note: string | undefined,
): Promise<void> {
  const agreement = await loadFor(context, supplierId, agreementId);
  authorize(context.actor, 'agreements.manage', { id: supplierId });
  if (agreement.approval?.state !== 'pending') throw new ConflictError('agreements.errors.notPending');
  if (agreement.supersededById) throw new ConflictError('agreements.errors.notLatest');
  const approval = {
    state: approve ? 'approved' : 'rejected',
    byName: context.actor.name,
    at: new Date(),
    note,
  };
  await AgreementModel.updateOne(
    { _id: agreementId, 'approval.state': 'pending' },
    {
      $set: { approval, ...(approve ? { status: 'signed' } : {}) },
      $push: { history: { at: new Date(), action: approve ? 'approved' : 'rejected', note, ...by(context) } },
    },
  );
  if (approve) await supersedeEarlier(context, agreement);
  await refreshSummary(supplierId);
  await record(context, {
    action: approve ? 'agreements.approve' : 'agreements.reject',
    target: { type: 'agreement', id: agreementId, label: agreement.file?.filename },
    supplierId,
  });
}

/** Saves a DPA's clause checklist; the supplier's gaps follow. */
export async function saveChecklist(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
  checklist: ClauseAssessment[],
): Promise<void> {
  const agreement = await loadFor(context, supplierId, agreementId);
  authorize(context.actor, 'agreements.manage', { id: supplierId });
  if (agreement.type !== 'dpa') throw new NotFoundError();
  await AgreementModel.updateOne(
    { _id: agreementId },
    { $set: { checklist }, $push: { history: { at: new Date(), action: 'checklist', ...by(context) } } },
  );
  await refreshSummary(supplierId);
  const missing = checklist.filter((item) => item.state === 'missing').length;
  await record(context, {
    action: 'agreements.checklist',
    target: { type: 'agreement', id: agreementId, label: 'DPA' },
    supplierId,
    details: { missing, partial: checklist.filter((item) => item.state === 'partial').length },
  });
}

/**
 * The signed document, after its SHA-256 has been checked again. A mismatch stops the
 * download, is audited as a failure, and the user is told.
 */
export async function downloadAgreementFile(
  context: RequestContext,
  supplierId: string,
  agreementId: string,
): Promise<{ file: AgreementFile; stream: Readable }> {
  const agreement = await loadFor(context, supplierId, agreementId);
  if (!agreement.file) throw new NotFoundError();
  const opened = await openVerified(agreement.file.id, agreement.file.sha256);
  const target = { type: 'agreement', id: agreementId, label: agreement.file.filename };
  if (!opened.ok) {
    await record(context, {
      action: 'agreements.integrity_failure',
      outcome: 'failure',
      target,
      supplierId,
      details: { expected: agreement.file.sha256, actual: opened.actualSha256 },
    });
    throw new IntegrityError();
  }
  await record(context, {
    action: 'agreements.download',
    target,
    supplierId,
    details: { sha256: agreement.file.sha256 },
  });
  return { file: agreement.file, stream: opened.stream };
}
