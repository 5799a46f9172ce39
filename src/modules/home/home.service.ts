import type { RequestContext } from '../../lib/context';
import { recentAuditEvents } from '../audit';
import { listAssessments } from '../assessments';
import { listFindings } from '../findings';
import { listInvitations } from '../invitations';
import { getSupplier, listSuppliers } from '../suppliers';
import { listSupplierUsers, userCounts } from '../users';
import { dashboardFigures, type Dashboard } from './dashboard.service';

/** Suppliers by status and in total, read off the dashboard (which counted them already). */
function supplierCountsOf(dashboard: Dashboard): Record<string, number> {
  const counts: Record<string, number> = { total: 0 };
  for (const figure of dashboard.statuses) {
    counts[figure.key] = figure.count;
    counts.total = (counts.total ?? 0) + figure.count;
  }
  return counts;
}

/** What each role's home page shows, gathered from the features that exist. */
export async function homeData(context: RequestContext): Promise<Record<string, unknown>> {
  const actor = context.actor;
  if (!actor) return {};
  switch (actor.role) {
    case 'admin': {
      const [users, invitations, events, dashboard] = await Promise.all([
        userCounts(context),
        listInvitations(context, 'pending'),
        recentAuditEvents(context, 8),
        dashboardFigures(context),
      ]);
      const suppliers = supplierCountsOf(dashboard);
      return { users, suppliers, pendingInvitations: invitations.length, events, dashboard };
    }
    case 'procurement': {
      const [invitations, list, toReview, overdue, dashboard] = await Promise.all([
        listInvitations(context, 'pending'),
        listSuppliers(context, { sort: '-updated' }, 10),
        listAssessments(context, { status: 'submitted' }),
        listFindings(context, { status: 'unresolved', overdue: true }),
        dashboardFigures(context),
      ]);
      return {
        dashboard,
        suppliers: supplierCountsOf(dashboard),
        pendingInvitations: invitations.length,
        recentSuppliers: list.suppliers,
        toReview,
        overdueFindings: overdue.length,
      };
    }
    case 'auditor': {
      const [events, dashboard] = await Promise.all([
        recentAuditEvents(context, 8),
        dashboardFigures(context),
      ]);
      return { suppliers: supplierCountsOf(dashboard), events, dashboard };
    }
    case 'vendor': {
      if (!actor.supplierId) return {};
      const [detail, colleagues, assessments, findings] = await Promise.all([
        getSupplier(context, actor.supplierId),
        listSupplierUsers(actor.supplierId),
        listAssessments(context, { status: 'open' }),
        listFindings(context, { status: 'unresolved' }),
      ]);
      return {
        supplier: { id: detail.id, name: detail.record.name, status: detail.record.status },
        colleagues,
        assessments,
        findings,
      };
    }
  }
}
