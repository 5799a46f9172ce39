export {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  type AgreementRecord,
  type AgreementType,
} from './agreements.model';
export { DPA_CLAUSES, clauseGaps, mandatoryClauses, type DpaClauseId } from './dpa-clauses';
export { listAgreements } from './agreements.service';
