import type { RequestHandler } from 'express';

/**
 * express-session writes a changed session only as the response ends, after it has already
 * sent the headers; a browser that follows a redirect at once can arrive before the write and
 * miss what the session was given (a one-time message, say). Redirects therefore wait for the
 * session to be stored first.
 */
export const saveSessionBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = (...args: unknown[]) => {
    // A session holding nothing (an anonymous visitor's) is not worth storing.
    const holdsSomething = Object.keys(req.session).some((key) => key !== 'cookie');
    if (!holdsSomething) return redirect(...args);
    req.session.save((error) => (error ? next(error) : redirect(...args)));
  };
  next();
};
