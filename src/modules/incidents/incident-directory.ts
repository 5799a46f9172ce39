import { ReadModel } from '../../lib/read-model';
import {
  IncidentModel,
  type IncidentRecord,
  type IncidentStatus,
  type NoticeDecision,
} from './incident.model';

/** What the incident list and the supplier page need of one incident. */
export interface IncidentRow {
  id: string;
  supplierId: string;
  supplierName: string;
  title: string;
  status: IncidentStatus;
  discoveredOn: Date;
  reportedOn: Date;
  individualsAffected: number | undefined;
  regulatorDecision: NoticeDecision | undefined;
  individualsDecision: NoticeDecision | undefined;
}

function toRow(incident: IncidentRecord): IncidentRow {
  return {
    id: incident._id.toString(),
    supplierId: incident.supplierId,
    supplierName: incident.supplierName,
    title: incident.title,
    status: incident.status,
    discoveredOn: incident.discoveredOn,
    reportedOn: incident.reportedOn,
    individualsAffected: incident.individualsAffected,
    regulatorDecision: incident.regulator.decision,
    individualsDecision: incident.individuals.decision,
  };
}

/** Every incident as a list row, in memory (see ReadModel for why and how it stays current). */
export const incidentDirectory = new ReadModel<IncidentRecord, IncidentRow>({
  entity: 'incident',
  loadAll: () => IncidentModel.find({}).lean<IncidentRecord[]>(),
  loadOne: (id) => IncidentModel.findById(id).lean<IncidentRecord>(),
  toRow,
});
