import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { formatDay } from '../../lib/dates';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { authorize } from '../access';
import { record } from '../audit';
import { notify } from '../notifications';
import { activeAdminIds } from '../users';
import { triggerReview } from '../reviews';
import { refuseForeignSupplier, supplierGlance } from '../suppliers';
import { sealIncidentContact, withReadableContact } from './incident-contact';
import { incidentDirectory, type IncidentRow } from './incident-directory';
import { IncidentModel, INCIDENT_STATUSES, type IncidentRecord, type IncidentStatus } from './incident.model';
import type { IncidentDetails } from './incidents.schema';

export interface IncidentFilter {
  status?: IncidentStatus | undefined;
  supplierId?: string | undefined;
}

/** Incidents the actor may see, unfinished ones first, then the most recently discovered. */
export async function listIncidents(
  context: RequestContext,
  filter: IncidentFilter = {},
): Promise<IncidentRow[]> {
  authorize(context.actor, 'incidents.list');
  const vendorSupplier = context.actor.role === 'vendor' ? context.actor.supplierId : undefined;
  return (await incidentDirectory.all())
    .filter((row) => vendorSupplier === undefined || row.supplierId === vendorSupplier)
    .filter((row) => !filter.supplierId || row.supplierId === filter.supplierId)
    .filter((row) => !filter.status || row.status === filter.status)
    .sort(
      (a, b) =>
        INCIDENT_STATUSES.indexOf(a.status) - INCIDENT_STATUSES.indexOf(b.status) ||
        b.discoveredOn.getTime() - a.discoveredOn.getTime(),
    );
}

/** How many incidents a supplier has and how many are not closed (for the supplier page). */
export async function incidentCounts(
  context: RequestContext,
  supplierId: string,
): Promise<{ total: number; unresolved: IncidentRow[] }> {
  const rows = await listIncidents(context, { supplierId });
  return { total: rows.length, unresolved: rows.filter((row) => row.status !== 'closed') };
}

/**
 * Reads an incident for the actor. A vendor asking for another supplier's incident learns
 * nothing (404) and the attempt is recorded.
 */
export async function loadIncident(context: RequestContext, id: string): Promise<IncidentRecord> {
  const incident = Types.ObjectId.isValid(id)
    ? await IncidentModel.findById(id).lean<IncidentRecord>()
    : null;
  if (!incident) throw new NotFoundError();
  const actor = context.actor;
  if (actor?.role === 'vendor' && actor.supplierId !== incident.supplierId) {
    await record(context, {
      action: 'access.denied',
      outcome: 'denied',
      target: { type: 'incident', id },
      supplierId: actor.supplierId,
      details: { reason: 'other_supplier' },
    });
    throw new NotFoundError();
  }
  authorize(actor, 'incidents.read', { supplierId: incident.supplierId });
  return withReadableContact(incident);
}

/** One incident with its checklist and timeline; every look is audited. */
export async function getIncident(context: RequestContext, id: string): Promise<IncidentRecord> {
  const incident = await loadIncident(context, id);
  await record(context, {
    action: 'incidents.view',
    target: { type: 'incident', id, label: incident.title },
    supplierId: incident.supplierId,
  });
  return incident;
}

/** Every incident of a supplier, as full records (for the due-diligence summary; not audited here). */
export async function incidentsOfSupplier(
  context: RequestContext,
  supplierId: string,
): Promise<IncidentRecord[]> {
  const rows = await listIncidents(context, { supplierId });
  const records = await Promise.all(rows.map((row) => IncidentModel.findById(row.id).lean<IncidentRecord>()));
  return records
    .filter((incident): incident is IncidentRecord => incident !== null)
    .map(withReadableContact)
    .sort((a, b) => a.discoveredOn.getTime() - b.discoveredOn.getTime());
}

/** The side an actor writes on the timeline from. */
export function sideOf(context: RequestContext): 'vendor' | 'staff' | 'system' {
  if (!context.actor) return 'system';
  return context.actor.role === 'vendor' ? 'vendor' : 'staff';
}

/**
 * Records a new incident of a supplier. A vendor reports only for their own supplier (another
 * one: 404 and an `access.denied` event). The supplier's owner (without one, the administrators)
 * is told, in the app and by mail, and the incident opens an event review (or pulls the open one
 * forward).
 */
export async function reportIncident(
  context: RequestContext,
  input: IncidentDetails & { supplierId: string | undefined },
): Promise<string> {
  const actor = context.actor;
  const supplierId = actor?.role === 'vendor' ? (input.supplierId ?? actor.supplierId) : input.supplierId;
  if (!supplierId) throw new ValidationError({ supplierId: { key: 'validation.required' } });
  await refuseForeignSupplier(context, supplierId, 'supplier');
  authorize(actor, 'incidents.report', { supplierId });
  const supplier = await supplierGlance(supplierId);
  if (!supplier) {
    if (actor.role === 'vendor') throw new NotFoundError();
    throw new ValidationError({ supplierId: { key: 'validation.invalidChoice' } });
  }
  const { supplierId: _ignored, ...details } = input;
  const now = new Date();
  const created = await IncidentModel.create({
    ...details,
    contact: sealIncidentContact(details.contact),
    supplierId,
    supplierName: supplier.name,
    status: 'open',
    regulator: {},
    individuals: {},
    reportedById: actor.id,
    reportedByName: actor.name,
    timeline: [{ at: now, kind: 'reported', byName: actor.name, side: sideOf(context) }],
  });
  const incident = created.toObject() as IncidentRecord;
  const id = incident._id.toString();
  await incidentDirectory.publish(incident);
  await record(context, {
    action: 'incidents.report',
    target: { type: 'incident', id, label: incident.title },
    supplierId,
    details: {
      discovered: formatDay(incident.discoveredOn),
      reported: formatDay(incident.reportedOn),
      individuals: incident.individualsAffected ?? null,
      categories: incident.categories.join(','),
    },
  });
  // Without an owner, someone must still hear of it: the administrators.
  const recipients = supplier.ownerId ? [supplier.ownerId] : await activeAdminIds();
  for (const userId of recipients.filter((id) => id !== actor.id)) {
    await notify({
      userId,
      kind: 'incident_reported',
      supplierName: supplier.name,
      subject: incident.title,
      day: incident.discoveredOn,
      link: `/incidents/${id}`,
    });
  }
  await triggerReview(context, supplierId, { event: 'incident', detail: incident.title });
  return id;
}
