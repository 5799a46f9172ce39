import { ReadModel } from '../../lib/read-model';
import { FindingModel, type FindingRecord, type FindingStatus, type Severity } from './finding.model';

/** What lists and dashboards need of one finding. */
export interface FindingRow {
  id: string;
  supplierId: string;
  supplierName: string;
  assessmentId: string;
  questionKey: string;
  severity: Severity;
  title: string;
  dueDate: Date;
  status: FindingStatus;
  createdAt: Date | undefined;
}

function toRow(finding: FindingRecord): FindingRow {
  return {
    id: finding._id.toString(),
    supplierId: finding.supplierId,
    supplierName: finding.supplierName,
    assessmentId: finding.assessmentId,
    questionKey: finding.questionKey,
    severity: finding.severity,
    title: finding.title,
    dueDate: finding.dueDate,
    status: finding.status,
    createdAt: finding.createdAt,
  };
}

/** Every finding as a list row, in memory (see ReadModel for why and how it stays current). */
export const findingDirectory = new ReadModel<FindingRecord, FindingRow>({
  entity: 'finding',
  loadAll: () => FindingModel.find({}).lean<FindingRecord[]>(),
  loadOne: (id) => FindingModel.findById(id).lean<FindingRecord>(),
  toRow,
});
