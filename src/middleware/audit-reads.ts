import type { RequestHandler, Response } from 'express';
import { contextOf, type RequestContext } from '../lib/context';
import { logger } from '../lib/logger';
import { assessmentDirectory } from '../modules/assessments';
import { recordRead, watchRequest, type RequestWatch } from '../modules/audit';
import { findingDirectory } from '../modules/findings';
import { incidentDirectory } from '../modules/incidents';
import { reviewDirectory } from '../modules/reviews';

/** Where supplier data is read: every successful GET under these is audited. */
export const AUDITED_READ_PREFIXES = [
  '/suppliers',
  '/agreements',
  '/assessments',
  '/findings',
  '/reviews',
  '/schedule',
  '/reports',
  '/verify',
  '/incidents',
  '/audit',
] as const;

/** The home dashboard: supplier names, figures and due items, so a read of supplier data too. */
const HOME_PATH = '/';

/** Exports outside those prefixes (a questionnaire template as JSON). */
const EXPORT_PATH = /^\/templates\/[^/]+\/export\.[a-z]+$/;
const OBJECT_ID = /^[a-f\d]{24}$/i;

function isAuditedRead(path: string): boolean {
  if (path === HOME_PATH || EXPORT_PATH.test(path)) return true;
  return AUDITED_READ_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

/** The address as recorded: secrets that travel in it (calendar feed keys) are blanked. */
function recordedUrl(url: string): string {
  return url
    .replace(/\/schedule\/feed\/[^/?#]+/, '/schedule/feed/[redacted]')
    .replace(/([?&](?:token|_csrf)=)[^&#]+/g, '$1[redacted]')
    .slice(0, 500);
}

/** Records under their own address (`/<section>/:id`) whose supplier the in-memory directories know. */
const DIRECTORIES: Partial<Record<string, { get(id: string): Promise<{ supplierId: string } | undefined> }>> =
  {
    assessments: assessmentDirectory,
    findings: findingDirectory,
    reviews: reviewDirectory,
    incidents: incidentDirectory,
  };

/**
 * The supplier a read concerns: what the controller said (`res.locals.auditSupplierId`), the
 * id in /suppliers/:id, the supplier of an assessment, finding, review or incident (from the in-memory
 * directories, so no extra query), or a vendor's own supplier, the only one they can read.
 */
async function supplierOf(path: string, res: Response, context: RequestContext): Promise<string | undefined> {
  const declared: unknown = res.locals.auditSupplierId;
  if (typeof declared === 'string' && declared) return declared;
  const [, section = '', id] = path.split('/');
  if (id && OBJECT_ID.test(id)) {
    if (section === 'suppliers') return id;
    const row = await DIRECTORIES[section]?.get(id);
    if (row) return row.supplierId;
  }
  return context.actor?.role === 'vendor' ? context.actor.supplierId : undefined;
}

/**
 * Completes the audit trail of reads: a signed-in user's GET under the supplier-data prefixes
 * that answers 2xx leaves `read.page` (or `read.download` for an attachment) with the address,
 * the status and the supplier, unless the feature already recorded a richer event for the same
 * request (e.g. `suppliers.view`) or set `res.locals.auditRecorded`.
 *
 * The event is queued when the status line is written, not awaited: the page is not slowed by
 * the write, yet the event is on its way before the visitor has the first byte.
 */
export const auditReads: RequestHandler = (req, res, next) => {
  if (req.method !== 'GET' || !req.user || !isAuditedRead(req.path)) return next();
  const context = contextOf(req);
  const path = req.path;
  const url = recordedUrl(req.originalUrl);
  const watch: RequestWatch = { recorded: false };
  let settled = false;
  const settle = (): void => {
    if (settled) return;
    settled = true;
    const status = res.statusCode;
    if (status < 200 || status >= 300 || watch.recorded || res.locals.auditRecorded === true) return;
    const disposition = res.getHeader('Content-Disposition');
    const download = typeof disposition === 'string' && disposition.startsWith('attachment');
    void supplierOf(path, res, context)
      .then((supplierId) => recordRead(context, { url, status, download, supplierId }))
      .catch((error: unknown) => logger().error({ err: error, url }, 'audit trail: a read went unrecorded'));
  };
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
  res.writeHead = ((...args: unknown[]) => {
    // writeHead(status, …) may carry the status itself (Node's implicit headers do not).
    if (typeof args[0] === 'number') res.statusCode = args[0];
    settle();
    return writeHead(...args);
  }) as Response['writeHead'];
  watchRequest(watch, next);
};
