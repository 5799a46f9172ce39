import type { RequestContext } from '../../lib/context';
import { recentAuditEvents } from '../audit';
import { listAssessments } from '../assessments';
import { listFindings } from '../findings';
import { listInvitations } from '../invitations';
import { getSupplier, listSuppliers, supplierCounts } from '../suppliers';
import { listSupplierUsers, userCounts } from '../users';
import { dashboardFigures } from './dashboard.service';

/** What each role's home page shows, gathered from the features that exist. */
export async function homeData(context: RequestContext): Promise<Record<string, unknown>> {
  const actor = context.actor;
  if (!actor) return {};
  switch (actor.role) {
    case 'admin': {
      const [users, suppliers, invitations, events, dashboard] = await Promise.all([
        userCounts(context),
        supplierCounts(context),
        listInvitations(context, 'pending'),
        recentAuditEvents(context, 8),
        dashboardFigures(context),
      ]);
      return { users, suppliers, pendingInvitations: invitations.length, events, dashboard };
    }
    case 'procurement': {
      const [suppliers, invitations, list, toReview, overdue, dashboard] = await Promise.all([
        supplierCounts(context),
        listInvitations(context, 'pending'),
        listSuppliers(context, { sort: '-updated' }, 10),
        listAssessments(context, { status: 'submitted' }),
        listFindings(context, { status: 'unresolved', overdue: true }),
        dashboardFigures(context),
      ]);
      return {
        dashboard,
        suppliers,
        pendingInvitations: invitations.length,
        recentSuppliers: list.suppliers,
        toReview,
        overdueFindings: overdue.length,
      };
    }
    case 'auditor': {
      const [suppliers, events, dashboard] = await Promise.all([
        supplierCounts(context),
        recentAuditEvents(context, 8),
        dashboardFigures(context),
      ]);
      return { suppliers, events, dashboard };
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
