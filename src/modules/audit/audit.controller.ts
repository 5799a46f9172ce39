import type { RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { parseInput } from '../../lib/validation';
import { AUDIT_OUTCOMES } from './audit.model';
import { listAuditEvents } from './audit.query';
import { auditFilterSchema } from './audit.schema';

const DAY_MS = 24 * 3600_000;

export const list: RequestHandler = async (req, res) => {
  const filter = parseInput(auditFilterSchema, req.query);
  const result = await listAuditEvents(
    contextOf(req),
    {
      action: filter.action,
      actor: filter.actor,
      outcome: filter.outcome,
      from: filter.from ? new Date(`${filter.from}T00:00:00Z`) : undefined,
      // "to" is inclusive: everything before the start of the next day.
      to: filter.to ? new Date(new Date(`${filter.to}T00:00:00Z`).getTime() + DAY_MS) : undefined,
    },
    filter.page,
  );
  res.render('audit/list', { ...result, filter, outcomes: AUDIT_OUTCOMES });
};
