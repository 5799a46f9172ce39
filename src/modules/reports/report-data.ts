import type { RequestContext } from '../../lib/context';
import { listAgreements, type AgreementRecord } from '../agreements';
import { assessmentForReport, type ReportedAssessment } from '../assessments';
import { findingsOfSupplier, type FindingRecord } from '../findings';
import { incidentsOfSupplier, type IncidentRecord } from '../incidents';
import { reviewsOfSupplier, type ReviewRow } from '../reviews';
import { nextReviewDue, reviewClock, supplierForReport, toRow, type SupplierRecord } from '../suppliers';

/** Everything a due-diligence summary says about one supplier, gathered before drawing. */
export interface ReportData {
  supplier: SupplierRecord;
  nextReview: Date | undefined;
  /** Every version of every agreement: current ones first, then by type and newest version. */
  agreements: AgreementRecord[];
  /** The latest completed assessment, if there is one. */
  assessment: ReportedAssessment | undefined;
  findings: FindingRecord[];
  reviews: ReviewRow[];
  /** Every incident of the supplier, oldest discovery first. */
  incidents: IncidentRecord[];
}

const AGREEMENT_ORDER = ['dpa', 'nda', 'scc', 'msa', 'other'];

export async function gatherReportData(context: RequestContext, supplierId: string): Promise<ReportData> {
  const supplier = await supplierForReport(context, supplierId);
  const assessmentId = supplier.summary.assessment?.assessmentId;
  const [clock, agreements, assessment, findings, reviews, incidents] = await Promise.all([
    reviewClock(),
    listAgreements(context, supplierId),
    assessmentId ? assessmentForReport(context, assessmentId) : undefined,
    findingsOfSupplier(context, supplierId),
    reviewsOfSupplier(context, supplierId),
    incidentsOfSupplier(context, supplierId),
  ]);
  return {
    supplier,
    nextReview: nextReviewDue(toRow(supplier), clock.cadence, clock.timeZone),
    agreements: agreements.sort(
      (a, b) =>
        Number(a.status === 'superseded') - Number(b.status === 'superseded') ||
        AGREEMENT_ORDER.indexOf(a.type) - AGREEMENT_ORDER.indexOf(b.type) ||
        b.version - a.version,
    ),
    assessment,
    findings,
    reviews,
    incidents,
  };
}
