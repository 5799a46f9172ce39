import { ReadModel } from '../../lib/read-model';
import { isSensitiveCategory } from './data-profile';
import {
  SupplierModel,
  type AgreementState,
  type AssessmentSummary,
  type FindingSummary,
  type OpenReviewSummary,
  type SupplierRecord,
  type SupplierStatus,
} from './suppliers.model';
import type { RiskTier } from './risk';

/** One agreement type's state as lists show it. */
export interface AgreementGlance {
  state: string;
  agreementId: string | undefined;
  effectiveDate: Date | undefined;
  expiryDate: Date | undefined;
  gaps: string[];
  partial: string[];
}

/**
 * What lists, filters, counts, dashboards and register exports need of one supplier. The full
 * document is read by `_id` only when one supplier is opened.
 */
export interface SupplierRow {
  id: string;
  name: string;
  /** Lower-cased name for case-insensitive matching. */
  nameKey: string;
  /** Lower-cased name, legal name and registration id: what a search looks in. */
  searchText: string;
  legalName: string;
  registrationId: string;
  country: string;
  website: string;
  services: string;
  ownerId: string;
  ownerName: string;
  status: SupplierStatus;
  inherentTier: RiskTier;
  inherentScore: number;
  criticality: string;
  purpose: string;
  method: string;
  categories: string[];
  sensitive: boolean;
  volume: string;
  access: string;
  destinations: string[];
  mechanism: string;
  subprocessors: { name: string; country: string }[];
  nda: AgreementGlance;
  dpa: AgreementGlance;
  pendingApprovals: number;
  assessment: AssessmentSummary | undefined;
  findings: FindingSummary | undefined;
  reviewAnchor: Date | undefined;
  openReview: OpenReviewSummary | undefined;
  createdAt: Date | undefined;
  updatedAt: Date | undefined;
}

/** An agreement summary as lists use it; the cross-border clause counts only for transfers abroad. */
function glance(state: AgreementState | undefined, sendsDataAbroad: boolean): AgreementGlance {
  const relevant = (clause: string) => sendsDataAbroad || clause !== 'DPA-CROSS-BORDER';
  return {
    state: state?.state ?? 'missing',
    agreementId: state?.agreementId ?? undefined,
    effectiveDate: state?.effectiveDate ?? undefined,
    expiryDate: state?.expiryDate ?? undefined,
    gaps: (state?.gaps ?? []).filter(relevant),
    partial: (state?.partial ?? []).filter(relevant),
  };
}

/** The list row of a supplier document. */
export function toRow(supplier: SupplierRecord): SupplierRow {
  const profile = supplier.dataProfile;
  const sendsDataAbroad = profile.destinations.length > 0;
  return {
    id: supplier._id.toString(),
    name: supplier.name,
    nameKey: supplier.name.toLocaleLowerCase(),
    searchText: [supplier.name, supplier.legalName, supplier.registrationId].join(' ').toLocaleLowerCase(),
    legalName: supplier.legalName ?? '',
    registrationId: supplier.registrationId ?? '',
    country: supplier.country ?? '',
    website: supplier.website ?? '',
    services: supplier.services ?? '',
    ownerId: supplier.ownerId ?? '',
    ownerName: supplier.ownerName ?? '',
    status: supplier.status,
    inherentTier: supplier.risk.inherentTier,
    inherentScore: supplier.risk.inherentScore,
    criticality: profile.criticality,
    purpose: profile.purpose ?? '',
    method: profile.method ?? '',
    categories: [...profile.categories],
    sensitive: profile.categories.some(isSensitiveCategory),
    volume: profile.volume,
    access: profile.access,
    destinations: [...profile.destinations],
    mechanism: profile.mechanism ?? '',
    subprocessors: supplier.subprocessors.map((sub) => ({ name: sub.name, country: sub.country })),
    nda: glance(supplier.summary.nda, sendsDataAbroad),
    dpa: glance(supplier.summary.dpa, sendsDataAbroad),
    pendingApprovals: supplier.summary.pendingApprovals,
    assessment: supplier.summary.assessment,
    findings: supplier.summary.findings,
    reviewAnchor: supplier.reviewAnchor ?? undefined,
    openReview: supplier.summary.review ?? undefined,
    createdAt: supplier.createdAt,
    updatedAt: supplier.updatedAt,
  };
}

/** Every supplier as a list row, in memory (see ReadModel for why and how it stays current). */
export const supplierDirectory = new ReadModel<SupplierRecord, SupplierRow>({
  entity: 'supplier',
  loadAll: () => SupplierModel.find({}).lean<SupplierRecord[]>(),
  loadOne: (id) => SupplierModel.findById(id).lean<SupplierRecord>(),
  toRow,
});
