import type { Writable } from 'node:stream';
import type { TFunction } from 'i18next';
import type { RequestContext } from '../../lib/context';
import { countryName } from '../../lib/countries';
import { formatDay } from '../../lib/dates';
import { writeCsv, writeXlsx, type Column } from '../../lib/spreadsheet';
import { authorize } from '../access';
import { record } from '../audit';
import { listStaffUsers } from '../users';
import { findSuppliers, type ListedSupplier } from './suppliers.query';
import type { SupplierFilter } from './suppliers.schema';

/**
 * The machine-readable columns of a supplier CSV: what the export writes and the import reads,
 * so an exported file can be edited and imported again. Columns after `mechanism` are
 * information only and ignored by the import.
 */
export const CSV_COLUMNS = [
  'name',
  'legal_name',
  'registration_id',
  'country',
  'website',
  'services',
  'owner_email',
  'status',
  'criticality',
  'purpose',
  'method',
  'categories',
  'volume',
  'access',
  'destinations',
  'mechanism',
  'inherent_tier',
  'inherent_score',
  'nda_state',
  'nda_expires',
  'dpa_state',
  'dpa_expires',
  'dpa_gaps',
  'next_review',
] as const;

type ExportFormat = 'csv' | 'register-csv' | 'register-xlsx';

async function exportRows(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
  format: ExportFormat,
): Promise<ListedSupplier[]> {
  authorize(context.actor, 'suppliers.export');
  const rows = await findSuppliers(context, filter);
  await record(context, {
    action: 'suppliers.export',
    target: { type: 'supplier_list', label: format },
    details: {
      format,
      rows: rows.length,
      filter: JSON.stringify(filter),
    },
  });
  return rows;
}

/** Writes the filtered supplier list as a CSV in the import format. */
export async function exportSupplierCsv(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
  out: Writable,
): Promise<void> {
  const [rows, staff] = await Promise.all([exportRows(context, filter, 'csv'), listStaffUsers(context)]);
  const emails = new Map(staff.map((member) => [member.id, member.email]));
  const values: Record<(typeof CSV_COLUMNS)[number], (row: ListedSupplier) => string | number> = {
    name: (row) => row.name,
    legal_name: (row) => row.legalName,
    registration_id: (row) => row.registrationId,
    country: (row) => row.country,
    website: (row) => row.website,
    services: (row) => row.services,
    owner_email: (row) => emails.get(row.ownerId) ?? '',
    status: (row) => row.status,
    criticality: (row) => row.criticality,
    purpose: (row) => row.purpose,
    method: (row) => row.method,
    categories: (row) => row.categories.join(';'),
    volume: (row) => row.volume,
    access: (row) => row.access,
    destinations: (row) => row.destinations.join(';'),
    mechanism: (row) => row.mechanism,
    inherent_tier: (row) => row.inherentTier,
    inherent_score: (row) => row.inherentScore,
    nda_state: (row) => row.ndaState,
    nda_expires: (row) => formatDay(row.nda.expiryDate),
    dpa_state: (row) => row.dpaState,
    dpa_expires: (row) => formatDay(row.dpa.expiryDate),
    dpa_gaps: (row) => row.dpa.gaps.join(';'),
    next_review: (row) => formatDay(row.nextReviewDue),
  };
  await writeCsv(
    out,
    CSV_COLUMNS.map((column) => ({ header: column, value: values[column] })),
    rows,
  );
}

/**
 * The processor register (PIPL Art. 21): one row per supplier with the purpose, period,
 * method, types of personal information, protection status, subprocessors and cross-border
 * mechanism, in the user's language.
 */
function registerColumns(t: TFunction, locale: RequestContext['locale']): Column<ListedSupplier>[] {
  const label = (prefix: string) => (value: string) => (value ? t(`${prefix}.${value}`) : '');
  const category = label('dataProfile.categories');
  const period = (row: ListedSupplier) => {
    const glance = row.dpa.state !== 'missing' ? row.dpa : row.nda;
    if (!glance.effectiveDate) return t('register.noAgreement');
    return `${formatDay(glance.effectiveDate)} – ${glance.expiryDate ? formatDay(glance.expiryDate) : t('register.openEnded')}`;
  };
  return [
    { header: t('register.columns.supplier'), value: (row) => row.name, width: 30 },
    { header: t('register.columns.legalName'), value: (row) => row.legalName, width: 30 },
    { header: t('register.columns.registrationId'), value: (row) => row.registrationId, width: 22 },
    { header: t('register.columns.country'), value: (row) => countryName(row.country, locale) },
    { header: t('register.columns.status'), value: (row) => t(`supplierStatus.${row.status}`) },
    {
      header: t('register.columns.purpose'),
      value: (row) => [row.purpose, row.services].filter(Boolean).join(' — '),
      width: 40,
    },
    { header: t('register.columns.method'), value: (row) => row.method, width: 30 },
    { header: t('register.columns.period'), value: period, width: 24 },
    {
      header: t('register.columns.categories'),
      value: (row) => row.categories.map(category).join('; '),
      width: 40,
    },
    {
      header: t('register.columns.sensitive'),
      value: (row) => t(row.sensitive ? 'register.yes' : 'register.no'),
    },
    { header: t('register.columns.volume'), value: (row) => label('dataProfile.volume')(row.volume) },
    { header: t('register.columns.access'), value: (row) => label('dataProfile.access')(row.access) },
    {
      header: t('register.columns.destinations'),
      value: (row) => row.destinations.map((code) => countryName(code, locale)).join('; '),
      width: 24,
    },
    {
      header: t('register.columns.mechanism'),
      value: (row) =>
        row.destinations.length ? label('dataProfile.mechanism')(row.mechanism) : t('register.noTransfer'),
      width: 24,
    },
    {
      header: t('register.columns.subprocessors'),
      value: (row) =>
        row.subprocessors.map((sub) => `${sub.name} (${countryName(sub.country, locale)})`).join('; '),
      width: 36,
    },
    { header: t('register.columns.dpa'), value: (row) => t(`agreementState.${row.dpaState}`) },
    { header: t('register.columns.dpaGaps'), value: (row) => row.dpa.gaps.join('; '), width: 30 },
    {
      header: t('register.columns.protection'),
      value: (row) =>
        row.assessment
          ? t('register.assessed', {
              score: row.assessment.score ?? '—',
              date: formatDay(row.assessment.completedAt),
              tier: t(`tiers.${row.assessment.residualTier}`),
            })
          : t('register.notAssessed'),
      width: 30,
    },
    { header: t('register.columns.inherentTier'), value: (row) => t(`tiers.${row.inherentTier}`) },
  ];
}

/** Writes the processor register for the filtered suppliers as CSV or XLSX. */
export async function exportRegister(
  context: RequestContext,
  t: TFunction,
  filter: Partial<SupplierFilter>,
  format: 'csv' | 'xlsx',
  out: Writable,
): Promise<void> {
  const rows = await exportRows(context, filter, format === 'csv' ? 'register-csv' : 'register-xlsx');
  const columns = registerColumns(t, context.locale);
  if (format === 'csv') await writeCsv(out, columns, rows);
  else await writeXlsx(out, t('register.sheet'), columns, rows);
}
