import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * HTTP security headers. The Content-Security-Policy allows only this site's own scripts,
 * styles, fonts and images: no inline code, no CDNs, no framing.
 */
export function securityHeaders(upgradeInsecureRequests: boolean): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        ...(upgradeInsecureRequests ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    // Only meaningful over TLS; harmless otherwise.
    strictTransportSecurity: { maxAge: 15_552_000, includeSubDomains: true },
  });
}
