import type { Request } from 'express';
import type { SessionUser } from '../types/session-user';
import type { Locale } from './i18n';

/**
 * What a service needs to know about the request it serves: who acts, from where, and the
 * request id for the audit trail. Services take this instead of the Express request.
 */
export interface RequestContext {
  actor: SessionUser | undefined;
  ip: string | undefined;
  requestId: string | undefined;
  locale: Locale;
}

/** The service-facing context of an Express request. */
export function contextOf(req: Request): RequestContext {
  return {
    actor: req.user,
    ip: req.ip,
    requestId: typeof req.id === 'string' ? req.id : typeof req.id === 'number' ? String(req.id) : undefined,
    locale: req.locale,
  };
}

/** A context for work that no person started (seed, scheduled jobs, scripts). */
export function systemContext(locale: Locale = 'en'): RequestContext {
  return { actor: undefined, ip: undefined, requestId: undefined, locale };
}
