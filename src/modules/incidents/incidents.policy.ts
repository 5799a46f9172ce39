import type { SessionUser } from '../../types/session-user';

/** The supplier an incident belongs to (or is reported for). */
export interface IncidentRef {
  supplierId: string;
}

const isBuyerStaff = (user: SessionUser) => user.role === 'admin' || user.role === 'procurement';
const isOwnVendor = (user: SessionUser, ref: IncidentRef) =>
  user.role === 'vendor' && user.supplierId !== undefined && user.supplierId === ref.supplierId;

/**
 * Buyers and the supplier's own vendors report and follow incidents; only buyers decide the
 * status and the notifications (the company, not its processor, answers to the regulator);
 * auditors read everything and change nothing.
 */
export const incidentRules = {
  'incidents.list': (user: SessionUser) => user.role !== 'vendor' || Boolean(user.supplierId),
  'incidents.read': (user: SessionUser, ref: IncidentRef) => user.role !== 'vendor' || isOwnVendor(user, ref),
  'incidents.report': (user: SessionUser, ref: IncidentRef) => isBuyerStaff(user) || isOwnVendor(user, ref),
  'incidents.update': (user: SessionUser, ref: IncidentRef) => isBuyerStaff(user) || isOwnVendor(user, ref),
  /** The vendor may edit only while the incident is not closed; the service checks that. */
  'incidents.edit': (user: SessionUser, ref: IncidentRef) => isBuyerStaff(user) || isOwnVendor(user, ref),
  'incidents.manage': (user: SessionUser, _ref: IncidentRef) => isBuyerStaff(user),
};
