import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../lib/logger';

const requestIdPattern = /^[\w.-]{8,64}$/;

/** Replaces secrets carried in URLs (set-password links) before a URL is logged. */
export function redactUrl(url: string | undefined): string | undefined {
  return url
    ?.replace(/\/set-password\/[^/?#]+/, '/set-password/[redacted]')
    .replace(/([?&](?:token|_csrf)=)[^&#]+/g, '$1[redacted]');
}

/**
 * One log line per request with a request id (taken from a trusted proxy's X-Request-Id when
 * well formed, otherwise generated) that is also sent back to the client.
 */
export function requestLogging(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers['x-request-id'];
      const id = typeof incoming === 'string' && requestIdPattern.test(incoming) ? incoming : randomUUID();
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: IncomingMessage & { id?: unknown }) => ({
        id: req.id,
        method: req.method,
        url: redactUrl(req.url),
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
  });
}
