export { reportRules } from './reports.policy';
export { createReportsRouter } from './reports.routes';
export { VERIFY_VERDICTS } from './reports.service';
