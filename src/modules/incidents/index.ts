export {
  ART57_ITEMS,
  INCIDENT_FIELDS,
  INCIDENT_STATUSES,
  NEXT_STATUS,
  NOTICE_AUDIENCES,
  NOTICE_DECISIONS,
  TIMELINE_KINDS,
  type IncidentRecord,
  type IncidentStatus,
} from './incident.model';
export { incidentDirectory, type IncidentRow } from './incident-directory';
export { incidentCounts, incidentsOfSupplier, listIncidents, reportIncident } from './incidents.service';
export { addIncidentUpdate, changeIncidentStatus, recordNotice } from './incident-changes';
