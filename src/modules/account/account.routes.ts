import { Router } from 'express';
import { requireSignedIn } from '../../middleware/auth';
import { changePassword, showAccount } from './account.controller';

/** The signed-in user's own account: profile, language and password. */
export function createAccountRouter(): Router {
  return Router().use(requireSignedIn).get('/', showAccount).post('/password', changePassword);
}
