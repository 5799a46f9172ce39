export {
  ASSESSMENT_STATUSES,
  OPEN_STATUSES,
  type AssessmentRecord,
  type AssessmentStatus,
} from './assessment.model';
export { assessmentDirectory, type AssessmentRow } from './assessment-directory';
export { inLocale } from './assessment-view';
export { listAssessments, type ListedAssessment } from './assessments.service';
export { evidenceValidityDirectory, type EvidenceValidityRow } from './evidence-validity';
export { assessmentForReport, type ReportedAssessment } from './assessment-report';
