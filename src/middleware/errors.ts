import type { ErrorRequestHandler, Request, RequestHandler } from 'express';
import { AppError, NotFoundError, isDatabaseUnavailable } from '../lib/errors';
import type { TFunction } from 'i18next';
import { translator, type Locale } from '../lib/i18n';
import type { Logger } from '../lib/logger';

/** Statuses that have their own title and explanation on the error page. */
const knownStatuses = new Set([400, 403, 404, 409, 413, 422, 429, 500, 503]);

/** Any request no route answered. */
export const notFound: RequestHandler = (_req, _res, next) => next(new NotFoundError());

interface Described {
  status: number;
  messageKey: string;
  params: Record<string, string | number>;
}

function describe(error: unknown): Described {
  if (error instanceof AppError)
    return { status: error.status, messageKey: error.messageKey, params: error.params };
  if (isDatabaseUnavailable(error))
    return { status: 503, messageKey: 'errors.unavailable.message', params: {} };
  const withType = error as { type?: string; status?: number; code?: string };
  if (withType.type === 'entity.too.large' || withType.code === 'LIMIT_FILE_SIZE') {
    return { status: 413, messageKey: 'errors.tooLarge.message', params: {} };
  }
  if (withType.status === 400 || withType.type === 'entity.parse.failed') {
    return { status: 400, messageKey: 'errors.badRequest.message', params: {} };
  }
  return { status: 500, messageKey: 'errors.internal.message', params: {} };
}

function wantsJson(req: Request): boolean {
  return req.accepts(['html', 'json']) === 'json' || req.path.startsWith('/api/');
}

/**
 * The one place errors become responses: a page for browsers (views/errors/error.ejs) or JSON
 * for scripts. Users see a safe, translated message and the request id; details go to the log.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const { status, messageKey, params } = describe(error);
    // The request may have failed before logging or language detection ran.
    const log = (req.log as Logger | undefined) ?? logger;
    if (status >= 500 && status !== 503) log.error({ err: error }, 'request failed');
    else if (status === 503) log.warn({ err: (error as Error).message }, 'database unavailable');
    else log.debug({ status, messageKey }, 'request refused');

    const t = (req.t as TFunction | undefined) ?? translator('en');
    const message = t(messageKey, params);
    const requestId = typeof req.id === 'string' ? req.id : undefined;
    res.status(status);
    if (status === 503) res.setHeader('Retry-After', '5');
    if (wantsJson(req)) {
      res.json({ error: { status, message, requestId } });
      return;
    }
    const titleStatus = knownStatuses.has(status) ? status : 500;
    const locals = {
      t,
      locale: (req.locale as Locale | undefined) ?? 'en',
      title: t(`errors.titles.${titleStatus}`),
      status,
      message,
      requestId,
    };
    res.render('errors/error', locals, (renderError: Error | null, html?: string) => {
      if (!renderError) return res.send(html);
      // The error page itself failed (e.g. a broken partial): still answer, in plain text.
      log.error({ err: renderError }, 'error page could not be rendered');
      res.type('text/plain').send(`${status} ${message}`);
    });
  };
}
