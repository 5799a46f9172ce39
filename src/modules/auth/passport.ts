import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import type { Config } from '../../config';
import { contextOf } from '../../lib/context';
import { authenticate, findSessionUser, type SignInResult } from '../users';

/** Why a sign-in failed, as passed from the strategy to the sign-in controller. */
export type SignInFailure = Exclude<SignInResult, { ok: true }>;

let configured = false;

/**
 * Email + password sign-in (passport-local). Only the user id goes into the session; the
 * user is read again on every request, so a disabled account stops working at once.
 */
export function configurePassport(config: Config): void {
  if (configured) return;
  configured = true;
  passport.use(
    new LocalStrategy(
      { usernameField: 'email', passwordField: 'password', passReqToCallback: true },
      (req, email, password, done) => {
        authenticate(contextOf(req), email, password, {
          threshold: config.lockoutThreshold,
          minutes: config.lockoutMinutes,
        })
          .then((result) =>
            result.ok ? done(null, result.user) : done(null, false, { message: result.reason, ...result }),
          )
          .catch(done);
      },
    ),
  );
  passport.serializeUser((user, done) => done(null, user.id));
  passport.deserializeUser((id: string, done) => {
    findSessionUser(id)
      .then((user) => done(null, user ?? false))
      .catch(done);
  });
}
