import type { RequestContext } from '../../lib/context';
import { formatDay } from '../../lib/dates';
import { ConflictError } from '../../lib/errors';
import { oneAtATime } from '../../lib/one-at-a-time';
import { authorize } from '../access';
import { record } from '../audit';
import { sealIncidentContact } from './incident-contact';
import { incidentDirectory } from './incident-directory';
import {
  IncidentModel,
  NEXT_STATUS,
  type IncidentRecord,
  type IncidentStatus,
  type NoticeAudience,
  type TimelineEntry,
} from './incident.model';
import type { IncidentDetails, NoticeInput } from './incidents.schema';
import { loadIncident, sideOf } from './incidents.service';

/** A timeline entry written by the acting user now. */
function entry(
  context: RequestContext,
  fields: Omit<TimelineEntry, 'at' | 'byName' | 'side'>,
): TimelineEntry {
  return { at: new Date(), byName: context.actor?.name ?? '', side: sideOf(context), ...fields };
}

/**
 * Writes a change to an incident if its status is still one of `from`, and keeps the list
 * current. Changes of one incident wait for each other (FerretDB's conditional writes are not
 * atomic), and the status condition still guards against other processes.
 */
async function change(
  incident: IncidentRecord,
  from: readonly IncidentStatus[],
  update: {
    $set?: Record<string, unknown>;
    $unset?: Record<string, 1>;
    $push: { timeline: TimelineEntry };
  },
): Promise<IncidentRecord> {
  const updated = await oneAtATime(`incident:${incident._id.toString()}`, () =>
    IncidentModel.findOneAndUpdate({ _id: incident._id, status: { $in: from } }, update, {
      returnDocument: 'after',
    }).lean<IncidentRecord>(),
  );
  if (!updated) throw new ConflictError('incidents.errors.changedMeanwhile');
  await incidentDirectory.publish(updated);
  return updated;
}

const target = (incident: IncidentRecord) => ({
  type: 'incident',
  id: incident._id.toString(),
  label: incident.title,
});

/** Statuses in which the supplier's vendor may still write; staff may always. */
function writableFrom(context: RequestContext): readonly IncidentStatus[] {
  return context.actor?.role === 'vendor' ? ['open', 'contained'] : ['open', 'contained', 'closed'];
}

/** Whether the incident's status still lets this actor add updates or edit (the page offers the forms only then). */
export function statusAllowsWriting(
  context: RequestContext,
  incident: Pick<IncidentRecord, 'status'>,
): boolean {
  return writableFrom(context).includes(incident.status);
}

/** Adds an update (what happened, what was done) to the timeline. */
export async function addIncidentUpdate(context: RequestContext, id: string, text: string): Promise<void> {
  const incident = await loadIncident(context, id);
  authorize(context.actor, 'incidents.update', { supplierId: incident.supplierId });
  const from = writableFrom(context);
  if (!from.includes(incident.status)) throw new ConflictError('incidents.errors.closed');
  await change(incident, from, { $push: { timeline: entry(context, { kind: 'update', text }) } });
  await record(context, {
    action: 'incidents.update',
    target: target(incident),
    supplierId: incident.supplierId,
  });
}

/**
 * Moves an incident one step on: open → contained → closed. Closing needs both notification
 * decisions, and every notification decided as required must be recorded as made.
 */
export async function changeIncidentStatus(
  context: RequestContext,
  id: string,
  to: IncidentStatus,
  note: string | undefined,
): Promise<void> {
  const incident = await loadIncident(context, id);
  authorize(context.actor, 'incidents.manage', { supplierId: incident.supplierId });
  const from = incident.status;
  if (NEXT_STATUS[from] !== to) throw new ConflictError('incidents.errors.badTransition');
  if (to === 'closed') {
    const notices = [incident.regulator, incident.individuals];
    if (notices.some((notice) => !notice.decision))
      throw new ConflictError('incidents.errors.decisionsMissing');
    if (notices.some((notice) => notice.decision === 'required' && !notice.notifiedOn))
      throw new ConflictError('incidents.errors.noticesOutstanding');
  }
  await change(incident, [from], {
    $set: { status: to, ...(to === 'closed' ? { closedAt: new Date() } : {}) },
    $push: { timeline: entry(context, { kind: 'status', from, status: to, text: note }) },
  });
  await record(context, {
    action: 'incidents.status',
    target: target(incident),
    supplierId: incident.supplierId,
    details: { from, to },
  });
}

/** Records whether one audience must be told and, once done, when and how they were told. */
export async function recordNotice(
  context: RequestContext,
  id: string,
  audience: NoticeAudience,
  notice: NoticeInput,
): Promise<void> {
  const incident = await loadIncident(context, id);
  authorize(context.actor, 'incidents.manage', { supplierId: incident.supplierId });
  const stored = {
    decision: notice.decision,
    notifiedOn: notice.notifiedOn,
    means: notice.means,
    decidedAt: new Date(),
    decidedByName: context.actor.name,
  };
  await change(incident, ['open', 'contained', 'closed'], {
    $set: { [audience]: stored },
    $push: {
      timeline: entry(context, {
        kind: 'notification',
        audience,
        decision: notice.decision,
        notifiedOn: notice.notifiedOn,
        means: notice.means,
      }),
    },
  });
  await record(context, {
    action: 'incidents.notification',
    target: target(incident),
    supplierId: incident.supplierId,
    details: {
      audience,
      decision: notice.decision,
      notified: notice.notifiedOn ? formatDay(notice.notifiedOn) : null,
      means: notice.means ?? null,
    },
  });
}

/** Checks that the actor may edit the incident now (for the edit page and the edit itself). */
export async function incidentForEdit(context: RequestContext, id: string): Promise<IncidentRecord> {
  const incident = await loadIncident(context, id);
  authorize(context.actor, 'incidents.edit', { supplierId: incident.supplierId });
  if (!writableFrom(context).includes(incident.status)) throw new ConflictError('incidents.errors.closed');
  return incident;
}

/** The incident for its edit page: a read of the incident like its own page, so audited too. */
export async function openIncidentEditor(context: RequestContext, id: string): Promise<IncidentRecord> {
  const incident = await incidentForEdit(context, id);
  await record(context, {
    action: 'incidents.view',
    target: target(incident),
    supplierId: incident.supplierId,
    details: { page: 'edit' },
  });
  return incident;
}

/** Changes the incident's details (and with them the Art. 57 checklist); the timeline says so. */
export async function editIncident(
  context: RequestContext,
  id: string,
  details: IncidentDetails,
): Promise<void> {
  const incident = await incidentForEdit(context, id);
  const changed = (Object.keys(details) as (keyof IncidentDetails)[]).filter(
    (field) => JSON.stringify(details[field]) !== JSON.stringify(incident[field]),
  );
  // Optional fields left empty are removed, not stored as empty.
  const fields = Object.entries(details as Record<string, unknown>);
  const unset: Record<string, 1> = Object.fromEntries(
    fields.filter(([, value]) => value === undefined).map(([field]) => [field, 1 as const]),
  );
  const set = Object.fromEntries(fields.filter(([, value]) => value !== undefined));
  if (details.contact) set.contact = sealIncidentContact(details.contact);
  await change(incident, writableFrom(context), {
    $set: set,
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
    $push: { timeline: entry(context, { kind: 'edited', text: changed.join(', ') }) },
  });
  await record(context, {
    action: 'incidents.edit',
    target: target(incident),
    supplierId: incident.supplierId,
    details: { fields: changed.join(',') },
  });
}
