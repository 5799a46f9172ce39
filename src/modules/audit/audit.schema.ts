import { z } from 'zod';
import { optionalText } from '../../lib/validation';
import { AUDIT_OUTCOMES } from './audit.model';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const isoDay = z.preprocess(blankToUndefined, z.iso.date().optional());

/** The filters of the audit list and its CSV export. */
export const auditFilterSchema = z.object({
  action: optionalText(80),
  actor: optionalText(254),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOMES).optional()),
  from: isoDay,
  to: isoDay,
  supplier: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^[a-f\d]{24}$/i)
      .optional(),
  ),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  /** Show the list from this position down (the link to an event named by verification). */
  seq: z.preprocess(blankToUndefined, z.coerce.number().int().min(1).optional()),
});

export type AuditFilterInput = z.infer<typeof auditFilterSchema>;
