import type { Request, RequestHandler, Response } from 'express';
import { getConfig } from '../../config';
import { contextOf } from '../../lib/context';
import { parseInput } from '../../lib/validation';
import { supplierDirectory } from '../suppliers';
import { exportAuditCsv } from './audit.export';
import { AUDIT_OUTCOMES } from './audit.model';
import { listAuditEvents, type AuditFilter } from './audit.query';
import { auditFilterSchema, type AuditFilterInput } from './audit.schema';
import { verifyTrail, type ChainReport } from './audit.verify';

const DAY_MS = 24 * 3600_000;
const FILTER_FIELDS = ['action', 'actor', 'outcome', 'from', 'to', 'supplier'] as const;

function toFilter(input: AuditFilterInput): AuditFilter {
  return {
    action: input.action,
    actor: input.actor,
    outcome: input.outcome,
    supplier: input.supplier,
    from: input.from ? new Date(`${input.from}T00:00:00Z`) : undefined,
    // "to" is inclusive: everything before the start of the next day.
    to: input.to ? new Date(new Date(`${input.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
  };
}

/** The list's filters as a query string, for the export link. */
function filterQuery(input: AuditFilterInput): string {
  const query = new URLSearchParams();
  for (const field of FILTER_FIELDS) {
    const value = input[field];
    if (value) query.set(field, value);
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

async function renderList(req: Request, res: Response, verification?: ChainReport): Promise<void> {
  const input = parseInput(auditFilterSchema, req.query);
  const [result, suppliers] = await Promise.all([
    listAuditEvents(contextOf(req), toFilter(input), input.page, 50, input.seq),
    supplierDirectory.all(),
  ]);
  res.render('audit/list', {
    ...result,
    filter: input,
    outcomes: AUDIT_OUTCOMES,
    suppliers: suppliers
      .map((supplier) => ({ id: supplier.id, name: supplier.name }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    exportUrl: `/audit/export.csv${filterQuery(input)}`,
    highlight: input.seq,
    verification,
  });
}

/** The audit trail page: filtered, paged, newest first. */
export const list: RequestHandler = async (req, res) => {
  await renderList(req, res);
};

/** Checks the whole chain and shows the answer above the (unfiltered) list. */
export const verify: RequestHandler = async (req, res) => {
  const report = await verifyTrail(contextOf(req));
  // The pager and the language switch must lead back to the list, not to this POST address.
  res.locals.currentUrl = '/audit';
  await renderList(req, res, report);
};

/** The filtered trail as a CSV download, streamed from the database. */
export const exportCsv: RequestHandler = async (req, res) => {
  const input = parseInput(auditFilterSchema, req.query);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="audit-trail-${new Date().toISOString().slice(0, 10)}.csv"`,
  );
  res.setHeader('Cache-Control', 'private, no-store');
  await exportAuditCsv(contextOf(req), toFilter(input), getConfig().timeZone, res);
  res.end();
};
