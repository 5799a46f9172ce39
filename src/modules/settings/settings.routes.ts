import { Router } from 'express';
import { requireRole } from '../../middleware/auth';
import * as settings from './settings.controller';

/** Portal settings (admins only). */
export function createSettingsRouter(): Router {
  return Router()
    .use(requireRole('admin'))
    .get('/', settings.show)
    .post('/review-cadence', settings.saveCadence)
    .post('/audit-retention', settings.saveRetention)
    .post('/mfa', settings.saveMfa)
    .post('/monitoring', settings.saveMonitoring);
}
