import type { RequestContext } from '../../lib/context';
import { recentAuditEvents } from '../audit';
import { listInvitations } from '../invitations';
import { getSupplier, listSuppliers, supplierCounts } from '../suppliers';
import { listSupplierUsers, userCounts } from '../users';

/** What each role's home page shows, gathered from the features that exist. */
export async function homeData(context: RequestContext): Promise<Record<string, unknown>> {
  const actor = context.actor;
  if (!actor) return {};
  switch (actor.role) {
    case 'admin': {
      const [users, suppliers, invitations, events] = await Promise.all([
        userCounts(context),
        supplierCounts(context),
        listInvitations(context, 'pending'),
        recentAuditEvents(context, 8),
      ]);
      return { users, suppliers, pendingInvitations: invitations.length, events };
    }
    case 'procurement': {
      const [suppliers, invitations, list] = await Promise.all([
        supplierCounts(context),
        listInvitations(context, 'pending'),
        listSuppliers(context, { sort: '-updated' }, 10),
      ]);
      return { suppliers, pendingInvitations: invitations.length, recentSuppliers: list.suppliers };
    }
    case 'auditor': {
      const [suppliers, events] = await Promise.all([supplierCounts(context), recentAuditEvents(context, 8)]);
      return { suppliers, events };
    }
    case 'vendor': {
      if (!actor.supplierId) return {};
      const [detail, colleagues] = await Promise.all([
        getSupplier(context, actor.supplierId),
        listSupplierUsers(actor.supplierId),
      ]);
      return {
        supplier: { id: detail.id, name: detail.record.name, status: detail.record.status },
        colleagues,
      };
    }
  }
}
