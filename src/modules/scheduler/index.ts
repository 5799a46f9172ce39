export { runDailyJob, type DailyRunReport } from './daily-job';
export { lastDailyRun, processName, runIfDue, startScheduler } from './scheduler';
