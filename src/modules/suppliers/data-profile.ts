/**
 * The vocabulary of a supplier's data profile: what personal information it processes, how
 * much, with what access, and whether it leaves the country. Keys are stored; labels live in
 * the translation files (dataProfile.*).
 */

/** Personal-information categories. `sensitive` follows PIPL Art. 28. */
export const PI_CATEGORIES = [
  { key: 'biometric', sensitive: true },
  { key: 'religious_belief', sensitive: true },
  { key: 'specific_identity', sensitive: true },
  { key: 'medical_health', sensitive: true },
  { key: 'financial_account', sensitive: true },
  { key: 'whereabouts', sensitive: true },
  { key: 'minor_under_14', sensitive: true },
  { key: 'identity_contact', sensitive: false },
  { key: 'national_id_number', sensitive: false },
  { key: 'account_credentials', sensitive: false },
  { key: 'transactions', sensitive: false },
  { key: 'device_online', sensitive: false },
  { key: 'employment', sensitive: false },
  { key: 'education', sensitive: false },
  { key: 'communications', sensitive: false },
  { key: 'preferences_behaviour', sensitive: false },
] as const;
export type PiCategory = (typeof PI_CATEGORIES)[number]['key'];
export const PI_CATEGORY_KEYS = PI_CATEGORIES.map((category) => category.key) as [
  PiCategory,
  ...PiCategory[],
];
const sensitiveKeys = new Set<string>(PI_CATEGORIES.filter((c) => c.sensitive).map((c) => c.key));

/** True for the sensitive categories of PIPL Art. 28. */
export function isSensitiveCategory(category: string): boolean {
  return sensitiveKeys.has(category);
}

/** How many individuals' information the supplier processes. */
export const VOLUME_BANDS = ['none', 'lt_1k', '1k_10k', '10k_100k', '100k_1m', 'gt_1m'] as const;
export type VolumeBand = (typeof VOLUME_BANDS)[number];

/** How the supplier reaches the data, from least to most exposure. */
export const ACCESS_TYPES = ['none', 'remote_read', 'remote_write', 'on_site', 'holds_copy'] as const;
export type AccessType = (typeof ACCESS_TYPES)[number];

/** PIPL Art. 38 mechanisms for sending personal information abroad. */
export const TRANSFER_MECHANISMS = [
  'cac_assessment',
  'certification',
  'standard_contract',
  'not_applicable',
] as const;
export type TransferMechanism = (typeof TRANSFER_MECHANISMS)[number];

/** How much the business depends on the supplier's service. */
export const CRITICALITY_LEVELS = ['low', 'medium', 'high', 'critical'] as const;
export type Criticality = (typeof CRITICALITY_LEVELS)[number];

export interface Subprocessor {
  name: string;
  country: string;
  service: string;
  categories: PiCategory[];
  consentDate?: Date | undefined;
}

/** Everything the inherent-risk formula reads. */
export interface DataProfile {
  categories: PiCategory[];
  volume: VolumeBand;
  access: AccessType;
  /** ISO 3166 codes of the countries data goes to, outside the home country. */
  destinations: string[];
  mechanism: TransferMechanism | undefined;
  criticality: Criticality;
  subprocessors: Pick<Subprocessor, 'categories'>[];
}
