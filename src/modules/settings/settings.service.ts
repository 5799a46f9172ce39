import type { RequestContext } from '../../lib/context';
import { authorize } from '../access';
import { record } from '../audit';
import type { RiskTier } from '../suppliers/risk';
import { SettingsModel } from './settings.model';

export type ReviewCadence = Record<RiskTier, number>;

export interface Settings {
  /** Months between periodic reviews, per inherent risk tier. */
  reviewCadenceMonths: ReviewCadence;
}

/** DESIGN.md's defaults: critical 6, high 12, medium 18, low 24 months. */
export const DEFAULT_SETTINGS: Settings = {
  reviewCadenceMonths: { critical: 6, high: 12, medium: 18, low: 24 },
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

/** Forgets cached settings (tests). */
export function resetSettingsCache(): void {
  cached = undefined;
}
