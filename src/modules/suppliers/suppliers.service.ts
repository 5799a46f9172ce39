import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError, type FieldMessage } from '../../lib/errors';
import { isValidUscc } from '../../lib/uscc';
import { authorize, can } from '../access';
import { record } from '../audit';
import { findUserById } from '../users';
import { inherentRisk, tierRank, type RiskFactor, type RiskTier } from './risk';
import { supplierDirectory } from './supplier-directory';
import type { SupplierForm } from './suppliers.schema';
import {
  STATUS_TRANSITIONS,
  SupplierModel,
  type AgreementState,
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
  const supplier = await loadSupplier(id);
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

/** The supplier as the edit form needs it (buyers only). */
export async function getSupplierForEdit(context: RequestContext, id: string): Promise<SupplierRecord> {
  authorize(context.actor, 'suppliers.update', { id });
  return loadSupplier(id);
}

/**
 * Checks what the form schema cannot: a unique registration id, the USCC check character, an
 * owner who is an active buyer, a mechanism for transfers abroad. Returns the problems by field.
 */
export async function checkSupplierForm(
  form: SupplierForm,
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

async function validateForm(
  form: SupplierForm,
  ownId: string | undefined,
): Promise<{ ownerName: string | undefined }> {
  const { errors, ownerName } = await checkSupplierForm(form, ownId);
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { ownerName };
}

/** The stored fields a form sets, with the risk it implies. */
function fieldsFromForm(form: SupplierForm, ownerName: string | undefined) {
  const risk = inherentRisk({
    categories: form.categories,
    volume: form.volume,
    access: form.access,
    destinations: form.destinations,
    mechanism: form.mechanism,
    criticality: form.criticality,
    subprocessors: form.subprocessors,
  });
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
    contacts: form.contacts,
    dataProfile: {
      purpose: form.purpose,
      method: form.method,
      categories: form.categories,
      volume: form.volume,
      access: form.access,
      destinations: form.destinations,
      mechanism: form.mechanism,
      criticality: form.criticality,
    },
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
  const created = await SupplierModel.create({
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
  const before = await loadSupplier(id);
  const { ownerName } = await validateForm(form, id);
  const fields = fieldsFromForm(form, ownerName);
  const updated = await SupplierModel.findByIdAndUpdate(
    id,
    { $set: fields },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (!updated) throw new NotFoundError();
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
  // Only move when the status is still what this decision was based on.
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

/** Marks a completed review: the next periodic review is counted from `completedAt`. */
export async function setReviewAnchor(supplierId: string, completedAt: Date): Promise<void> {
  const updated = await SupplierModel.findByIdAndUpdate(
    supplierId,
    { $set: { reviewAnchor: completedAt } },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (updated) await supplierDirectory.publish(updated);
}
