export { record, resetAuditCache, type AuditInput } from './audit.service';
export { verifyAuditChain, type ChainReport } from './audit.verify';
export { listAuditEvents, recentAuditEvents } from './audit.query';
