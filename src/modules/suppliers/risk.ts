import {
  isSensitiveCategory,
  type AccessType,
  type Criticality,
  type DataProfile,
  type VolumeBand,
} from './data-profile';

/** Inherent risk tiers, lowest first. */
export const RISK_TIERS = ['low', 'medium', 'high', 'critical'] as const;
export type RiskTier = (typeof RISK_TIERS)[number];

/** One reason the score went up: a translation key (risk.factors.*), its points and values. */
export interface RiskFactor {
  key: string;
  points: number;
  params?: Record<string, string | number>;
}

export interface InherentRisk {
  tier: RiskTier;
  score: number;
  factors: RiskFactor[];
}

/*
 * The inherent-risk formula. Points add up from the supplier's data profile; the sum decides
 * the tier; two floors make sure large volumes of sensitive data are never rated below "high".
 * The same numbers are shown to users on the supplier page and on /suppliers/risk-formula.
 *
 *   personal information   general only 10; sensitive 30, +5 per further sensitive category
 *                           (at most +10); children under 14 a further +10
 *   individuals             <1k 2 · 1k–10k 5 · 10k–100k 10 · 100k–1M 15 · >1M 20
 *   access                  remote read 8 · remote write 12 · on site 10 · holds a copy 20
 *   cross-border            any destination 10; no valid mechanism recorded a further 10
 *   subprocessors           personal information passed on to subprocessors 5
 *   business criticality    medium 3 · high 6 · critical 10
 *
 *   tier: ≥ 75 critical · ≥ 50 high · ≥ 25 medium · otherwise low
 *   floors: sensitive PI of ≥ 100k individuals → at least high;
 *           sensitive PI sent abroad → at least high
 */
export const VOLUME_POINTS: Record<VolumeBand, number> = {
  none: 0,
  lt_1k: 2,
  '1k_10k': 5,
  '10k_100k': 10,
  '100k_1m': 15,
  gt_1m: 20,
};
export const ACCESS_POINTS: Record<AccessType, number> = {
  none: 0,
  remote_read: 8,
  remote_write: 12,
  on_site: 10,
  holds_copy: 20,
};
export const CRITICALITY_POINTS: Record<Criticality, number> = { low: 0, medium: 3, high: 6, critical: 10 };
export const TIER_THRESHOLDS: readonly { tier: RiskTier; minimum: number }[] = [
  { tier: 'critical', minimum: 75 },
  { tier: 'high', minimum: 50 },
  { tier: 'medium', minimum: 25 },
];

const LARGE_VOLUMES: readonly VolumeBand[] = ['100k_1m', 'gt_1m'];

/** Scores a data profile and explains every point. */
export function inherentRisk(profile: DataProfile): InherentRisk {
  const factors: RiskFactor[] = [];
  const sensitive = profile.categories.filter(isSensitiveCategory);

  if (sensitive.length > 0) {
    factors.push({
      key: 'sensitive',
      points: 30 + Math.min(10, (sensitive.length - 1) * 5),
      params: { count: sensitive.length },
    });
  } else if (profile.categories.length > 0) {
    factors.push({ key: 'general', points: 10, params: { count: profile.categories.length } });
  }
  if (profile.categories.includes('minor_under_14')) factors.push({ key: 'minors', points: 10 });
  if (VOLUME_POINTS[profile.volume] > 0) {
    factors.push({ key: 'volume', points: VOLUME_POINTS[profile.volume], params: { band: profile.volume } });
  }
  if (ACCESS_POINTS[profile.access] > 0) {
    factors.push({
      key: 'access',
      points: ACCESS_POINTS[profile.access],
      params: { access: profile.access },
    });
  }
  if (profile.destinations.length > 0) {
    factors.push({ key: 'crossBorder', points: 10, params: { count: profile.destinations.length } });
    if (!profile.mechanism || profile.mechanism === 'not_applicable') {
      factors.push({ key: 'noMechanism', points: 10 });
    }
  }
  const receiving = profile.subprocessors.filter((subprocessor) => subprocessor.categories.length > 0).length;
  if (receiving > 0) factors.push({ key: 'subprocessors', points: 5, params: { count: receiving } });
  if (CRITICALITY_POINTS[profile.criticality] > 0) {
    factors.push({
      key: 'criticality',
      points: CRITICALITY_POINTS[profile.criticality],
      params: { level: profile.criticality },
    });
  }

  const score = factors.reduce((sum, factor) => sum + factor.points, 0);
  let tier: RiskTier = TIER_THRESHOLDS.find((threshold) => score >= threshold.minimum)?.tier ?? 'low';
  const floorReasons: RiskFactor[] = [];
  if (sensitive.length > 0 && LARGE_VOLUMES.includes(profile.volume))
    floorReasons.push({ key: 'floorVolume', points: 0 });
  if (sensitive.length > 0 && profile.destinations.length > 0)
    floorReasons.push({ key: 'floorAbroad', points: 0 });
  if (floorReasons.length > 0 && tierRank(tier) < tierRank('high')) {
    tier = 'high';
    factors.push(...floorReasons);
  }
  return { tier, score, factors };
}

/** Position of a tier from low (0) to critical (3), for comparisons. */
export function tierRank(tier: RiskTier): number {
  return RISK_TIERS.indexOf(tier);
}
