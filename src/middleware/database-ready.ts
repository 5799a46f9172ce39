import type { RequestHandler } from 'express';
import { isDatabaseConnected } from '../db/connection';
import { ServiceUnavailableError } from '../lib/errors';

/** Answers 503 straight away while the database is unreachable, instead of timing out. */
export const requireDatabase: RequestHandler = (_req, _res, next) => {
  next(isDatabaseConnected() ? undefined : new ServiceUnavailableError());
};
