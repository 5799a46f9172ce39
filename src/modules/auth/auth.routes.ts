import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../../config';
import { TooManyRequestsError } from '../../lib/errors';
import { requireSignedIn } from '../../middleware/auth';
import { changeLanguage, setPassword, showSetPassword, showSignIn, signIn, signOut } from './auth.controller';

/** Sign-in, sign-out, set-password links and the language switch. */
export function createAuthRouter(config: Config): Router {
  const limitAttempts = rateLimit({
    windowMs: 15 * 60_000,
    limit: config.signInRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError('errors.tooManyRequests.signIn')),
  });

  return Router()
    .get('/sign-in', showSignIn)
    .post('/sign-in', limitAttempts, signIn)
    .post('/sign-out', requireSignedIn, signOut)
    .get('/set-password/:token', showSetPassword)
    .post('/set-password/:token', limitAttempts, setPassword)
    .post('/language', changeLanguage(config));
}
