export {
  ALERT_FILTERS,
  ALERT_RULES,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
  type AlertRecord,
  type AlertRule,
} from './alert.model';
export { acknowledgeAlert, listAlerts, openAlertCount } from './alerts.service';
export { createMonitoringRouter } from './monitoring.routes';
export { monitoringSettled, registerMonitoring, resetMonitoring, setMonitoringClock } from './monitor';
export { DOWNLOAD_ACTIONS } from './rules';
