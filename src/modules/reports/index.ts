export { reportRules } from './reports.policy';
export { createReportsRouter } from './reports.routes';
