import type { SessionUser } from '../../types/session-user';

/** The audit trail is read by administrators and auditors; nobody can change it. */
export const auditRules = {
  'audit.read': (user: SessionUser) => user.role === 'admin' || user.role === 'auditor',
};
