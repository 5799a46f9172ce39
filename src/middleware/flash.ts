import type { RequestHandler } from 'express';

/** A one-time message shown on the next page the user sees; `key` is an i18n key. */
export interface FlashMessage {
  type: 'success' | 'error' | 'info' | 'warning';
  key: string;
  params?: Record<string, string | number>;
}

/**
 * Adds `req.flash()` and `res.locals.takeFlashes()`. Messages wait in the session until a page
 * is rendered, so a redirect after a form post carries them to the next page.
 */
export const flash: RequestHandler = (req, res, next) => {
  req.flash = (type, key, params) => {
    req.session.flash = [...(req.session.flash ?? []), { type, key, ...(params ? { params } : {}) }];
  };
  res.locals.takeFlashes = (): FlashMessage[] => {
    const messages = req.session.flash ?? [];
    if (messages.length > 0) delete req.session.flash;
    return messages;
  };
  next();
};
