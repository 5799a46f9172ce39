export {
  auditQueueDrained,
  eventRecorded,
  record,
  resetAuditCache,
  watchRequest,
  type AuditInput,
  type RequestWatch,
  type RecordedEvent,
} from './audit.service';
export { recordRead, READ_ACTIONS } from './audit.reads';
export { BROKEN_REASONS, verifyAuditChain, verifyTrail, type ChainReport } from './audit.verify';
export { pruneAuditTrail, type PruneReport } from './audit.prune';
export { listAuditEvents, recentAuditEvents } from './audit.query';
