import type { Locale } from '../lib/i18n';
import type { Role } from '../modules/users/roles';

/**
 * The signed-in user as every request sees it: loaded from the database on each request from
 * the user id kept in the session, so role, supplier and disabled state are always current.
 */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** Set for vendor users only: the one supplier they belong to. */
  supplierId: string | undefined;
  locale: Locale | undefined;
  /** Two-step sign-in is on for this account (the enrolment gate reads it on every request). */
  mfaEnabled?: boolean;
}
