import { z } from 'zod';
import { isCountryCode } from '../../lib/countries';
import { formatDay, parseDay } from '../../lib/dates';
import { manyValues, rowsFromForm } from '../../lib/form-rows';
import { ValidationError, type FieldMessage } from '../../lib/errors';
import { fieldErrorsFrom, optionalText, requiredText } from '../../lib/validation';
import {
  ACCESS_TYPES,
  CRITICALITY_LEVELS,
  PI_CATEGORY_KEYS,
  TRANSFER_MECHANISMS,
  VOLUME_BANDS,
} from './data-profile';
import { RISK_TIERS } from './risk';
import { SUPPLIER_STATUSES } from './suppliers.model';

const blank = (value: unknown) => (value === '' ? undefined : value);
const country = z.string().refine(isCountryCode, 'validation.invalidChoice');
const optionalCountry = z.preprocess(blank, country.optional());
const optionalDay = z.preprocess(
  // A stored date (from an existing record) reads like a form value.
  (value) => (value instanceof Date ? formatDay(value) : blank(value)),
  z
    .string()
    .refine((value) => parseDay(value) !== undefined, 'validation.date')
    .transform((value) => parseDay(value))
    .optional(),
);

export const contactSchema = z.object({
  name: requiredText(120),
  title: optionalText(120),
  email: z.preprocess(blank, z.email().max(254).optional()),
  phone: z.preprocess(
    blank,
    z
      .string()
      .trim()
      .max(40)
      .regex(/^[+\d\s().-]*$/, 'validation.phone')
      .optional(),
  ),
});

export const subprocessorSchema = z.object({
  name: requiredText(200),
  country,
  service: optionalText(300),
  categories: z.preprocess(manyValues, z.array(z.enum(PI_CATEGORY_KEYS))),
  consentDate: optionalDay,
});

/** The supplier form: identity, contacts, data profile and subprocessors in one page. */
export const supplierFormSchema = z.object({
  name: requiredText(200),
  legalName: optionalText(300),
  registrationId: z.preprocess(
    (value) => (typeof value === 'string' ? value.trim().toUpperCase() || undefined : value),
    z
      .string()
      .max(64)
      .regex(/^[A-Z0-9-]+$/, 'validation.registrationId')
      .optional(),
  ),
  country: optionalCountry,
  website: z.preprocess(
    blank,
    z
      .url({ protocol: /^https?$/ })
      .max(300)
      .optional(),
  ),
  services: optionalText(2000),
  ownerId: z.preprocess(
    blank,
    z
      .string()
      .regex(/^[a-f\d]{24}$/)
      .optional(),
  ),
  internalNotes: optionalText(5000),
  purpose: optionalText(2000),
  method: optionalText(2000),
  categories: z.preprocess(manyValues, z.array(z.enum(PI_CATEGORY_KEYS))),
  volume: z.enum(VOLUME_BANDS).default('none'),
  access: z.enum(ACCESS_TYPES).default('none'),
  destinations: z.preprocess(manyValues, z.array(country).max(50)),
  mechanism: z.preprocess(blank, z.enum(TRANSFER_MECHANISMS).optional()),
  criticality: z.enum(CRITICALITY_LEVELS).default('low'),
  contacts: z.array(contactSchema).max(20),
  subprocessors: z.array(subprocessorSchema).max(50),
});
export type SupplierForm = z.infer<typeof supplierFormSchema>;

export const CONTACT_FIELDS = ['name', 'title', 'email', 'phone'] as const;
export const SUBPROCESSOR_FIELDS = ['name', 'country', 'service', 'categories', 'consentDate'] as const;

/**
 * Validates the supplier form. Errors inside repeated rows are reported under the form's own
 * field names (e.g. "contact_email_2"), so each message appears beside the field it is about.
 */
export function parseSupplierForm(body: Record<string, unknown>): SupplierForm {
  const contacts = rowsFromForm(body, 'contact', CONTACT_FIELDS);
  const subprocessors = rowsFromForm(body, 'sub', SUBPROCESSOR_FIELDS);
  const result = supplierFormSchema.safeParse({
    ...body,
    contacts: contacts.rows,
    subprocessors: subprocessors.rows,
  });
  if (result.success) return result.data;
  const errors = fieldErrorsFrom(result.error);
  const renamed: Record<string, FieldMessage> = {};
  for (const [path, message] of Object.entries(errors)) {
    const [list, index, field] = path.split('.');
    const rows = list === 'contacts' ? contacts : list === 'subprocessors' ? subprocessors : undefined;
    const formIndex = rows?.formIndexes[Number(index)];
    const prefix = list === 'contacts' ? 'contact' : 'sub';
    renamed[rows && formIndex !== undefined && field ? `${prefix}_${field}_${formIndex}` : path] = message;
  }
  throw new ValidationError(renamed);
}

export const statusChangeSchema = z.object({
  status: z.enum(SUPPLIER_STATUSES),
  reason: requiredText(1000),
});

const AGREEMENT_FILTERS = [
  'nda_missing',
  'dpa_missing',
  'expiring',
  'expired',
  'dpa_gaps',
  'pending_approval',
] as const;
export const SORTS = ['name', '-name', 'tier', '-tier', 'status', 'next_review', '-updated'] as const;

export const supplierFilterSchema = z.object({
  q: optionalText(100),
  status: z.preprocess(blank, z.enum(SUPPLIER_STATUSES).optional()),
  tier: z.preprocess(blank, z.enum(RISK_TIERS).optional()),
  owner: z.preprocess(
    blank,
    z
      .string()
      .regex(/^([a-f\d]{24}|none)$/)
      .optional(),
  ),
  agreement: z.preprocess(blank, z.enum(AGREEMENT_FILTERS).optional()),
  review: z.preprocess(blank, z.enum(['overdue', 'due_soon']).optional()),
  sort: z.preprocess(blank, z.enum(SORTS).default('name')),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
});
export type SupplierFilter = z.infer<typeof supplierFilterSchema>;
