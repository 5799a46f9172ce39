import { wallClock } from '../../lib/dates';
import type { MonitoringSettings } from '../settings';
import type { AlertRecord } from './alert.model';

/** One audit event as the rules look at it. */
export interface ObservedEvent {
  action: string;
  outcome: string;
  at: Date;
  actor?: { id: string; email: string; role: string; supplierId?: string | undefined } | undefined;
  /** The e-mail tried at a sign-in (set when no one is signed in). */
  actorEmail?: string | undefined;
  ip?: string | undefined;
  requestId?: string | undefined;
  target?: { type: string; id?: string | undefined } | undefined;
}

/** A rule's threshold was reached for a subject: what the alert service raises (or counts). */
export type Signal = Pick<
  AlertRecord,
  'rule' | 'severity' | 'subjectKind' | 'subject' | 'subjectLabel' | 'supplierId' | 'details'
> & {
  at: Date;
  /** Events that reached the threshold (the new alert's first count). */
  count: number;
  /** How long the same rule stays quiet for the same subject once it has fired. */
  quietMs: number;
};

/**
 * Everything a user takes away as a file: downloads, PDFs and exports. `read.download` is the
 * audit trail's generic event for attachment downloads; a request that also has a specific
 * event is counted once (by request id). The bulk ZIP of PDFs counts as one download.
 */
export const DOWNLOAD_ACTIONS: ReadonlySet<string> = new Set([
  'agreements.download',
  'answers.evidence_download',
  'findings.evidence_download',
  'reports.download',
  'reports.bulk_download',
  'suppliers.export',
  'assessments.export',
  'audit.export',
  'templates.export',
  'read.download',
]);

const MINUTE_MS = 60_000;
/** Rules without a window of their own (vendor probing, new admin address) stay quiet this long. */
export const QUIET_MS_WITHOUT_WINDOW = 60 * MINUTE_MS;
const DAY_MS = 24 * 60 * MINUTE_MS;

interface Hit {
  at: number;
  requestId?: string | undefined;
}

/**
 * Recent events per subject within a sliding window, kept in this process's memory: counts
 * start again when the process restarts, and each instance of a multi-instance deployment
 * counts the events it served (documented in the README).
 */
export class SlidingWindows {
  private readonly hits = new Map<string, Hit[]>();

  /** Adds an event and returns how many the subject has in the window (a repeated request id adds nothing). */
  add(subject: string, at: Date, windowMs: number, requestId?: string): number {
    const since = at.getTime() - windowMs;
    const recent = (this.hits.get(subject) ?? []).filter((hit) => hit.at > since);
    if (!(requestId && recent.some((hit) => hit.requestId === requestId))) {
      recent.push({ at: at.getTime(), requestId });
    }
    this.hits.set(subject, recent);
    if (this.hits.size > 10_000) this.sweep(since);
    return recent.length;
  }

  /** Drops subjects whose events are all older than `since` (keeps memory bounded). */
  private sweep(since: number): void {
    for (const [subject, list] of this.hits)
      if (!list.some((hit) => hit.at > since)) this.hits.delete(subject);
  }

  clear(): void {
    this.hits.clear();
  }
}

/** The windows of the counting rules. */
export interface RuleWindows {
  failedByAccount: SlidingWindows;
  failedByAddress: SlidingWindows;
  downloads: SlidingWindows;
}

/** A wrong password and a wrong second-factor code are both failed sign-ins (guessing either is an attack). */
const FAILED_SIGN_IN_ACTIONS = new Set(['auth.sign_in', 'auth.mfa']);

/** Fresh, empty windows. */
export function createWindows(): RuleWindows {
  return {
    failedByAccount: new SlidingWindows(),
    failedByAddress: new SlidingWindows(),
    downloads: new SlidingWindows(),
  };
}

/** A signed-in user as the subject of an alert. */
function userSubject(actor: NonNullable<ObservedEvent['actor']>) {
  return {
    subjectKind: 'user' as const,
    subject: actor.id,
    subjectLabel: actor.email,
    supplierId: actor.supplierId,
  };
}

/** Rules 1–3: failed sign-ins (per account, per address), downloads, a vendor asking for another supplier's record. */
export function countingSignals(
  event: ObservedEvent,
  settings: MonitoringSettings,
  windows: RuleWindows,
): Signal[] {
  const signals: Signal[] = [];
  if (FAILED_SIGN_IN_ACTIONS.has(event.action) && event.outcome === 'failure') {
    const windowMs = settings.failedSignInWindowMinutes * MINUTE_MS;
    const common = {
      at: event.at,
      quietMs: windowMs,
      details: { window: settings.failedSignInWindowMinutes },
    };
    const email = event.actorEmail?.trim().toLowerCase();
    if (email) {
      const count = windows.failedByAccount.add(email, event.at, windowMs);
      if (count >= settings.failedSignInsPerAccount) {
        signals.push({
          ...common,
          rule: 'failed_sign_ins_account',
          severity: 'medium',
          subjectKind: 'email',
          subject: email,
          subjectLabel: email,
          count,
          details: {
            ...common.details,
            threshold: settings.failedSignInsPerAccount,
            address: event.ip ?? '',
          },
        });
      }
    }
    if (event.ip) {
      const count = windows.failedByAddress.add(event.ip, event.at, windowMs);
      if (count >= settings.failedSignInsPerAddress) {
        signals.push({
          ...common,
          rule: 'failed_sign_ins_address',
          severity: 'high',
          subjectKind: 'address',
          subject: event.ip,
          subjectLabel: event.ip,
          count,
          details: { ...common.details, threshold: settings.failedSignInsPerAddress, lastEmail: email ?? '' },
        });
      }
    }
  }
  const actor = event.actor;
  if (actor && DOWNLOAD_ACTIONS.has(event.action) && event.outcome === 'success') {
    const windowMs = settings.downloadWindowMinutes * MINUTE_MS;
    const count = windows.downloads.add(actor.id, event.at, windowMs, event.requestId);
    if (count > settings.downloadLimit) {
      signals.push({
        rule: 'download_volume',
        severity: 'high',
        ...userSubject(actor),
        count,
        at: event.at,
        quietMs: windowMs,
        details: { limit: settings.downloadLimit, window: settings.downloadWindowMinutes, role: actor.role },
      });
    }
  }
  if (actor?.role === 'vendor' && event.action === 'access.denied') {
    signals.push({
      rule: 'vendor_other_supplier',
      severity: 'high',
      ...userSubject(actor),
      count: 1,
      at: event.at,
      quietMs: QUIET_MS_WITHOUT_WINDOW,
      details: {
        target: `${event.target?.type ?? ''} ${event.target?.id ?? ''}`.trim(),
        address: event.ip ?? '',
      },
    });
  }
  return signals;
}

/** Minutes since local midnight and ISO weekday (1 = Monday) of an instant in a time zone. */
export function localTime(at: Date, timeZone: string): { minutes: number; weekday: number; day: string } {
  const local = wallClock(at, timeZone);
  return {
    minutes: local.getUTCHours() * 60 + local.getUTCMinutes(),
    // getUTCDay counts from Sunday = 0; ISO weekdays from Monday = 1 to Sunday = 7.
    weekday: ((local.getUTCDay() + 6) % 7) + 1,
    day: local.toISOString().slice(0, 10),
  };
}

/** "HH:MM" as minutes since midnight. */
export function minutesOf(time: string): number {
  const [hours, minutes] = time.split(':').map(Number);
  return (hours ?? 0) * 60 + (minutes ?? 0);
}

/** Rule 5: an event by a signed-in user outside working hours or on a non-working day (one alert per user per local day). */
export function outsideHoursSignal(
  event: ObservedEvent,
  settings: MonitoringSettings,
  timeZone: string,
): Signal | undefined {
  const actor = event.actor;
  if (!settings.alertOutsideHours || !actor) return undefined;
  const local = localTime(event.at, timeZone);
  const inHours =
    settings.workingDays.includes(local.weekday) &&
    local.minutes >= minutesOf(settings.workingHoursStart) &&
    local.minutes < minutesOf(settings.workingHoursEnd);
  if (inHours) return undefined;
  return {
    rule: 'outside_hours',
    severity: 'low',
    ...userSubject(actor),
    // The local day is part of the subject: a new day may raise a new alert.
    subject: `${actor.id}:${local.day}`,
    count: 1,
    at: event.at,
    quietMs: DAY_MS,
    details: {
      day: local.day,
      action: event.action,
      hours: `${settings.workingHoursStart}–${settings.workingHoursEnd}`,
      timeZone,
    },
  };
}
