import { getConfig } from '../../config';
import type { RequestContext } from '../../lib/context';
import { addDays, dayIn } from '../../lib/dates';
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

/** What review dates are worked out with: the cadence, the time zone and today in it. */
export interface ReviewClock {
  cadence: ReviewCadence;
  timeZone: string;
  now: Date;
  /** Today's calendar day in the time zone: anything due before it is overdue. */
  today: Date;
}

/** The review clock at this moment, from the settings and the configured time zone. */
export async function reviewClock(now = new Date()): Promise<ReviewClock> {
  const { reviewCadenceMonths } = await getSettings();
  const timeZone = getConfig().timeZone;
  return { cadence: reviewCadenceMonths, timeZone, now, today: dayIn(now, timeZone) };
}

/** Days ahead that the "review due soon" filter looks. */
const REVIEW_DUE_SOON_DAYS = 30;

function withDerived(row: SupplierRow, clock: ReviewClock): ListedSupplier {
  const due = nextReviewDue(row, clock.cadence, clock.timeZone);
  return {
    ...row,
    ndaState: agreementDisplayState(row.nda, clock.now),
    dpaState: agreementDisplayState(row.dpa, clock.now),
    nextReviewDue: due,
    reviewOverdue: due !== undefined && due < clock.today,
  };
}

const notSigned: readonly string[] = ['missing', 'draft', 'sent', 'terminated'];
/** The filter fields that narrow the list (the others sort and page it). */
const CONDITIONS = ['q', 'status', 'tier', 'owner', 'agreement', 'review'] as const;

/**
 * Does a row pass the filter (with `q` already lower-cased)? Derived values are worked out only
 * when a filter needs them.
 */
function matches(row: SupplierRow, filter: Partial<SupplierFilter>, clock: ReviewClock): boolean {
  const now = clock.now;
  if (filter.q && !row.searchText.includes(filter.q)) return false;
  if (filter.status && row.status !== filter.status) return false;
  if (filter.tier && row.inherentTier !== filter.tier) return false;
  if (filter.owner && (filter.owner === 'none' ? row.ownerId !== '' : row.ownerId !== filter.owner))
    return false;
  switch (filter.agreement) {
    case 'nda_missing':
      return notSigned.includes(agreementDisplayState(row.nda, now)) && reviewMatches(row, filter, clock);
    case 'dpa_missing':
      return notSigned.includes(agreementDisplayState(row.dpa, now)) && reviewMatches(row, filter, clock);
    case 'expiring':
    case 'expired': {
      const wanted = filter.agreement;
      const states = [agreementDisplayState(row.nda, now), agreementDisplayState(row.dpa, now)];
      return states.includes(wanted) && reviewMatches(row, filter, clock);
    }
    case 'dpa_gaps':
      return row.dpa.gaps.length > 0 && row.dpa.state !== 'missing' && reviewMatches(row, filter, clock);
    case 'pending_approval':
      return row.pendingApprovals > 0 && reviewMatches(row, filter, clock);
    case undefined:
      return reviewMatches(row, filter, clock);
  }
}

function reviewMatches(row: SupplierRow, filter: Partial<SupplierFilter>, clock: ReviewClock): boolean {
  if (!filter.review) return true;
  const due = nextReviewDue(row, clock.cadence, clock.timeZone);
  if (!due) return false;
  if (filter.review === 'overdue') return due < clock.today;
  // "Due soon": from today to REVIEW_DUE_SOON_DAYS ahead, not the overdue ones.
  return due >= clock.today && due <= addDays(clock.today, REVIEW_DUE_SOON_DAYS);
}

type Comparator = (a: SupplierRow, b: SupplierRow) => number;
const collator = new Intl.Collator(['zh-CN', 'en'], { sensitivity: 'base', numeric: true });
const byName: Comparator = (a, b) => collator.compare(a.name, b.name);
const byTier: Comparator = (a, b) => tierRank(a.inherentTier) - tierRank(b.inherentTier) || byName(a, b);
const FAR_FUTURE = 8.64e15;

function comparator(sort: SupplierFilter['sort'], clock: ReviewClock): Comparator {
  switch (sort) {
    case 'name':
      return byName;
    case '-name':
      return (a, b) => byName(b, a);
    case 'tier':
      return (a, b) => byTier(b, a);
    case '-tier':
      return byTier;
    case 'status':
      return (a, b) =>
        SUPPLIER_STATUSES.indexOf(a.status) - SUPPLIER_STATUSES.indexOf(b.status) || byName(a, b);
    case 'next_review': {
      const due = (row: SupplierRow) =>
        nextReviewDue(row, clock.cadence, clock.timeZone)?.getTime() ?? FAR_FUTURE;
      return (a, b) => due(a) - due(b) || byName(a, b);
    }
    case '-updated':
      return (a, b) => (b.updatedAt?.getTime() ?? 0) - (a.updatedAt?.getTime() ?? 0);
  }
}

/*
 * Sorting 10,000 names with a Chinese-aware collator takes a noticeable fraction of a second,
 * so each sorted order is kept until the directory or the review cadence changes.
 */
const sortedOrders = new Map<string, { version: number; rows: readonly SupplierRow[] }>();

async function sortedRows(sort: SupplierFilter['sort'], clock: ReviewClock): Promise<readonly SupplierRow[]> {
  const [rows, version] = await Promise.all([supplierDirectory.all(), supplierDirectory.version()]);
  // The review order also depends on the day (open reviews aside, due dates do not move).
  const key = `${sort}|${JSON.stringify(clock.cadence)}|${clock.timeZone}`;
  const cached = sortedOrders.get(key);
  if (cached?.version === version) return cached.rows;
  const sorted = [...rows].sort(comparator(sort, clock));
  sortedOrders.set(key, { version, rows: sorted });
  return sorted;
}

/** The suppliers the actor may see that match a filter, sorted (without derived values). */
async function matchingRows(context: RequestContext, filter: Partial<SupplierFilter>) {
  authorize(context.actor, 'suppliers.list');
  const clock = await reviewClock();
  const rows = await sortedRows(filter.sort ?? 'name', clock);
  const vendorSupplier = context.actor.role === 'vendor' ? context.actor.supplierId : undefined;
  const normalised = { ...filter, q: filter.q?.toLocaleLowerCase() };
  const unfiltered =
    vendorSupplier === undefined && !CONDITIONS.some((condition) => Boolean(normalised[condition]));
  // The plain list (most page views) is the sorted directory itself: no row needs checking.
  const matching = unfiltered
    ? rows
    : rows.filter(
        (row) =>
          (vendorSupplier === undefined || row.id === vendorSupplier) && matches(row, normalised, clock),
      );
  return { matching, clock };
}

/** The suppliers the actor may see that match a filter, all of them, sorted. */
export async function findSuppliers(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
): Promise<ListedSupplier[]> {
  const { matching, clock } = await matchingRows(context, filter);
  return matching.map((row) => withDerived(row, clock));
}

/** One page of the supplier list. */
export async function listSuppliers(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
  pageSize = 25,
): Promise<SupplierListPage> {
  const { matching, clock } = await matchingRows(context, filter);
  const pageCount = Math.max(1, Math.ceil(matching.length / pageSize));
  const page = Math.min(filter.page ?? 1, pageCount);
  const suppliers = matching
    .slice((page - 1) * pageSize, page * pageSize)
    .map((row) => withDerived(row, clock));
  return { suppliers, total: matching.length, page, pageCount };
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
  return (await sortedRows('name', await reviewClock())).map((row) => ({
    id: row.id,
    name: row.name,
  }));
}

/** The name of one supplier, or undefined when it does not exist. */
export async function supplierName(id: string): Promise<string | undefined> {
  return (await supplierDirectory.get(id))?.name;
}

/** The list row of one supplier with its derived states (no access check; for other services). */
export async function supplierGlance(id: string): Promise<ListedSupplier | undefined> {
  const [row, clock] = await Promise.all([supplierDirectory.get(id), reviewClock()]);
  return row ? withDerived(row, clock) : undefined;
}

/** How many suppliers a filter matches: the same rows the list shows, without building them. */
export async function countSuppliers(
  context: RequestContext,
  filter: Partial<SupplierFilter>,
): Promise<number> {
  return (await matchingRows(context, filter)).matching.length;
}
