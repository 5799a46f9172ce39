import { Router } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { Config } from '../../config';
import { TooManyRequestsError } from '../../lib/errors';
import { requireSignedIn } from '../../middleware/auth';
import { showSecondFactor, submitSecondFactor } from './mfa-sign-in.controller';
import { changeLanguage, setPassword, showSetPassword, showSignIn, signIn, signOut } from './auth.controller';

/** Sign-in (with its second step), sign-out, set-password links and the language switch. */
export function createAuthRouter(config: Config): Router {
  const limitAttempts = rateLimit({
    windowMs: 15 * 60_000,
    limit: config.signInRateLimit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new TooManyRequestsError('errors.tooManyRequests.signIn')),
  });

  return (
    Router()
      .get('/sign-in', showSignIn)
      .post('/sign-in', limitAttempts, signIn)
      // The second step of a sign-in with two-step sign-in on; attempts count with the password's.
      .get('/sign-in/mfa', showSecondFactor('totp'))
      .post('/sign-in/mfa', limitAttempts, submitSecondFactor(config, 'totp'))
      .get('/sign-in/recovery', showSecondFactor('recovery_code'))
      .post('/sign-in/recovery', limitAttempts, submitSecondFactor(config, 'recovery_code'))
      .post('/sign-out', requireSignedIn, signOut)
      .get('/set-password/:token', showSetPassword)
      .post('/set-password/:token', limitAttempts, setPassword)
      .post('/language', changeLanguage(config))
  );
}
