import { Router, type RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { requireSignedIn } from '../../middleware/auth';
import { inLocale } from '../assessments';
import { homeData } from './home.service';

const showHome: RequestHandler = async (req, res) => {
  const role = req.user?.role ?? 'vendor';
  res.render(`home/${role}`, { ...(await homeData(contextOf(req))), inLocale });
};

/** The home page, one per role. */
export function createHomeRouter(): Router {
  return Router().get('/', requireSignedIn, showHome);
}
