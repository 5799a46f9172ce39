import { randomBytes } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { Schema, model } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, type FieldMessage } from '../../lib/errors';
import { fieldErrorsFrom } from '../../lib/validation';
import { authorize } from '../access';
import { record } from '../audit';
import { findUserByEmail } from '../users';
import { supplierDirectory, type SupplierRow } from './supplier-directory';
import { CSV_COLUMNS } from './suppliers.export';
import { SUPPLIER_STATUSES, type SupplierRecord, type SupplierStatus } from './suppliers.model';
import { supplierFormSchema, type SupplierForm } from './suppliers.schema';
import { checkSupplierForm, createSupplier, getSupplierForEdit, updateSupplier } from './suppliers.service';

/** Columns the import reads; the export's information-only columns are ignored. */
const IMPORT_COLUMNS = CSV_COLUMNS.slice(0, CSV_COLUMNS.indexOf('mechanism') + 1);
export const MAX_IMPORT_ROWS = 5_000;
/** A preview not confirmed within a day is thrown away. */
const PREVIEW_TTL_MS = 24 * 3600_000;

export type ImportAction = 'create' | 'update' | 'unchanged' | 'error';

export interface ImportRow {
  line: number;
  /** The cells of the row as read, so that confirming can check them again against today's data. */
  raw: Record<string, string>;
  name: string;
  action: ImportAction;
  /** The supplier an update applies to. */
  supplierId?: string | undefined;
  /** Validated values (for create/update); absent for rows with errors. */
  form?: SupplierForm | undefined;
  status?: SupplierStatus | undefined;
  errors: { column: string; message: FieldMessage }[];
}

export interface ImportPreview {
  id: string;
  filename: string;
  createdAt: Date;
  fileErrors: FieldMessage[];
  ignoredColumns: string[];
  rows: ImportRow[];
  counts: Record<ImportAction, number>;
}

const previewSchema = new Schema(
  {
    _id: { type: String, required: true },
    userId: { type: String, required: true },
    filename: String,
    createdAt: { type: Date, required: true },
    fileErrors: { type: Schema.Types.Mixed, default: [] },
    ignoredColumns: { type: [String], default: [] },
    rows: { type: Schema.Types.Mixed, default: [] },
  },
  { collection: 'supplier_imports', versionKey: false },
);
const PreviewModel = model('SupplierImport', previewSchema);

/** Maps a form field to the CSV column a user would fix. */
const FIELD_COLUMNS: Record<string, string> = {
  name: 'name',
  legalName: 'legal_name',
  registrationId: 'registration_id',
  country: 'country',
  website: 'website',
  services: 'services',
  ownerId: 'owner_email',
  purpose: 'purpose',
  method: 'method',
  categories: 'categories',
  volume: 'volume',
  access: 'access',
  destinations: 'destinations',
  mechanism: 'mechanism',
  criticality: 'criticality',
};

function cell(row: Record<string, string>, column: string): string {
  // Exports prefix formula-like text with an apostrophe; take it off again.
  return (row[column] ?? '').trim().replace(/^'(?=[=+\-@])/, '');
}

const list = (value: string) =>
  value
    .split(/[;,]/)
    .map((item) => item.trim())
    .filter(Boolean);

function counts(rows: readonly ImportRow[]): Record<ImportAction, number> {
  const result = { create: 0, update: 0, unchanged: 0, error: 0 };
  for (const row of rows) result[row.action]++;
  return result;
}

/**
 * The supplier a CSV row describes: the one with its registration id; else one of the same
 * name (letter case aside) that has no registration id yet, or the same one if the row has none.
 */
function findMatch(
  rows: readonly SupplierRow[],
  registrationId: string,
  name: string,
): SupplierRow | undefined {
  if (registrationId) {
    const byId = rows.find((row) => row.registrationId === registrationId.toUpperCase());
    if (byId) return byId;
  }
  const key = name.toLocaleLowerCase();
  return rows.find((row) => row.nameKey === key && (!registrationId || row.registrationId === ''));
}

/** Form values of an existing supplier, so an update changes only what the CSV carries. */
function formOf(supplier: SupplierRecord): SupplierForm {
  return {
    name: supplier.name,
    legalName: supplier.legalName,
    registrationId: supplier.registrationId,
    country: supplier.country,
    website: supplier.website,
    services: supplier.services,
    ownerId: supplier.ownerId,
    internalNotes: supplier.internalNotes,
    purpose: supplier.dataProfile.purpose,
    method: supplier.dataProfile.method,
    categories: supplier.dataProfile.categories,
    volume: supplier.dataProfile.volume,
    access: supplier.dataProfile.access,
    destinations: supplier.dataProfile.destinations,
    mechanism: supplier.dataProfile.mechanism,
    criticality: supplier.dataProfile.criticality,
    contacts: supplier.contacts,
    subprocessors: supplier.subprocessors,
  };
}

const comparable = (form: SupplierForm) =>
  JSON.stringify(
    Object.fromEntries(
      Object.keys(FIELD_COLUMNS).map((field) => [field, form[field as keyof SupplierForm] ?? null]),
    ),
  );

async function checkRow(
  context: RequestContext,
  raw: Record<string, string>,
  line: number,
  directory: readonly SupplierRow[],
  seen: Map<string, number>,
): Promise<ImportRow> {
  const name = cell(raw, 'name');
  const registrationId = cell(raw, 'registration_id').toUpperCase();
  const errors: ImportRow['errors'] = [];
  const key = registrationId ? `reg:${registrationId}` : `name:${name.toLocaleLowerCase()}`;
  const earlier = seen.get(key);
  if (earlier !== undefined) {
    errors.push({
      column: registrationId ? 'registration_id' : 'name',
      message: { key: 'suppliers.import.errors.duplicateLine', params: { line: earlier } },
    });
  }
  seen.set(key, line);

  const match = findMatch(directory, registrationId, name);
  const base = match ? formOf(await getSupplierForEdit(context, match.id)) : undefined;
  let ownerId: string | undefined;
  const ownerEmail = cell(raw, 'owner_email');
  if (ownerEmail) {
    const owner = await findUserByEmail(ownerEmail);
    if (owner) ownerId = owner.id;
    else errors.push({ column: 'owner_email', message: { key: 'suppliers.import.errors.unknownOwner' } });
  }
  const statusText = cell(raw, 'status');
  const status = statusText
    ? (SUPPLIER_STATUSES as readonly string[]).includes(statusText)
      ? (statusText as SupplierStatus)
      : undefined
    : undefined;
  if (statusText && !status) errors.push({ column: 'status', message: { key: 'validation.invalidChoice' } });

  // Blank cells keep what an existing supplier has; a new supplier gets the form's defaults.
  const given = (column: string) => cell(raw, column) || undefined;
  const input = {
    ...(base ?? { contacts: [], subprocessors: [] }),
    name: name || undefined,
    legalName: given('legal_name') ?? base?.legalName,
    registrationId: registrationId || base?.registrationId,
    country: given('country')?.toUpperCase() ?? base?.country,
    website: given('website') ?? base?.website,
    services: given('services') ?? base?.services,
    ownerId: ownerId ?? base?.ownerId,
    purpose: given('purpose') ?? base?.purpose,
    method: given('method') ?? base?.method,
    categories: given('categories') ? list(cell(raw, 'categories')) : (base?.categories ?? []),
    volume: given('volume') ?? base?.volume,
    access: given('access') ?? base?.access,
    destinations: given('destinations')
      ? list(cell(raw, 'destinations').toUpperCase())
      : (base?.destinations ?? []),
    mechanism: given('mechanism') ?? base?.mechanism,
    criticality: given('criticality') ?? base?.criticality,
  };
  const parsed = supplierFormSchema.safeParse(input);
  if (!parsed.success) {
    for (const [field, message] of Object.entries(fieldErrorsFrom(parsed.error))) {
      errors.push({ column: FIELD_COLUMNS[field.split('.')[0] ?? ''] ?? field, message });
    }
  } else {
    const checked = await checkSupplierForm(parsed.data, match?.id);
    for (const [field, message] of Object.entries(checked.errors)) {
      errors.push({ column: FIELD_COLUMNS[field] ?? field, message });
    }
  }
  if (errors.length > 0 || !parsed.success) return { line, raw, name, action: 'error', errors };
  if (!match) return { line, raw, name, action: 'create', form: parsed.data, status, errors };
  const action = base && comparable(base) === comparable(parsed.data) ? 'unchanged' : 'update';
  return { line, raw, name, action, supplierId: match.id, form: parsed.data, errors };
}

/**
 * Reads a supplier CSV and records what importing it would do, row by row, without changing
 * any supplier. Rows are matched to existing suppliers by registration id, else by name.
 */
export async function previewImport(
  context: RequestContext,
  filename: string,
  text: string,
): Promise<string> {
  authorize(context.actor, 'suppliers.import');
  const fileErrors: FieldMessage[] = [];
  let records: Record<string, string>[] = [];
  let headers: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (header: string[]) => {
        headers = header.map((name) => name.trim().toLowerCase().replace(/\s+/g, '_'));
        return headers;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch {
    fileErrors.push({ key: 'suppliers.import.errors.unreadable' });
  }
  if (fileErrors.length === 0 && !headers.includes('name'))
    fileErrors.push({ key: 'suppliers.import.errors.noNameColumn' });
  if (records.length > MAX_IMPORT_ROWS)
    fileErrors.push({ key: 'suppliers.import.errors.tooManyRows', params: { max: MAX_IMPORT_ROWS } });
  if (fileErrors.length === 0 && records.length === 0)
    fileErrors.push({ key: 'suppliers.import.errors.noRows' });

  const rows = fileErrors.length === 0 ? await checkRows(context, records) : [];
  const ignoredColumns = headers.filter(
    (name) =>
      !(IMPORT_COLUMNS as readonly string[]).includes(name) &&
      !(CSV_COLUMNS as readonly string[]).includes(name),
  );
  const id = randomBytes(16).toString('hex');
  // Unconfirmed previews older than a day are removed on the way.
  await PreviewModel.deleteMany({ createdAt: { $lt: new Date(Date.now() - PREVIEW_TTL_MS) } });
  await PreviewModel.create({
    _id: id,
    userId: context.actor.id,
    filename,
    createdAt: new Date(),
    fileErrors,
    ignoredColumns,
    rows,
  });
  return id;
}

async function loadPreview(context: RequestContext, id: string) {
  authorize(context.actor, 'suppliers.import');
  const preview = /^[a-f\d]{32}$/.test(id) ? await PreviewModel.findById(id).lean() : null;
  // A preview belongs to the person who uploaded the file.
  if (!preview || preview.userId !== context.actor.id) throw new NotFoundError();
  return preview;
}

/** A stored preview, for the preview page. */
export async function getImportPreview(context: RequestContext, id: string): Promise<ImportPreview> {
  const preview = await loadPreview(context, id);
  const rows = preview.rows as ImportRow[];
  return {
    id,
    filename: preview.filename ?? '',
    createdAt: preview.createdAt,
    fileErrors: preview.fileErrors as FieldMessage[],
    ignoredColumns: preview.ignoredColumns,
    rows,
    counts: counts(rows),
  };
}

/** Checks every row of a file against the suppliers as they are now. */
async function checkRows(context: RequestContext, records: readonly Record<string, string>[], firstLine = 2) {
  const directory = await supplierDirectory.all();
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  for (const [index, raw] of records.entries())
    rows.push(await checkRow(context, raw, firstLine + index, directory, seen));
  return rows;
}

/**
 * Applies a preview: creates and updates the suppliers it lists. All or nothing: the rows are
 * checked again against the suppliers as they are now (someone may have changed them since the
 * preview), and a file with any error is refused as a whole, with the new errors shown.
 */
export async function confirmImport(
  context: RequestContext,
  id: string,
): Promise<Record<ImportAction, number>> {
  const preview = await getImportPreview(context, id);
  if (preview.fileErrors.length > 0 || preview.counts.error > 0) {
    throw new ConflictError('suppliers.import.errors.notClean');
  }
  const rows = await checkRows(
    context,
    preview.rows.map((row) => row.raw),
    preview.rows[0]?.line ?? 2,
  );
  const summary = counts(rows);
  // What would happen now must be what the user saw: any row that changed its outcome (an
  // error, or a create that has become an update) stops the whole import.
  const changed = rows.some((row, index) => {
    const seen = preview.rows[index];
    return row.action !== seen?.action || row.supplierId !== seen.supplierId;
  });
  if (summary.error > 0 || changed) {
    await PreviewModel.updateOne({ _id: id }, { $set: { rows } });
    throw new ConflictError('suppliers.import.errors.changedSincePreview');
  }
  // Claim the preview first, so a double click cannot import twice.
  const claimed = await PreviewModel.deleteOne({ _id: id });
  if (claimed.deletedCount !== 1) throw new NotFoundError();
  for (const row of rows) {
    if (!row.form) continue;
    if (row.action === 'create') {
      await createSupplier(context, row.form, { status: row.status ?? 'prospect', reason: 'imported' });
    } else if (row.action === 'update' && row.supplierId) {
      await updateSupplier(context, row.supplierId, row.form);
    }
  }
  await record(context, {
    action: 'suppliers.import',
    target: { type: 'supplier_list', label: preview.filename },
    details: { ...summary },
  });
  return summary;
}

/** The header line and one example row of an import file. */
export function importTemplate(): string {
  const example: Record<string, string> = {
    name: '上海示例数据科技有限公司',
    legal_name: '上海示例数据科技有限公司',
    registration_id: '91350100M000100Y43',
    country: 'CN',
    services: 'Customer support ticketing',
    status: 'onboarding',
    criticality: 'medium',
    purpose: 'Handling customer support requests',
    method: 'Hosted SaaS',
    categories: 'identity_contact;communications',
    volume: '10k_100k',
    access: 'holds_copy',
    destinations: '',
    mechanism: '',
  };
  const escape = (value: string) => (/[",\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
  return `\ufeff${IMPORT_COLUMNS.join(',')}\n${IMPORT_COLUMNS.map((column) => escape(example[column] ?? '')).join(',')}\n`;
}
