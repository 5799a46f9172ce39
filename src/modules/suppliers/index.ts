export {
  SUPPLIER_STATUSES,
  type AssessmentSummary,
  type FindingSummary,
  type SupplierStatus,
} from './suppliers.model';
export { RISK_TIERS, type RiskTier } from './risk';
export {
  changeSupplierStatus,
  createSupplier,
  getSupplier,
  refuseForeignSupplier,
  setAgreementSummary,
  setAssessmentSummary,
  setFindingSummary,
  setReviewAnchor,
  supplierAgreementIds,
  updateSupplier,
  type AgreementSummaryUpdate,
} from './suppliers.service';
export {
  findSuppliers,
  listSuppliers,
  supplierCounts,
  supplierGlance,
  supplierName,
  supplierOptions,
  type ListedSupplier,
} from './suppliers.query';
export { supplierDirectory, type SupplierRow } from './supplier-directory';
export { agreementDisplayState, nextReviewDue } from './supplier-view';
