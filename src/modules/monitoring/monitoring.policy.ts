import type { SessionUser } from '../../types/session-user';

/** Admins and auditors read access-monitoring alerts; only admins acknowledge them. */
export const monitoringRules = {
  'alerts.read': (user: SessionUser) => user.role === 'admin' || user.role === 'auditor',
  'alerts.acknowledge': (user: SessionUser) => user.role === 'admin',
};
