import type { SessionUser } from '../../types/session-user';

const trailReader = (user: SessionUser) => user.role === 'admin' || user.role === 'auditor';

/**
 * The audit trail is read, verified and exported by administrators and auditors; nobody can
 * change it (verifying and exporting change nothing but add their own event).
 */
export const auditRules = {
  'audit.read': trailReader,
  'audit.verify': trailReader,
  'audit.export': trailReader,
};
