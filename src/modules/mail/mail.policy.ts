import type { SessionUser } from '../../types/session-user';

/** The local outbox holds invitation links, so only administrators read it. */
export const mailRules = {
  'outbox.read': (user: SessionUser) => user.role === 'admin',
};
