import { z } from 'zod';
import { optionalText, requiredText } from '../../lib/validation';
import { SUPPLIER_STATUSES } from './suppliers.model';

export const supplierFilterSchema = z.object({
  q: optionalText(100),
  status: z.preprocess((value) => (value === '' ? undefined : value), z.enum(SUPPLIER_STATUSES).optional()),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

export const newSupplierSchema = z.object({
  name: requiredText(200),
});
