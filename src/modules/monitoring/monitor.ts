import { getConfig } from '../../config';
import { logger } from '../../lib/logger';
import { eventRecorded, type RecordedEvent } from '../audit';
import { getSettings } from '../settings';
import { newAdminAddressSignal } from './admin-addresses';
import { raiseAlert, resetAlertLatches } from './alerts.service';
import { countingSignals, createWindows, outsideHoursSignal, type ObservedEvent } from './rules';

const windows = createWindows();
/** Events are judged one after another, in the order they were recorded. */
let queue: Promise<void> = Promise.resolve();
/** Tests set the time the rules see; otherwise it is when the event was recorded. */
let clock: (() => Date) | undefined;

/** Whether an event may feed the rules: monitoring's own events never do (no loops). */
function isMonitored({ input }: RecordedEvent): boolean {
  return !input.action.startsWith('monitoring.');
}

function observed({ context, input, at }: RecordedEvent): ObservedEvent {
  const actor = context.actor;
  return {
    action: input.action,
    outcome: input.outcome ?? 'success',
    at: clock?.() ?? at,
    actor: actor
      ? { id: actor.id, email: actor.email, role: actor.role, supplierId: actor.supplierId }
      : undefined,
    actorEmail: input.actorEmail,
    ip: context.ip,
    requestId: context.requestId,
    target: input.target,
  };
}

/** Runs every rule on one event and raises (or counts) the alerts whose threshold it reaches. */
async function judge(event: ObservedEvent): Promise<void> {
  const settings = (await getSettings()).monitoring;
  const signals = countingSignals(event, settings, windows);
  const newAddress = await newAdminAddressSignal(event, settings.alertOnNewAdminAddress);
  if (newAddress) signals.push(newAddress);
  const outside = outsideHoursSignal(event, settings, getConfig().timeZone);
  if (outside) signals.push(outside);
  for (const signal of signals) await raiseAlert(signal);
}

/** The audit-trail listener: queues the event and returns at once, so no request waits for the rules. */
function onEventRecorded(recorded: RecordedEvent): Promise<void> {
  if (!isMonitored(recorded)) return Promise.resolve();
  const event = observed(recorded);
  queue = queue
    .then(() => judge(event))
    .catch((error: unknown) => {
      logger().error({ err: error, action: event.action }, 'monitoring: a rule failed');
    });
  return Promise.resolve();
}

let registered = false;

/** Lets the monitoring rules watch the audit trail (called once when the app is built). */
export function registerMonitoring(): void {
  if (registered) return;
  eventRecorded.on(onEventRecorded);
  registered = true;
}

/** Resolves once every event recorded so far has been judged (tests wait for this). */
export function monitoringSettled(): Promise<void> {
  return queue;
}

/** Makes the rules see the time `now` returns instead of the event's time (tests); undefined restores it. */
export function setMonitoringClock(now: (() => Date) | undefined): void {
  clock = now;
}

/** Forgets counted events and quiet rules (tests that empty the database call this). */
export function resetMonitoring(): void {
  windows.failedByAccount.clear();
  windows.failedByAddress.clear();
  windows.downloads.clear();
  resetAlertLatches();
}
