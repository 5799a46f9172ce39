import type { TFunction } from 'i18next';
import type { Locale } from '../lib/i18n';
import type { SessionUser } from './session-user';
import type { FlashMessage } from '../middleware/flash';

declare global {
  namespace Express {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface User extends SessionUser {}

    interface Request {
      /** Translation function for the language chosen for this request. */
      t: TFunction;
      locale: Locale;
      flash(type: FlashMessage['type'], key: string, params?: FlashMessage['params']): void;
    }
  }
}

declare module 'express-session' {
  interface SessionData {
    flash?: FlashMessage[];
    /** Where to go after signing in: a relative path checked by safeRedirectPath. */
    returnTo?: string;
    /** A calendar feed address just made: shown once on the next schedule page, then dropped. */
    newFeedUrl?: string;
    /**
     * Password accepted, second factor still to come: whose sign-in it is and when the password
     * was checked (ms since epoch). Not a sign-in: passport knows nothing of it.
     */
    mfaPending?: { userId: string; at: number };
  }
}

export {};
