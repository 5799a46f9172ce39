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

/** Changes the review cadence per tier (admins only); audited with old and new values. */
export async function updateReviewCadence(context: RequestContext, cadence: ReviewCadence): Promise<void> {
  authorize(context.actor, 'settings.manage');
  const before = (await getSettings()).reviewCadenceMonths;
  await SettingsModel.updateOne(
    { _id: SETTINGS_ID },
    { $set: { reviewCadenceMonths: cadence, updatedBy: context.actor.id } },
    { upsert: true },
  );
  cached = undefined;
  await record(context, {
    action: 'settings.review_cadence',
    target: { type: 'settings', id: SETTINGS_ID },
    details: {
      before: `${before.critical}/${before.high}/${before.medium}/${before.low}`,
      after: `${cadence.critical}/${cadence.high}/${cadence.medium}/${cadence.low}`,
    },
  });
}

/** Changes how many months the audit trail keeps events (admins only; never below the baseline). */
export async function updateAuditRetention(context: RequestContext, months: number): Promise<void> {
  authorize(context.actor, 'settings.manage');
  if (!Number.isInteger(months) || months < MIN_AUDIT_RETENTION_MONTHS) {
    throw new ValidationError({
      auditRetentionMonths: { key: 'validation.tooSmall', params: { min: MIN_AUDIT_RETENTION_MONTHS } },
    });
  }
  const before = (await getSettings()).auditRetentionMonths;
  await store(context, { auditRetentionMonths: months });
  await record(context, {
    action: 'settings.audit_retention',
    target: { type: 'settings', id: SETTINGS_ID },
    details: { before, after: months },
  });
}

/** Switches the second-factor requirement for admins and auditors on or off (admins only). */
export async function updateMfaRequired(context: RequestContext, required: boolean): Promise<void> {
  authorize(context.actor, 'settings.manage');
  const before = (await getSettings()).mfaRequiredForPrivileged;
  await store(context, { mfaRequiredForPrivileged: required });
  await record(context, {
    action: 'settings.mfa_required',
    target: { type: 'settings', id: SETTINGS_ID },
    details: { before, after: required },
  });
}

/** Changes the thresholds and working hours of the access-monitoring rules (admins only). */
export async function updateMonitoringSettings(
  context: RequestContext,
  monitoring: MonitoringSettings,
): Promise<void> {
  authorize(context.actor, 'settings.manage');
  const before = (await getSettings()).monitoring;
  await store(context, { monitoring });
  await record(context, {
    action: 'settings.monitoring',
    target: { type: 'settings', id: SETTINGS_ID },
    details: { before: describeMonitoring(before), after: describeMonitoring(monitoring) },
  });
}

/** Writes some settings and makes this process read them again at once. */
async function store(context: RequestContext, change: Partial<Settings>): Promise<void> {
  await SettingsModel.updateOne(
    { _id: SETTINGS_ID },
    { $set: { ...change, updatedBy: context.actor?.id } },
    { upsert: true },
  );
  cached = undefined;
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
