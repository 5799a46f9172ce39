export { FINDING_STATUSES, SEVERITIES, UNRESOLVED, type FindingRecord, type Severity } from './finding.model';
export { findingDirectory } from './finding-directory';
export {
  findingsOfSupplier,
  listFindings,
  raiseFinding,
  unresolvedCounts,
  type ListedFinding,
} from './findings.service';
