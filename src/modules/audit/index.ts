export { eventRecorded, record, resetAuditCache, type AuditInput, type RecordedEvent } from './audit.service';
export { verifyAuditChain, type ChainReport } from './audit.verify';
export { listAuditEvents, recentAuditEvents } from './audit.query';
