import path from 'node:path';
import express, { type Express } from 'express';
import passport from 'passport';
import type { Config } from './config';
import { initI18n } from './lib/i18n';
import type { Logger } from './lib/logger';
import { auditReads } from './middleware/audit-reads';
import { requireDatabase } from './middleware/database-ready';
import { csrfProtection } from './middleware/csrf';
import { errorHandler, notFound } from './middleware/errors';
import { flash } from './middleware/flash';
import { applyUserLocale, detectLocale } from './middleware/locale';
import { openAlertsInNav, unreadNotificationCount, viewLocals } from './middleware/locals';
import { requestLogging } from './middleware/request-logging';
import { saveSessionBeforeRedirect } from './middleware/save-before-redirect';
import { securityHeaders } from './middleware/security';
import { createSessionMiddleware, type SessionMiddleware } from './middleware/session';
import { configurePassport } from './modules/auth/passport';
import { createAccountRouter } from './modules/account/account.routes';
import { createAgreementsRouter } from './modules/agreements/agreements.routes';
import { createAssessmentsRouter } from './modules/assessments/assessments.routes';
import { createAuditRouter } from './modules/audit/audit.routes';
import { createAuthRouter } from './modules/auth/auth.routes';
import { requireMfaEnrolment } from './modules/auth/mfa-gate';
import { createFindingsRouter } from './modules/findings/findings.routes';
import { createHealthRouter } from './modules/health/health.routes';
import { createHomeRouter } from './modules/home/home.routes';
import { createIncidentsRouter } from './modules/incidents/incidents.routes';
import { createInvitationsRouter } from './modules/invitations/invitations.routes';
import { createOutboxRouter } from './modules/mail/outbox.routes';
import { createMonitoringRouter, registerMonitoring } from './modules/monitoring';
import { createNotificationsRouter } from './modules/notifications/notifications.routes';
import { registerReviewTriggers } from './modules/reviews';
import { createReportsRouter } from './modules/reports';
import { createReviewsRouter } from './modules/reviews/reviews.routes';
import { createScheduleRouter } from './modules/schedule/schedule.routes';
import { createSettingsRouter } from './modules/settings/settings.routes';
import { createSuppliersRouter } from './modules/suppliers/suppliers.routes';
import { createTemplatesRouter } from './modules/questionnaires/template.routes';
import { createUsersRouter } from './modules/users/users.routes';

const root = path.resolve(__dirname, '..');

export interface VettedApp {
  app: Express;
  sessions: SessionMiddleware;
}

/** Builds the Express application. Connects to nothing: the server (or a test) does that. */
export function createApp(config: Config, logger: Logger): VettedApp {
  initI18n();
  configurePassport(config);
  registerReviewTriggers();
  registerMonitoring();
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('view engine', 'ejs');
  app.set('views', path.join(root, 'views'));
  // Views include partials by absolute path from this folder ('/partials/csrf'): EJS resolves
  // those without the file-system check it makes for every relative include, on every render.
  app.set('view options', { root: path.join(root, 'views') });
  app.locals.appName = 'Vetted';

  app.use(requestLogging(logger));
  app.use(securityHeaders(config.cookieSecure));

  // Browser assets come from the project itself: no CDN, so the portal works offline.
  const assetOptions = { maxAge: config.isProduction ? '7d' : 0, fallthrough: true, index: false } as const;
  app.use('/static', express.static(path.join(root, 'public'), assetOptions));
  app.use(
    '/static/vendor/bulma',
    express.static(path.join(root, 'node_modules', 'bulma', 'css'), assetOptions),
  );
  app.use(
    '/static/vendor/chart.js',
    express.static(path.join(root, 'node_modules', 'chart.js', 'dist'), assetOptions),
  );

  app.use(createHealthRouter());
  app.use(detectLocale(config.defaultLocale));
  app.use(requireDatabase);

  app.use(express.urlencoded({ extended: false, limit: '100kb', parameterLimit: 500 }));
  app.use(express.json({ limit: '100kb' }));
  const sessions = createSessionMiddleware(config);
  app.use(sessions.handler);
  app.use(saveSessionBeforeRedirect);
  app.use(passport.initialize());
  app.use(passport.session());
  app.use(applyUserLocale);
  app.use(flash);
  app.use(csrfProtection);
  // An admin or auditor whom the settings oblige to use two-step sign-in sets it up first.
  app.use(requireMfaEnrolment);
  app.use(viewLocals);
  app.use(unreadNotificationCount);
  app.use(openAlertsInNav);
  // Every successful read of supplier data leaves an audit event (after passport: who reads).
  app.use(auditReads);

  app.use(createAuthRouter(config));
  app.use(createHomeRouter());
  app.use('/account', createAccountRouter());
  app.use('/admin/users', createUsersRouter(config));
  app.use('/admin/outbox', createOutboxRouter(config));
  app.use('/admin/settings', createSettingsRouter());
  app.use(createReviewsRouter());
  app.use('/schedule', createScheduleRouter(config));
  app.use('/notifications', createNotificationsRouter());
  // Before the supplier router, whose /suppliers/:id would otherwise take /suppliers/reports.zip.
  app.use(createReportsRouter());
  app.use('/suppliers/:supplierId/agreements', createAgreementsRouter(config));
  app.use('/suppliers', createSuppliersRouter(config));
  app.use('/assessments', createAssessmentsRouter(config));
  app.use('/findings', createFindingsRouter(config));
  app.use('/incidents', createIncidentsRouter());
  app.use('/templates', createTemplatesRouter());
  app.use(createInvitationsRouter(config));
  app.use('/audit', createAuditRouter());
  app.use('/alerts', createMonitoringRouter());

  app.use(notFound);
  app.use(errorHandler(logger));
  return { app, sessions };
}
