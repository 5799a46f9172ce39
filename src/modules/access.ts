import { createAuthorize, createCan, type Authorize, type Can } from '../lib/authz';
import { agreementRules } from './agreements/agreements.policy';
import { assessmentRules } from './assessments/assessments.policy';
import { auditRules } from './audit/audit.policy';
import { findingRules } from './findings/findings.policy';
import { homeRules } from './home/home.policy';
import { incidentRules } from './incidents/incidents.policy';
import { invitationRules } from './invitations/invitations.policy';
import { mailRules } from './mail/mail.policy';
import { monitoringRules } from './monitoring/monitoring.policy';
import { notificationRules } from './notifications/notifications.policy';
import { templateRules } from './questionnaires/template.policy';
import { reportRules } from './reports/reports.policy';
import { reviewRules } from './reviews/reviews.policy';
import { settingsRules } from './settings/settings.policy';
import { supplierRules } from './suppliers/suppliers.policy';
import { userRules } from './users/users.policy';

/** Every access rule of the portal in one table, assembled from each feature's policy file. */
const rules = {
  ...userRules,
  ...supplierRules,
  ...agreementRules,
  ...assessmentRules,
  ...findingRules,
  ...invitationRules,
  ...auditRules,
  ...mailRules,
  ...settingsRules,
  ...templateRules,
  ...reviewRules,
  ...notificationRules,
  ...homeRules,
  ...reportRules,
  ...incidentRules,
  ...monitoringRules,
};

export type Action = keyof typeof rules;

/** May this user do this action (to this resource)? Unknown actions are denied. */
export const can: Can<typeof rules> = createCan(rules);

/** Throws 403 unless `can` says yes; services call it before touching data. */
export const authorize: Authorize<typeof rules> = createAuthorize(can);

export type { SupplierRef } from './suppliers/suppliers.policy';
