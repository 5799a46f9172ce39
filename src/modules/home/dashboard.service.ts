import type { RequestContext } from '../../lib/context';
import { authorize } from '../access';
import { assessmentDirectory, listAssessments } from '../assessments';
import { SEVERITIES, findingDirectory, listFindings } from '../findings';
import {
  RISK_TIERS,
  SUPPLIER_STATUSES,
  countSuppliers,
  reviewClock,
  supplierCounts,
  supplierDirectory,
} from '../suppliers';

/** The supplier list filters behind the review and agreement figures, by figure. */
const REVIEW_FILTERS = { overdue: { review: 'overdue' }, dueSoon: { review: 'due_soon' } } as const;
const AGREEMENT_FILTERS = {
  dpaMissing: { agreement: 'dpa_missing' },
  ndaMissing: { agreement: 'nda_missing' },
  expiring: { agreement: 'expiring' },
  expired: { agreement: 'expired' },
} as const;
export const REVIEW_FIGURES = Object.keys(REVIEW_FILTERS) as (keyof typeof REVIEW_FILTERS)[];
export const AGREEMENT_FIGURES = Object.keys(AGREEMENT_FILTERS) as (keyof typeof AGREEMENT_FILTERS)[];
export const ASSESSMENT_FIGURES = ['open', 'overdue'] as const;

/** One number on the dashboard and the list it counts. */
export interface Figure {
  key: string;
  count: number;
  href: string;
}

/** Every number of the dashboard, grouped as it is shown; each links to the list it counts. */
export interface Dashboard {
  tiers: Figure[];
  statuses: Figure[];
  reviews: Figure[];
  agreements: Figure[];
  assessments: Figure[];
  findings: Figure[];
}

/** The last figures worked out, and what they were worked out from. */
let latest: { basis: string; figures: Promise<Dashboard> } | undefined;

/**
 * The figures of the staff dashboard (staff see every supplier, so the figures are the same for
 * each of them). Working them out reads every supplier row several times, so they are kept
 * until a supplier, assessment or finding changes, the settings change, or the day turns;
 * requests that arrive while they are being worked out wait for the same result.
 */
export async function dashboardFigures(context: RequestContext): Promise<Dashboard> {
  authorize(context.actor, 'dashboard.read');
  const [suppliersVersion, assessmentsVersion, findingsVersion, clock] = await Promise.all([
    supplierDirectory.version(),
    assessmentDirectory.version(),
    findingDirectory.version(),
    reviewClock(),
  ]);
  const basis = [
    suppliersVersion,
    assessmentsVersion,
    findingsVersion,
    JSON.stringify(clock.cadence),
    clock.timeZone,
    clock.today.getTime(),
  ].join('|');
  if (latest?.basis !== basis) {
    const figures = countFigures(context);
    latest = { basis, figures };
    // A failed count is not kept: the next request tries again.
    figures.catch(() => {
      if (latest?.figures === figures) latest = undefined;
    });
  }
  return latest.figures;
}

/**
 * Counts every figure. Each is counted by the same filter as the list its link opens, so a
 * number and the rows behind it cannot disagree.
 */
async function countFigures(context: RequestContext): Promise<Dashboard> {
  const counts = await supplierCounts(context);
  const suppliers = async (key: string, query: Record<string, string>): Promise<Figure> => ({
    key,
    count: await countSuppliers(context, query),
    href: `/suppliers?${new URLSearchParams(query).toString()}`,
  });
  const [reviews, agreements, inProgress, overdue, unresolved] = await Promise.all([
    Promise.all(REVIEW_FIGURES.map((key) => suppliers(key, REVIEW_FILTERS[key]))),
    Promise.all(AGREEMENT_FIGURES.map((key) => suppliers(key, AGREEMENT_FILTERS[key]))),
    listAssessments(context, { status: 'open' }),
    listAssessments(context, { overdue: true }),
    listFindings(context, { status: 'unresolved' }),
  ]);
  return {
    tiers: [...RISK_TIERS]
      .reverse()
      .map((tier) => ({ key: tier, count: counts[tier], href: `/suppliers?tier=${tier}` })),
    statuses: SUPPLIER_STATUSES.map((status) => ({
      key: status,
      count: counts[status],
      href: `/suppliers?status=${status}`,
    })),
    reviews,
    agreements,
    assessments: [
      { key: 'open', count: inProgress.length, href: '/assessments?status=open' },
      { key: 'overdue', count: overdue.length, href: '/assessments?overdue=1' },
    ],
    findings: [...SEVERITIES].reverse().map((severity) => ({
      key: severity,
      count: unresolved.filter((finding) => finding.severity === severity).length,
      href: `/findings?status=unresolved&severity=${severity}`,
    })),
  };
}
