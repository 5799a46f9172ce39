export { runDailyJob, type DailyRunReport } from './daily-job';
export { lastDailyRun, runIfDue, startScheduler } from './scheduler';
