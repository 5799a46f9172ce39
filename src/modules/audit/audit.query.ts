import type { RequestContext } from '../../lib/context';
import { escapeRegExp } from '../../lib/text';
import { authorize } from '../access';
import { AuditEventModel, type AuditEventRecord, type AuditOutcome } from './audit.model';

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  outcome?: AuditOutcome | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

export interface AuditPage {
  events: AuditEventRecord[];
  page: number;
  hasNext: boolean;
}

function toQuery(filter: AuditFilter): Record<string, unknown> {
  const query: Record<string, unknown> = {};
  if (filter.action) query.action = new RegExp(`^${escapeRegExp(filter.action)}`);
  if (filter.actor) query['actor.email'] = new RegExp(escapeRegExp(filter.actor), 'i');
  if (filter.outcome) query.outcome = filter.outcome;
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  }
  return query;
}

/** A page of the audit trail, newest first; admins and auditors only. */
export async function listAuditEvents(
  context: RequestContext,
  filter: AuditFilter,
  page = 1,
  pageSize = 50,
): Promise<AuditPage> {
  authorize(context.actor, 'audit.read');
  const events = await AuditEventModel.find(toQuery(filter))
    .sort({ _id: -1 })
    .skip((page - 1) * pageSize)
    .limit(pageSize + 1)
    .lean<AuditEventRecord[]>();
  return { events: events.slice(0, pageSize), page, hasNext: events.length > pageSize };
}

/** The latest events, for home pages. */
export async function recentAuditEvents(context: RequestContext, count = 10): Promise<AuditEventRecord[]> {
  return (await listAuditEvents(context, {}, 1, count)).events;
}
