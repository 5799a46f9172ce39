import type { RequestContext } from '../../lib/context';
import { ValidationError } from '../../lib/errors';
import { authorize } from '../access';
import { record } from '../audit';
import type { RiskTier } from '../suppliers/risk';
import { SettingsModel } from './settings.model';

export type ReviewCadence = Record<RiskTier, number>;

/** Thresholds of the access-monitoring rules (each rule raises an alert when reached). */
export interface MonitoringSettings {
  /** Failed sign-ins for one account within `failedSignInWindowMinutes` that raise an alert. */
  failedSignInsPerAccount: number;
  /** Failed sign-ins from one address within `failedSignInWindowMinutes` that raise an alert. */
  failedSignInsPerAddress: number;
  failedSignInWindowMinutes: number;
  /** A user downloading more than this many files or PDFs within `downloadWindowMinutes` raises an alert. */
  downloadLimit: number;
  downloadWindowMinutes: number;
  /** Raise an alert when an admin signs in from an address never used by that admin before. */
  alertOnNewAdminAddress: boolean;
  /** Raise an alert for access outside working hours (in TIME_ZONE). */
  alertOutsideHours: boolean;
  /** Working hours, "HH:MM" in TIME_ZONE; start before end. */
  workingHoursStart: string;
  workingHoursEnd: string;
  /** ISO weekdays (1 = Monday … 7 = Sunday) that are working days. */
  workingDays: number[];
}

export interface Settings {
  /** Months between periodic reviews, per inherent risk tier. */
  reviewCadenceMonths: ReviewCadence;
  /** Months the audit trail keeps events; never fewer than 6. */
  auditRetentionMonths: number;
  /** Admins and auditors must sign in with a second factor (TOTP). */
  mfaRequiredForPrivileged: boolean;
  monitoring: MonitoringSettings;
}

/** The fewest months the audit trail may keep events (logging baseline in DESIGN.md). */
export const MIN_AUDIT_RETENTION_MONTHS = 6;

/** DESIGN.md's defaults: critical 6, high 12, medium 18, low 24 months. */
export const DEFAULT_SETTINGS: Settings = {
  reviewCadenceMonths: { critical: 6, high: 12, medium: 18, low: 24 },
  auditRetentionMonths: 12,
  mfaRequiredForPrivileged: false,
  monitoring: {
    failedSignInsPerAccount: 5,
    failedSignInsPerAddress: 10,
    failedSignInWindowMinutes: 15,
    downloadLimit: 50,
    downloadWindowMinutes: 10,
    alertOnNewAdminAddress: true,
    alertOutsideHours: false,
    workingHoursStart: '07:00',
    workingHoursEnd: '20:00',
    workingDays: [1, 2, 3, 4, 5],
  },
};

const SETTINGS_ID = 'global';
// Settings change rarely; other processes see a change within this many milliseconds.
const CACHE_MS = 30_000;
let cached: { settings: Settings; loadedAt: number } | undefined;

/** The current settings (defaults for anything never set). */
export async function getSettings(): Promise<Settings> {
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.settings;
  const stored = await SettingsModel.findById(SETTINGS_ID).lean();
  const settings: Settings = {
    reviewCadenceMonths: { ...DEFAULT_SETTINGS.reviewCadenceMonths, ...(stored?.reviewCadenceMonths ?? {}) },
    auditRetentionMonths: Math.max(
      MIN_AUDIT_RETENTION_MONTHS,
      stored?.auditRetentionMonths ?? DEFAULT_SETTINGS.auditRetentionMonths,
    ),
    mfaRequiredForPrivileged: stored?.mfaRequiredForPrivileged ?? DEFAULT_SETTINGS.mfaRequiredForPrivileged,
    monitoring: { ...DEFAULT_SETTINGS.monitoring, ...withoutNulls(stored?.monitoring ?? {}) },
  };
  cached = { settings, loadedAt: Date.now() };
  return settings;
}

/** Changes the review cadence per tier (admins only). */
export async function updateReviewCadence(context: RequestContext, cadence: ReviewCadence): Promise<void> {
  const describe = (value: ReviewCadence) => `${value.critical}/${value.high}/${value.medium}/${value.low}`;
  await changeSetting(context, 'settings.review_cadence', 'reviewCadenceMonths', cadence, describe);
}

/** Changes how many months the audit trail keeps events (admins only; never below the baseline). */
export async function updateAuditRetention(context: RequestContext, months: number): Promise<void> {
  // Refuse non-admins before telling them anything about the value.
  authorize(context.actor, 'settings.manage');
  if (!Number.isInteger(months) || months < MIN_AUDIT_RETENTION_MONTHS) {
    throw new ValidationError({
      auditRetentionMonths: { key: 'validation.tooSmall', params: { min: MIN_AUDIT_RETENTION_MONTHS } },
    });
  }
  await changeSetting(context, 'settings.audit_retention', 'auditRetentionMonths', months, (value) => value);
}

/** Switches the second-factor requirement for admins and auditors on or off (admins only). */
export async function updateMfaRequired(context: RequestContext, required: boolean): Promise<void> {
  await changeSetting(
    context,
    'settings.mfa_required',
    'mfaRequiredForPrivileged',
    required,
    (value) => value,
  );
}

/** Changes the thresholds and working hours of the access-monitoring rules (admins only). */
export async function updateMonitoringSettings(
  context: RequestContext,
  monitoring: MonitoringSettings,
): Promise<void> {
  await changeSetting(context, 'settings.monitoring', 'monitoring', monitoring, describeMonitoring);
}

/**
 * Stores one setting (admins only), makes this process read the settings again at once, and
 * audits the change with the old and new value as `describe` writes them.
 */
async function changeSetting<Key extends keyof Settings>(
  context: RequestContext,
  action: string,
  key: Key,
  value: Settings[Key],
  describe: (value: Settings[Key]) => string | number | boolean,
): Promise<void> {
  authorize(context.actor, 'settings.manage');
  const before = (await getSettings())[key];
  await SettingsModel.updateOne(
    { _id: SETTINGS_ID },
    { $set: { [key]: value, updatedBy: context.actor.id } },
    { upsert: true },
  );
  cached = undefined;
  await record(context, {
    action,
    target: { type: 'settings', id: SETTINGS_ID },
    details: { before: describe(before), after: describe(value) },
  });
}

/** Monitoring settings in one line for the audit trail, e.g. "sign-ins 5/10 in 15 min; …". */
function describeMonitoring(value: MonitoringSettings): string {
  return [
    `sign-ins ${value.failedSignInsPerAccount}/${value.failedSignInsPerAddress} in ${value.failedSignInWindowMinutes} min`,
    `downloads >${value.downloadLimit} in ${value.downloadWindowMinutes} min`,
    `new admin address ${value.alertOnNewAdminAddress ? 'on' : 'off'}`,
    `outside hours ${value.alertOutsideHours ? 'on' : 'off'} ${value.workingHoursStart}-${value.workingHoursEnd} days ${value.workingDays.join(',')}`,
  ].join('; ');
}

/** The members of a stored sub-document that are set (mongoose reads absent ones as null or undefined). */
function withoutNulls<T extends object>(value: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(
    Object.entries(value).filter(([, member]) => member !== null && member !== undefined),
  ) as { [K in keyof T]?: NonNullable<T[K]> };
}

/** Forgets cached settings (tests). */
export function resetSettingsCache(): void {
  cached = undefined;
}
