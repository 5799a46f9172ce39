import mongoose, { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import type { SessionUser } from '../../types/session-user';
import { Hook } from '../../lib/hooks';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  isDuplicateKey,
  type FieldMessage,
} from '../../lib/errors';
import { isValidUscc } from '../../lib/uscc';
import { authorize, can } from '../access';
import { record } from '../audit';
import { findUserById } from '../users';
import { inherentRisk, tierRank, type RiskFactor, type RiskTier } from './risk';
import { supplierDirectory } from './supplier-directory';
import { sealContacts, withReadableContacts } from './supplier-contacts';
import { parseSupplierForm, type SupplierForm } from './suppliers.schema';
import { manyValues } from '../../lib/form-rows';
import {
  STATUS_TRANSITIONS,
  SupplierModel,
  type AgreementState,
  type AssessmentSummary,
  type FindingSummary,
  type OpenReviewSummary,
  type SupplierRecord,
  type SupplierStatus,
} from './suppliers.model';

/** One supplier as its page shows it. `internal` is only there for staff. */
export interface SupplierDetail {
  id: string;
  record: SupplierRecord;
  internal:
    | {
        notes: string;
        tier: RiskTier;
        score: number;
        factors: RiskFactor[];
        statusHistory: SupplierRecord['statusHistory'];
      }
    | undefined;
}

async function loadSupplier(id: string): Promise<SupplierRecord> {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError();
  const supplier = await SupplierModel.findById(id).lean<SupplierRecord>();
  if (!supplier) throw new NotFoundError();
  return supplier;
}

/** The supplier with its contacts decrypted, for whoever shows or compares them. */
async function loadReadableSupplier(id: string): Promise<SupplierRecord> {
  return withReadableContacts(await loadSupplier(id));
}

/**
 * A vendor asking for a supplier that is not theirs gets the same 404 as for one that does
 * not exist, and the attempt is recorded.
 */
export async function refuseForeignSupplier(
  context: RequestContext,
  supplierId: string,
  what: string,
): Promise<void> {
  const actor = context.actor;
  if (actor?.role !== 'vendor' || actor.supplierId === supplierId) return;
  await record(context, {
    action: 'access.denied',
    outcome: 'denied',
    target: { type: what, id: supplierId },
    supplierId: actor.supplierId,
    details: { reason: 'other_supplier' },
  });
  throw new NotFoundError();
}

/** One supplier, if the actor may see it; the view is audited. */
export async function getSupplier(context: RequestContext, id: string): Promise<SupplierDetail> {
  await refuseForeignSupplier(context, id, 'supplier');
  const supplier = await loadReadableSupplier(id);
  authorize(context.actor, 'suppliers.read', { id });
  await record(context, {
    action: 'suppliers.view',
    target: { type: 'supplier', id, label: supplier.name },
    supplierId: id,
  });
  const internal = can(context.actor, 'suppliers.readInternal', { id })
    ? {
        notes: supplier.internalNotes ?? '',
        tier: supplier.risk.inherentTier,
        score: supplier.risk.inherentScore,
        factors: supplier.risk.factors,
        statusHistory: supplier.statusHistory,
      }
    : undefined;
  return { id, record: supplier, internal };
}

/**
 * The whole supplier record with its internal ratings, for staff reports. Not audited here:
 * the report that uses it records its own event.
 */
export async function supplierForReport(context: RequestContext, id: string): Promise<SupplierRecord> {
  authorize(context.actor, 'suppliers.readInternal', { id });
  return loadReadableSupplier(id);
}

/** The supplier as the edit form needs it (buyers only). */
export async function getSupplierForEdit(context: RequestContext, id: string): Promise<SupplierRecord> {
  authorize(context.actor, 'suppliers.update', { id });
  return loadReadableSupplier(id);
}

/**
 * Checks what the form schema cannot: a unique registration id, the USCC check character, an
 * owner who is an active buyer, a mechanism for transfers abroad. Returns the problems by field.
 */
export async function checkSupplierForm(
  form: Pick<SupplierForm, 'registrationId' | 'country' | 'ownerId' | 'destinations' | 'mechanism'>,
  ownId: string | undefined,
): Promise<{ errors: Record<string, FieldMessage>; ownerName: string | undefined }> {
  const errors: Record<string, FieldMessage> = {};
  if (form.registrationId) {
    if (form.country === 'CN' && form.registrationId.length === 18 && !isValidUscc(form.registrationId)) {
      errors.registrationId = { key: 'validation.uscc' };
    }
    const rows = await supplierDirectory.all();
    const taken = rows.find((row) => row.registrationId === form.registrationId && row.id !== ownId);
    if (taken) errors.registrationId = { key: 'validation.registrationTaken', params: { name: taken.name } };
  }
  let ownerName: string | undefined;
  if (form.ownerId) {
    const owner = await findUserById(form.ownerId);
    if (!owner || owner.state === 'disabled' || (owner.role !== 'admin' && owner.role !== 'procurement')) {
      errors.ownerId = { key: 'validation.invalidChoice' };
    }
    ownerName = owner?.name;
  }
  if (form.destinations.length > 0 && !form.mechanism) {
    errors.mechanism = { key: 'validation.mechanismRequired' };
  }
  return { errors, ownerName };
}

/** The few facts checkSupplierForm needs, read leniently from a form that failed its schema. */
function factsFromBody(body: Record<string, unknown>) {
  const text = (value: unknown) =>
    typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
  return {
    registrationId: text(body.registrationId)?.toUpperCase(),
    country: text(body.country),
    ownerId: /^[a-f\d]{24}$/.test(text(body.ownerId) ?? '') ? text(body.ownerId) : undefined,
    destinations: manyValues(body.destinations),
    mechanism: text(body.mechanism) as SupplierForm['mechanism'],
  };
}

/**
 * Validates a submitted supplier form completely, so that every problem shows at once beside
 * its field: the form's own rules and the checks that need the database.
 */
export async function validSupplierForm(
  body: Record<string, unknown>,
  ownId?: string,
): Promise<SupplierForm> {
  let form: SupplierForm | undefined;
  let errors: Record<string, FieldMessage> = {};
  try {
    form = parseSupplierForm(body);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    errors = error.fieldErrors;
  }
  const checked = await checkSupplierForm(form ?? factsFromBody(body), ownId);
  const all = { ...checked.errors, ...errors };
  if (!form || Object.keys(all).length > 0) throw new ValidationError(all);
  return form;
}

async function validateForm(
  form: SupplierForm,
  ownId: string | undefined,
): Promise<{ ownerName: string | undefined }> {
  const { errors, ownerName } = await checkSupplierForm(form, ownId);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ownerName };
}

/*
 * A registration id names one supplier. An optional field cannot carry a unique index on
 * FerretDB (no partial or sparse indexes), so each id in use is claimed by a small document
 * whose `_id` is the id: two buyers saving the same id at the same moment cannot both win.
 */
const RegistrationClaims = () =>
  mongoose.connection.collection<{ _id: string; supplierId: string }>('supplier_registration_ids');

async function claimRegistrationId(registrationId: string, supplierId: string): Promise<void> {
  try {
    await RegistrationClaims().insertOne({ _id: registrationId, supplierId });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const holder = await RegistrationClaims().findOne({ _id: registrationId });
    if (holder?.supplierId === supplierId) return;
    const name = holder ? await supplierDirectory.get(holder.supplierId) : undefined;
    throw new ValidationError({
      registrationId: { key: 'validation.registrationTaken', params: { name: name?.name ?? registrationId } },
    });
  }
}

async function releaseRegistrationId(registrationId: string, supplierId: string): Promise<void> {
  await RegistrationClaims().deleteOne({ _id: registrationId, supplierId });
}

/** The stored fields a form sets, with the risk it implies. */
function fieldsFromForm(form: SupplierForm, ownerName: string | undefined) {
  const dataProfile = {
    purpose: form.purpose,
    method: form.method,
    categories: form.categories,
    volume: form.volume,
    access: form.access,
    destinations: form.destinations,
    mechanism: form.mechanism,
    criticality: form.criticality,
  };
  const risk = inherentRisk({ ...dataProfile, subprocessors: form.subprocessors });
  return {
    name: form.name,
    legalName: form.legalName,
    registrationId: form.registrationId,
    country: form.country,
    website: form.website,
    services: form.services,
    ownerId: form.ownerId,
    ownerName: form.ownerId ? ownerName : undefined,
    internalNotes: form.internalNotes,
    contacts: sealContacts(form.contacts),
    dataProfile,
    subprocessors: form.subprocessors,
    risk: {
      inherentTier: risk.tier,
      inherentScore: risk.score,
      factors: risk.factors,
      computedAt: new Date(),
    },
  };
}

/**
 * Registers a new supplier with its profile and computed inherent risk: a prospect, unless an
 * import says which status it already has.
 */
export async function createSupplier(
  context: RequestContext,
  form: SupplierForm,
  start: { status: SupplierStatus; reason: string } = { status: 'prospect', reason: 'created' },
): Promise<string> {
  authorize(context.actor, 'suppliers.create');
  const { ownerName } = await validateForm(form, undefined);
  const now = new Date();
  const newId = new Types.ObjectId();
  if (form.registrationId) await claimRegistrationId(form.registrationId, newId.toString());
  const created = await SupplierModel.create({
    _id: newId,
    ...fieldsFromForm(form, ownerName),
    status: start.status,
    statusHistory: [
      { to: start.status, reason: start.reason, at: now, byId: context.actor.id, byName: context.actor.name },
    ],
    ...(start.status === 'active' ? { reviewAnchor: now } : {}),
    createdById: context.actor.id,
  });
  const supplier = created.toObject() as SupplierRecord;
  const id = supplier._id.toString();
  await supplierDirectory.publish(supplier);
  await record(context, {
    action: 'suppliers.create',
    target: { type: 'supplier', id, label: supplier.name },
    supplierId: id,
    details: { tier: supplier.risk.inherentTier, score: supplier.risk.inherentScore },
  });
  return id;
}

/** What an edit of a supplier changed, for features that react to it (event reviews). */
export interface SupplierChange {
  context: RequestContext;
  before: SupplierRecord;
  after: SupplierRecord;
}

/** Runs after every saved edit of a supplier's form. */
export const supplierChanged = new Hook<SupplierChange>();

export interface SupplierUpdate {
  /** Inherent tier before and after the change; `raised` when it went up. */
  tier: { before: RiskTier; after: RiskTier; raised: boolean };
}

/** Saves the supplier form; the inherent risk is computed again and a change of tier audited. */
export async function updateSupplier(
  context: RequestContext,
  id: string,
  form: SupplierForm,
): Promise<SupplierUpdate> {
  authorize(context.actor, 'suppliers.update', { id });
  const before = await loadReadableSupplier(id);
  const { ownerName } = await validateForm(form, id);
  const fields = fieldsFromForm(form, ownerName);
  const newRegistration = form.registrationId !== before.registrationId ? form.registrationId : undefined;
  if (newRegistration) await claimRegistrationId(newRegistration, id);
  // Fields the form left empty are removed, not kept: $set alone would skip them.
  const emptied = Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value === undefined)
      .map(([field]) => [field, 1]),
  );
  const stored = await SupplierModel.findByIdAndUpdate(
    id,
    { $set: fields, ...(Object.keys(emptied).length > 0 ? { $unset: emptied } : {}) },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (!stored) throw new NotFoundError();
  // Compared and handed to hooks readable: fresh ciphertexts would otherwise always differ.
  const updated = withReadableContacts(stored);
  if (before.registrationId && before.registrationId !== form.registrationId) {
    await releaseRegistrationId(before.registrationId, id);
  }
  await supplierDirectory.publish(updated);

  const tierBefore = before.risk.inherentTier;
  const tierAfter = fields.risk.inherentTier;
  const changed = changedFields(before, updated);
  await record(context, {
    action: 'suppliers.update',
    target: { type: 'supplier', id, label: updated.name },
    supplierId: id,
    details: { changed: changed.join(','), tier: tierAfter, score: fields.risk.inherentScore },
  });
  if (tierBefore !== tierAfter) {
    await record(context, {
      action: 'suppliers.risk_tier_change',
      target: { type: 'supplier', id, label: updated.name },
      supplierId: id,
      details: { from: tierBefore, to: tierAfter },
    });
  }
  await supplierChanged.run({ context, before, after: updated });
  return {
    tier: { before: tierBefore, after: tierAfter, raised: tierRank(tierAfter) > tierRank(tierBefore) },
  };
}

const comparedFields = [
  'name',
  'legalName',
  'registrationId',
  'country',
  'website',
  'services',
  'ownerId',
  'internalNotes',
  'contacts',
  'dataProfile',
  'subprocessors',
] as const;

/** Names of the top-level fields that differ, for the audit trail (values stay out of it). */
function changedFields(before: SupplierRecord, after: SupplierRecord): string[] {
  return comparedFields.filter(
    (field) => JSON.stringify(before[field] ?? null) !== JSON.stringify(after[field] ?? null),
  );
}

/** Moves a supplier along its lifecycle; only the allowed moves, each with a reason, audited. */
export async function changeSupplierStatus(
  context: RequestContext,
  id: string,
  to: SupplierStatus,
  reason: string,
): Promise<void> {
  authorize(context.actor, 'suppliers.update', { id });
  const supplier = await loadSupplier(id);
  if (!STATUS_TRANSITIONS[supplier.status].includes(to)) {
    throw new ConflictError('suppliers.errors.transition', { from: supplier.status, to });
  }
  await moveStatus({ ...context, actor: context.actor }, supplier, to, reason);
}

/**
 * Writes a change of status with its reason into the supplier's history, only if the status is
 * still the one the decision was based on, and audits it.
 */
async function moveStatus(
  context: RequestContext & { actor: SessionUser },
  supplier: SupplierRecord,
  to: SupplierStatus,
  reason: string,
): Promise<void> {
  const id = supplier._id.toString();
  const now = new Date();
  const change = {
    from: supplier.status,
    to,
    reason,
    at: now,
    byId: context.actor.id,
    byName: context.actor.name,
  };
  // The review cadence starts counting when the supplier first becomes active.
  const anchor = to === 'active' && !supplier.reviewAnchor ? { reviewAnchor: now } : {};
  const updated = await SupplierModel.findOneAndUpdate(
    { _id: id, status: supplier.status },
    { $set: { status: to, ...anchor }, $push: { statusHistory: change } },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (!updated) throw new ConflictError('suppliers.errors.changedMeanwhile');
  await supplierDirectory.publish(updated);
  await record(context, {
    action: 'suppliers.status_change',
    target: { type: 'supplier', id, label: updated.name },
    supplierId: id,
    details: { from: supplier.status, to, reason: reason.slice(0, 500) },
  });
}

export interface AgreementSummaryUpdate {
  nda: AgreementState;
  dpa: AgreementState;
  pendingApprovals: number;
  agreementIds: string[];
}

/** Stores what the agreements of a supplier add up to (called by the agreements service). */
export async function setAgreementSummary(supplierId: string, update: AgreementSummaryUpdate): Promise<void> {
  const updated = await SupplierModel.findByIdAndUpdate(
    supplierId,
    {
      $set: {
        'summary.nda': update.nda,
        'summary.dpa': update.dpa,
        'summary.pendingApprovals': update.pendingApprovals,
        agreementIds: update.agreementIds,
      },
    },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (updated) await supplierDirectory.publish(updated);
}

/** The ids of a supplier's agreement versions, newest first (no access check: for other services). */
export async function supplierAgreementIds(supplierId: string): Promise<string[]> {
  if (!Types.ObjectId.isValid(supplierId)) return [];
  const supplier = await SupplierModel.findById(supplierId, { agreementIds: 1 }).lean<
    Pick<SupplierRecord, 'agreementIds'>
  >();
  return supplier?.agreementIds ?? [];
}

/** Stores what the latest completed assessment says (called by the assessments service). */
export async function setAssessmentSummary(supplierId: string, summary: AssessmentSummary): Promise<void> {
  await updateSummary(supplierId, { 'summary.assessment': summary });
}

/** Stores the counts of unresolved findings (called by the findings service). */
export async function setFindingSummary(supplierId: string, summary: FindingSummary): Promise<void> {
  await updateSummary(supplierId, { 'summary.findings': summary });
}

async function updateSummary(supplierId: string, fields: Record<string, unknown>): Promise<void> {
  const updated = await SupplierModel.findByIdAndUpdate(
    supplierId,
    { $set: fields },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (updated) await supplierDirectory.publish(updated);
}

/** Marks a completed review: the next periodic review is counted from `completedAt`. */
export async function setReviewAnchor(supplierId: string, completedAt: Date): Promise<void> {
  const updated = await SupplierModel.findByIdAndUpdate(
    supplierId,
    { $set: { reviewAnchor: completedAt } },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (updated) await supplierDirectory.publish(updated);
}

/** Stores the supplier's open review (undefined when none is open; called by the reviews service). */
export async function setOpenReview(
  supplierId: string,
  review: OpenReviewSummary | undefined,
): Promise<void> {
  const update = review ? { $set: { 'summary.review': review } } : { $unset: { 'summary.review': 1 } };
  const updated = await SupplierModel.findByIdAndUpdate(supplierId, update, {
    returnDocument: 'after',
  }).lean<SupplierRecord>();
  if (updated) await supplierDirectory.publish(updated);
}

/**
 * Applies a review's verdict to the lifecycle: a rejected supplier is suspended (from any status
 * still in use), an approved one still onboarding becomes active. Audited like a manual change.
 */
export async function applyReviewVerdict(
  context: RequestContext,
  supplierId: string,
  verdict: 'approved' | 'rejected',
  reason: string,
): Promise<SupplierStatus | undefined> {
  authorize(context.actor, 'suppliers.update', { id: supplierId });
  const supplier = await loadSupplier(supplierId);
  const inUse: readonly SupplierStatus[] = ['prospect', 'onboarding', 'active'];
  const to: SupplierStatus | undefined =
    verdict === 'rejected'
      ? inUse.includes(supplier.status)
        ? 'suspended'
        : undefined
      : supplier.status === 'onboarding'
        ? 'active'
        : undefined;
  if (to) await moveStatus({ ...context, actor: context.actor }, supplier, to, reason);
  return to;
}
