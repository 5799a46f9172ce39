import type { RequestHandler } from 'express';
import session from 'express-session';
import MongoStore from 'connect-mongo';
import { whenConnected } from '../db/connection';
import type { Config } from '../config';
import { SESSIONS_COLLECTION } from '../lib/sessions';

export const SESSION_COOKIE = 'vetted.sid';

export interface SessionMiddleware {
  handler: RequestHandler;
  store: MongoStore;
}

/**
 * Sessions live in MongoDB. They expire by a periodic sweep ("interval") rather than a TTL
 * index, which FerretDB does not honour; an expired session is also never read back.
 * Sessions are stored as documents (not strings) so that all sessions of one user can be ended.
 */
export function createSessionMiddleware(config: Config): SessionMiddleware {
  const idleSeconds = config.sessionIdleMinutes * 60;
  const store = MongoStore.create({
    clientPromise: whenConnected(),
    collectionName: SESSIONS_COLLECTION,
    ttl: idleSeconds,
    autoRemove: 'interval',
    autoRemoveInterval: 10,
    stringify: false,
    // Refresh an unchanged session at most once a minute instead of on every request.
    touchAfter: 60,
  });
  const handler = session({
    name: SESSION_COOKIE,
    secret: config.sessionSecret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: {
      httpOnly: true,
      // Lax keeps the session when a user follows a link from an e-mail into the portal,
      // while cross-site form posts still arrive without it.
      sameSite: 'lax',
      secure: config.cookieSecure,
      maxAge: idleSeconds * 1000,
    },
  });
  return { handler, store };
}
