import { z } from 'zod';
import { optionalText } from '../../lib/validation';
import { AUDIT_OUTCOMES } from './audit.model';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);
const isoDay = z.preprocess(blankToUndefined, z.iso.date().optional());

export const auditFilterSchema = z.object({
  action: optionalText(80),
  actor: optionalText(254),
  outcome: z.preprocess(blankToUndefined, z.enum(AUDIT_OUTCOMES).optional()),
  from: isoDay,
  to: isoDay,
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
