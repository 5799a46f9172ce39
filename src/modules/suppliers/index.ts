export {
  SUPPLIER_STATUSES,
  type AssessmentSummary,
  type FindingSummary,
  type OpenReviewSummary,
  type SupplierRecord,
  type SupplierStatus,
} from './suppliers.model';
export { RISK_TIERS, tierRank, type RiskTier } from './risk';
export {
  changeSupplierStatus,
  createSupplier,
  getSupplier,
  refuseForeignSupplier,
  setAgreementSummary,
  setAssessmentSummary,
  setFindingSummary,
  setReviewAnchor,
  supplierChanged,
  supplierForReport,
  type SupplierChange,
  setOpenReview,
  applyReviewVerdict,
  supplierAgreementIds,
  updateSupplier,
  type AgreementSummaryUpdate,
} from './suppliers.service';
export {
  countSuppliers,
  findSuppliers,
  listSuppliers,
  supplierCounts,
  supplierGlance,
  supplierName,
  supplierOptions,
  reviewClock,
  type ReviewClock,
  type ListedSupplier,
} from './suppliers.query';
export { supplierDirectory, toRow, type SupplierRow } from './supplier-directory';
export { agreementDisplayState, datedAgreements, nextReviewDue } from './supplier-view';
export { PI_CATEGORIES, PI_CATEGORY_KEYS, isSensitiveCategory } from './data-profile';
export { supplierFilterSchema, type SupplierFilter } from './suppliers.schema';
