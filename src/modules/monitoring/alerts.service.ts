import { randomBytes } from 'node:crypto';
import { systemContext, type RequestContext } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { logger } from '../../lib/logger';
import { authorize } from '../access';
import { record } from '../audit';
import { notify } from '../notifications';
import { activeAdminIds } from '../users';
import { AlertModel, type AlertRecord, type AlertStatus } from './alert.model';
import type { Signal } from './rules';

/**
 * Which rule last fired for which subject, and until when it stays quiet: a burst of events
 * makes one alert whose count grows, not an alert per event. Kept per process (like the windows).
 */
const latches = new Map<string, { alertId: string; until: number }>();

/**
 * Raises an alert for a signal, or, while the same rule is quiet for the same subject, counts the
 * event on the alert it already raised. A new alert is audited (`monitoring.alert`, recorded by
 * the system so that it feeds no rule) and sent to every active admin in the app and by mail.
 */
export async function raiseAlert(signal: Signal): Promise<void> {
  const latchKey = `${signal.rule}|${signal.subject}`;
  const latch = latches.get(latchKey);
  const at = signal.at.getTime();
  if (latch && latch.until > at) {
    await AlertModel.updateOne(
      { _id: latch.alertId },
      { $inc: { occurrences: 1 }, $set: { lastSeenAt: signal.at } },
    );
    return;
  }
  if (latches.size > 10_000) for (const [key, old] of latches) if (old.until <= at) latches.delete(key);
  const alert: AlertRecord = {
    _id: `${signal.rule}:${at}:${randomBytes(4).toString('hex')}`,
    rule: signal.rule,
    severity: signal.severity,
    subjectKind: signal.subjectKind,
    subject: signal.subject,
    subjectLabel: signal.subjectLabel,
    supplierId: signal.supplierId,
    details: signal.details,
    firstSeenAt: signal.at,
    lastSeenAt: signal.at,
    occurrences: signal.count,
    status: 'open',
  };
  await AlertModel.create(alert);
  openCount = undefined;
  latches.set(latchKey, { alertId: alert._id, until: at + signal.quietMs });
  await record(systemContext(), {
    action: 'monitoring.alert',
    target: { type: 'alert', id: alert._id, label: signal.subjectLabel },
    supplierId: signal.supplierId,
    details: {
      rule: signal.rule,
      severity: signal.severity,
      subject: signal.subjectLabel,
      count: signal.count,
    },
  });
  await notifyAdmins(alert);
}

/** Tells every admin who can sign in, in the app and by mail (a failed mail is logged by notify). */
async function notifyAdmins(alert: AlertRecord): Promise<void> {
  for (const userId of await activeAdminIds()) {
    try {
      await notify({
        userId,
        kind: 'monitoring_alert',
        // The notification's free-text slot names what the alert is about (an account or address).
        supplierName: alert.subjectLabel,
        subjectKey: `monitoring.rules.${alert.rule}`,
        link: '/alerts',
        onceKey: `alert:${alert._id}:${userId}`,
      });
    } catch (error) {
      logger().error({ err: error, alert: alert._id }, 'monitoring: could not notify an admin');
    }
  }
}

/** Which alerts the list shows. */
export type AlertFilter = AlertStatus | 'all';

/** Alerts for admins and auditors, newest first (at most `limit`). */
export async function listAlerts(
  context: RequestContext,
  filter: AlertFilter,
  limit = 500,
): Promise<AlertRecord[]> {
  authorize(context.actor, 'alerts.read');
  const query = filter === 'all' ? {} : { status: filter };
  return AlertModel.find(query).sort({ firstSeenAt: -1, _id: -1 }).limit(limit).lean<AlertRecord[]>();
}

// Every admin and auditor page shows the count: read at most this often (other processes'
// alerts show up within this time; this process's own changes at once).
const COUNT_CACHE_MS = 10_000;
let openCount: { value: number; readAt: number } | undefined;

/** How many alerts wait for an admin (for the navigation and the admin dashboard). */
export async function openAlertCount(): Promise<number> {
  if (openCount && Date.now() - openCount.readAt < COUNT_CACHE_MS) return openCount.value;
  const value = await AlertModel.countDocuments({ status: 'open' });
  openCount = { value, readAt: Date.now() };
  return value;
}

/** An admin acknowledges an alert (optionally with a note); audited as `monitoring.acknowledge`. */
export async function acknowledgeAlert(
  context: RequestContext,
  id: string,
  note: string | undefined,
): Promise<void> {
  authorize(context.actor, 'alerts.acknowledge');
  const alert = await AlertModel.findById(id).lean<AlertRecord>();
  if (!alert) throw new NotFoundError();
  if (alert.status === 'acknowledged') return;
  await AlertModel.updateOne(
    { _id: id },
    {
      $set: {
        status: 'acknowledged',
        acknowledgedById: context.actor.id,
        acknowledgedByName: context.actor.name,
        acknowledgedAt: new Date(),
        ...(note ? { acknowledgeNote: note } : {}),
      },
    },
  );
  openCount = undefined;
  await record(context, {
    action: 'monitoring.acknowledge',
    target: { type: 'alert', id, label: alert.subjectLabel },
    supplierId: alert.supplierId,
    details: { rule: alert.rule, note: note ?? '' },
  });
}

/** Forgets which rules are quiet (tests that empty the database call this). */
export function resetAlertLatches(): void {
  latches.clear();
  openCount = undefined;
}
