import type { RequestContext } from '../../lib/context';
import { getSettings, type ReviewCadence } from '../settings';
import { authorize } from '../access';
import { RISK_TIERS, tierRank, type RiskTier } from './risk';
import { supplierDirectory, type SupplierRow } from './supplier-directory';
import { agreementDisplayState, nextReviewDue } from './supplier-view';
import type { SupplierFilter } from './suppliers.schema';
import { SUPPLIER_STATUSES, type SupplierStatus } from './suppliers.model';

/** A list row with what is derived at read time: agreement states today and the next review. */
export interface ListedSupplier extends SupplierRow {
  ndaState: ReturnType<typeof agreementDisplayState>;
  dpaState: ReturnType<typeof agreementDisplayState>;
  nextReviewDue: Date | undefined;
  reviewOverdue: boolean;
}

export interface SupplierListPage {
  suppliers: ListedSupplier[];
  total: number;
  page: number;
  pageCount: number;
}

const DAY_MS = 86_400_000;

function withDerived(row: SupplierRow, cadence: ReviewCadence, now: Date): ListedSupplier {
  const due = nextReviewDue(row, cadence);
  return {
    ...row,
    ndaState: agreementDisplayState(row.nda, now),
    dpaState: agreementDisplayState(row.dpa, now),
    nextReviewDue: due,
    reviewOverdue: due !== undefined && due < now,
  };
}

function matches(row: ListedSupplier, filter: Partial<SupplierFilter>, now: Date): boolean {
  if (filter.q) {
    const needle = filter.q.toLocaleLowerCase();
    const haystack = `${row.nameKey} ${row.legalName.toLocaleLowerCase()} ${row.registrationId.toLocaleLowerCase()}`;
    if (!haystack.includes(needle)) return false;
  }
  if (filter.status && row.status !== filter.status) return false;
  if (filter.tier && row.inherentTier !== filter.tier) return false;
  if (filter.owner && (filter.owner === 'none' ? row.ownerId !== '' : row.ownerId !== filter.owner))
    return false;
  switch (filter.agreement) {
    case 'nda_missing':
      if (!['missing', 'draft', 'sent', 'terminated'].includes(row.ndaState)) return false;
      break;
    case 'dpa_missing':
      if (!['missing', 'draft', 'sent', 'terminated'].includes(row.dpaState)) return false;
      break;
    case 'expiring':
      if (row.ndaState !== 'expiring' && row.dpaState !== 'expiring') return false;
      break;
    case 'expired':
      if (row.ndaState !== 'expired' && row.dpaState !== 'expired') return false;
      break;
    case 'dpa_gaps':
      if (row.dpa.gaps.length === 0 || row.dpaState === 'missing') return false;
      break;
    case 'pending_approval':
      if (row.pendingApprovals === 0) return false;
      break;
    case undefined:
      break;
  }
  if (filter.review === 'overdue' && !row.reviewOverdue) return false;
  if (filter.review === 'due_90') {
    if (!row.nextReviewDue || row.nextReviewDue.getTime() - now.getTime() > 90 * DAY_MS) return false;
  }
  return true;
}

type Comparator = (a: ListedSupplier, b: ListedSupplier) => number;
const collator = new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true });
const byName: Comparator = (a, b) => collator.compare(a.name, b.name);
const byTier: Comparator = (a, b) => tierRank(a.inherentTier) - tierRank(b.inherentTier) || byName(a, b);
const FAR_FUTURE = 8.64e15;
const comparators: Record<SupplierFilter['sort'], Comparator> = {
  name: byName,
  '-name': (a, b) => byName(b, a),
  tier: (a, b) => byTier(b, a),
  '-tier': byTier,
  status: (a, b) => SUPPLIER_STATUSES.indexOf(a.status) - SUPPLIER_STATUSES.indexOf(b.status) || byName(a, b),
  next_review: (a, b) =>
    (a.nextReviewDue?.getTime() ?? FAR_FUTURE) - (b.nextReviewDue?.getTime() ?? FAR_FUTURE) || byName(a, b),
  '-updated': (a, b) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0),
};

/** The suppliers the actor may see that match a filter, all of them, sorted. */
export async function findSuppliers(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
): Promise<ListedSupplier[]> {
  authorize(context.actor, 'suppliers.list');
  const [rows, settings] = await Promise.all([supplierDirectory.all(), getSettings()]);
  const now = new Date();
  const visible =
    context.actor.role === 'vendor' ? rows.filter((row) => row.id === context.actor?.supplierId) : rows;
  return visible
    .map((row) => withDerived(row, settings.reviewCadenceMonths, now))
    .filter((row) => matches(row, filter, now))
    .sort(comparators[filter.sort ?? 'name']);
}

/** One page of the supplier list. */
export async function listSuppliers(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
  pageSize = 25,
): Promise<SupplierListPage> {
  const all = await findSuppliers(context, filter);
  const pageCount = Math.max(1, Math.ceil(all.length / pageSize));
  const page = Math.min(filter.page ?? 1, pageCount);
  return { suppliers: all.slice((page - 1) * pageSize, page * pageSize), total: all.length, page, pageCount };
}

/** Number of suppliers in each lifecycle status and tier (staff home pages, dashboard). */
export async function supplierCounts(
  context: RequestContext,
): Promise<Record<SupplierStatus | RiskTier | 'total', number>> {
  authorize(context.actor, 'suppliers.overview');
  const counts = Object.fromEntries(
    [...SUPPLIER_STATUSES, ...RISK_TIERS, 'total'].map((key) => [key, 0]),
  ) as Record<SupplierStatus | RiskTier | 'total', number>;
  for (const row of await supplierDirectory.all()) {
    counts.total++;
    counts[row.status]++;
    counts[row.inherentTier]++;
  }
  return counts;
}

/** Suppliers as { id, name } for pickers, sorted by name (buyers only). */
export async function supplierOptions(context: RequestContext): Promise<{ id: string; name: string }[]> {
  authorize(context.actor, 'suppliers.create');
  const rows = await supplierDirectory.all();
  return rows.sort((a, b) => collator.compare(a.name, b.name)).map((row) => ({ id: row.id, name: row.name }));
}

/** The name of one supplier, or undefined when it does not exist. */
export async function supplierName(id: string): Promise<string | undefined> {
  return (await supplierDirectory.get(id))?.name;
}

/** The list row of one supplier with its derived states (no access check; for other services). */
export async function supplierGlance(id: string): Promise<ListedSupplier | undefined> {
  const [row, settings] = await Promise.all([supplierDirectory.get(id), getSettings()]);
  return row ? withDerived(row, settings.reviewCadenceMonths, new Date()) : undefined;
}
