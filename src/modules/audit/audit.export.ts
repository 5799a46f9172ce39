import type { Writable } from 'node:stream';
import type { RequestContext } from '../../lib/context';
import { wallClock } from '../../lib/dates';
import { writeCsv, type Column } from '../../lib/spreadsheet';
import { authorize } from '../access';
import { AuditEventModel, type AuditEventRecord } from './audit.model';
import { toQuery, type AuditFilter } from './audit.query';
import { record } from './audit.service';

/** An instant as "2026-03-05 14:07:09" on the wall clock of `timeZone` (sortable, unambiguous). */
function wallTime(at: Date, timeZone: string): string {
  return wallClock(at, timeZone).toISOString().slice(0, 19).replace('T', ' ');
}

/** The columns of the export: every sealed field, so a reader can recompute the chain. */
function exportColumns(timeZone: string): Column<AuditEventRecord>[] {
  return [
    { header: 'seq', value: (event) => event.seq },
    { header: `time (${timeZone})`, value: (event) => wallTime(new Date(event.at), timeZone) },
    { header: 'action', value: (event) => event.action },
    { header: 'outcome', value: (event) => event.outcome },
    { header: 'actor_email', value: (event) => event.actor?.email ?? '' },
    { header: 'role', value: (event) => event.actor?.role ?? '' },
    {
      header: 'target',
      value: (event) =>
        event.target
          ? [event.target.type, event.target.id, event.target.label].filter(Boolean).join(':')
          : '',
    },
    { header: 'supplier', value: (event) => event.supplier ?? '' },
    { header: 'ip', value: (event) => event.ip ?? '' },
    { header: 'details', value: (event) => (event.details ? JSON.stringify(event.details) : '') },
    { header: 'hash', value: (event) => event.hash },
    { header: 'prevHash', value: (event) => event.prevHash },
  ];
}

/**
 * Writes the audit events that match `filter` as CSV, oldest first, straight from a database
 * cursor. The export itself is recorded first, so even an interrupted download is on record.
 */
export async function exportAuditCsv(
  context: RequestContext,
  filter: AuditFilter,
  timeZone: string,
  out: Writable,
): Promise<void> {
  authorize(context.actor, 'audit.export');
  await record(context, {
    action: 'audit.export',
    target: { type: 'audit_trail', label: 'csv' },
    supplierId: filter.supplier,
    details: {
      filter: JSON.stringify({
        ...filter,
        from: filter.from?.toISOString(),
        to: filter.to?.toISOString(),
      }),
    },
  });
  const cursor = AuditEventModel.find(toQuery(filter))
    .sort({ _id: 1 })
    .lean<AuditEventRecord[]>()
    .cursor({ batchSize: 500 });
  try {
    await writeCsv(out, exportColumns(timeZone), cursor as AsyncIterable<AuditEventRecord>);
  } finally {
    await cursor.close();
  }
}
