import type { RequestContext } from '../../lib/context';
import { escapeRegExp } from '../../lib/text';
import { authorize } from '../access';
import { sequenceId } from '../../lib/sequence-id';
import { latestChanges } from './audit.recent';
import { AuditEventModel, AuditHeadModel, type AuditEventRecord, type AuditOutcome } from './audit.model';

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  /** Supplier id the events concern. */
  supplier?: string | undefined;
}

export interface AuditPage {
  events: AuditEventRecord[];
  page: number;
  hasNext: boolean;
}

/** The database filter for a list or export filter; `untilSeq` keeps events up to a position. */
export function toQuery(filter: AuditFilter, untilSeq?: number): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (untilSeq !== undefined) query._id = { $lte: sequenceId(untilSeq) };
  if (filter.supplier) query.supplier = { $eq: filter.supplier };
  if (filter.action) query.action = new RegExp(`^${escapeRegExp(filter.action)}`);
  if (filter.actor) query['actor.email'] = new RegExp(escapeRegExp(filter.actor), 'i');
  if (filter.outcome) query.outcome = filter.outcome;
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return query;
}

/**
 * The newest events without a filter (or up to `untilSeq`): counted back from the end of the
 * chain and fetched by `_id`, so the page costs the same however long the trail has grown.
 */
async function latestPage(page: number, pageSize: number, untilSeq?: number): Promise<AuditPage> {
  const head = await AuditHeadModel.findById('head').lean();
  const end = Math.min(head?.seq ?? 0, untilSeq ?? Number.MAX_SAFE_INTEGER);
  const last = end - (page - 1) * pageSize;
  const seqs = Array.from({ length: Math.max(0, Math.min(pageSize, last)) }, (_, index) => last - index);
  const found = await Promise.all(
    seqs.map((seq) => AuditEventModel.findById(sequenceId(seq)).lean<AuditEventRecord>()),
  );
  return {
    events: found.filter((event): event is AuditEventRecord => event !== null),
    page,
    hasNext: last - pageSize > 0,
  };
}

/**
 * A page of the audit trail, newest first (from position `untilSeq` down, when given, to show
 * one event in its place); admins and auditors only. Filtered pages read the whole trail on
 * FerretDB (it cannot use indexes for these filters); MongoDB uses the indexes.
 */
export async function listAuditEvents(
  context: RequestContext,
  filter: AuditFilter,
  page = 1,
  pageSize = 50,
  untilSeq?: number,
): Promise<AuditPage> {
  authorize(context.actor, 'audit.read');
  if (Object.values(filter).every((value) => value === undefined))
    return latestPage(page, pageSize, untilSeq);
  const events = await AuditEventModel.find(toQuery(filter, untilSeq))
    .sort({ _id: -1 })
    .skip((page - 1) * pageSize)
    .limit(pageSize + 1)
    .lean<AuditEventRecord[]>();
  return { events: events.slice(0, pageSize), page, hasNext: events.length > pageSize };
}

/** The latest changes and sign-ins (not the read trail), for home pages. */
export async function recentAuditEvents(context: RequestContext, count = 10): Promise<AuditEventRecord[]> {
  authorize(context.actor, 'audit.read');
  return latestChanges(count);
}
