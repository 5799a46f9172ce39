import { Router } from 'express';
import type { Config } from '../../config';
import { requireRole, requireSignedIn } from '../../middleware/auth';
import * as schedule from './schedule.controller';

/** What falls due when, as a list, a month calendar and a per-user .ics feed (staff only). */
export function createScheduleRouter(config: Config): Router {
  const staff = [requireSignedIn, requireRole('admin', 'procurement', 'auditor')];
  return Router()
    .get('/feed/:file', schedule.feed(config))
    .get('/', ...staff, schedule.list)
    .get('/calendar', ...staff, schedule.calendar)
    .post('/feed', ...staff, schedule.makeFeed)
    .post('/feed/revoke', ...staff, schedule.removeFeed);
}
