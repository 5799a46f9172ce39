import { Router } from 'express';
import { requireSignedIn } from '../../middleware/auth';
import { changePassword, showAccount } from './account.controller';
import * as mfa from './mfa.controller';

/** The signed-in user's own account: profile, language, password and two-step sign-in. */
export function createAccountRouter(): Router {
  return Router()
    .use(requireSignedIn)
    .get('/', showAccount)
    .post('/password', changePassword)
    .get('/mfa/setup', mfa.showSetup)
    .post('/mfa/setup', mfa.confirmSetup)
    .get('/mfa/recovery-codes', mfa.showRegenerate)
    .post('/mfa/recovery-codes', mfa.regenerate)
    .get('/mfa/disable', mfa.showDisable)
    .post('/mfa/disable', mfa.disable);
}
