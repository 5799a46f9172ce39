import type { Request, RequestHandler, Response } from 'express';
import { parse as parseCookies } from 'cookie';
import { asLocale, localeFromAcceptLanguage, translator, type Locale } from '../lib/i18n';

export const LOCALE_COOKIE = 'lang';

function useLocale(req: Request, res: Response, locale: Locale): void {
  req.locale = locale;
  req.t = translator(locale);
  res.locals.t = req.t;
  res.locals.locale = locale;
}

/** Chooses the language from the language cookie, then Accept-Language, then the default. */
export function detectLocale(defaultLocale: Locale): RequestHandler {
  return (req, res, next) => {
    const cookies = parseCookies(req.headers.cookie ?? '');
    const locale =
      asLocale(cookies[LOCALE_COOKIE]) ??
      localeFromAcceptLanguage(req.headers['accept-language']) ??
      defaultLocale;
    useLocale(req, res, locale);
    next();
  };
}

/** A signed-in user's own language setting wins over cookie and browser. */
export const applyUserLocale: RequestHandler = (req, res, next) => {
  if (req.user?.locale && req.user.locale !== req.locale) useLocale(req, res, req.user.locale);
  next();
};

/** Remembers a visitor's language choice for a year. */
export function rememberLocale(res: Response, locale: Locale, secure: boolean): void {
  res.cookie(LOCALE_COOKIE, locale, {
    maxAge: 365 * 24 * 3600 * 1000,
    httpOnly: true,
    sameSite: 'lax',
    secure,
  });
}
