import type { RequestContext } from '../../lib/context';
import { listAssessments } from '../assessments';
import { SEVERITIES, listFindings } from '../findings';
import { RISK_TIERS, SUPPLIER_STATUSES, countSuppliers, supplierCounts } from '../suppliers';

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

/**
 * The figures of the staff dashboard. Each is counted by the same filter as the list its link
 * opens, so a number and the rows behind it cannot disagree.
 */
export async function dashboardFigures(context: RequestContext): Promise<Dashboard> {
  const counts = await supplierCounts(context);
  const suppliers = async (key: string, query: Record<string, string>): Promise<Figure> => ({
    key,
    count: await countSuppliers(context, query),
    href: `/suppliers?${new URLSearchParams(query).toString()}`,
  });
  const [reviews, agreements, inProgress, overdue, unresolved] = await Promise.all([
    Promise.all([suppliers('overdue', { review: 'overdue' }), suppliers('dueSoon', { review: 'due_soon' })]),
    Promise.all([
      suppliers('dpaMissing', { agreement: 'dpa_missing' }),
      suppliers('ndaMissing', { agreement: 'nda_missing' }),
      suppliers('expiring', { agreement: 'expiring' }),
      suppliers('expired', { agreement: 'expired' }),
    ]),
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
