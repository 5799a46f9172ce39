export {
  DEFAULT_SETTINGS,
  MIN_AUDIT_RETENTION_MONTHS,
  getSettings,
  resetSettingsCache,
  updateAuditRetention,
  updateMfaRequired,
  updateMonitoringSettings,
  updateReviewCadence,
} from './settings.service';
export type { MonitoringSettings, ReviewCadence, Settings } from './settings.service';
