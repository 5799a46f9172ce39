import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { listOutbox, type OutboxEntry } from '../../src/modules/mail';
import { monitoringSettled } from '../../src/modules/monitoring';
import { AlertModel, type AlertRecord, type AlertRule } from '../../src/modules/monitoring/alert.model';
import { resetSettingsCache } from '../../src/modules/settings';
import { DEFAULT_SETTINGS, type MonitoringSettings } from '../../src/modules/settings';
import { testConfig } from '../helpers/environment';

/** An open alert written straight into the database (for pages and the acknowledge button); its id. */
export async function insertAlert(overrides: Partial<AlertRecord> = {}): Promise<string> {
  const at = new Date();
  const rule: AlertRule = overrides.rule ?? 'vendor_other_supplier';
  const alert: AlertRecord = {
    _id: `${rule}:${at.getTime()}:${randomBytes(4).toString('hex')}`,
    rule,
    severity: 'high',
    subjectKind: 'user',
    subject: new mongoose.Types.ObjectId().toString(),
    subjectLabel: 'someone@example.test',
    details: { target: 'supplier 1', address: '203.0.113.9' },
    firstSeenAt: at,
    lastSeenAt: at,
    occurrences: 1,
    status: 'open',
    ...overrides,
  };
  await AlertModel.create(alert);
  return alert._id;
}

/** Every alert of one rule, after the rules have judged every event recorded so far. */
export async function alertsOf(rule: AlertRule): Promise<AlertRecord[]> {
  await monitoringSettled();
  return AlertModel.find({ rule }).sort({ firstSeenAt: 1 }).lean<AlertRecord[]>();
}

/** Expects exactly one alert of the rule and returns it. */
export async function onlyAlert(rule: AlertRule): Promise<AlertRecord> {
  const alerts = await alertsOf(rule);
  expect(alerts, `alerts of ${rule}`).to.have.length(1);
  return alerts[0]!;
}

/** Stores monitoring thresholds straight in the settings (tests pick small ones). */
export async function useMonitoringSettings(change: Partial<MonitoringSettings>): Promise<void> {
  await mongoose.connection
    .collection('settings')
    .updateOne(
      { _id: 'global' as never },
      { $set: { monitoring: { ...DEFAULT_SETTINGS.monitoring, ...change } } },
      { upsert: true },
    );
  resetSettingsCache();
}

/** Mails in the outbox sent to one address. */
export async function mailsTo(email: string): Promise<OutboxEntry[]> {
  await monitoringSettled();
  return (await listOutbox(testConfig())).filter((mail) => mail.to === email);
}

/** The monitoring form with the default thresholds (one working day per checkbox is sent as a list). */
export const MONITORING_DEFAULTS_FORM: Record<string, string> = {
  failedSignInsPerAccount: String(DEFAULT_SETTINGS.monitoring.failedSignInsPerAccount),
  failedSignInsPerAddress: String(DEFAULT_SETTINGS.monitoring.failedSignInsPerAddress),
  failedSignInWindowMinutes: String(DEFAULT_SETTINGS.monitoring.failedSignInWindowMinutes),
  downloadLimit: String(DEFAULT_SETTINGS.monitoring.downloadLimit),
  downloadWindowMinutes: String(DEFAULT_SETTINGS.monitoring.downloadWindowMinutes),
  alertOnNewAdminAddress: 'on',
  workingHoursStart: DEFAULT_SETTINGS.monitoring.workingHoursStart,
  workingHoursEnd: DEFAULT_SETTINGS.monitoring.workingHoursEnd,
  workingDays: '1',
};
