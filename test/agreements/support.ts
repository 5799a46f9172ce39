import { createHash } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import PDFDocument from 'pdfkit';
import type supertest from 'supertest';
import { csrfToken, type Agent, type SignedIn } from '../helpers/agents';

/** A real PDF made by pdfkit; `pages` of text make it as large as a test needs. */
export function makePdf(text = 'Signed agreement', options: { pages?: number; compress?: boolean } = {}) {
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({ compress: options.compress ?? true });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    const pages = options.pages ?? 1;
    for (let page = 0; page < pages; page++) {
      if (page > 0) doc.addPage();
      doc.fontSize(12).text(`${text} · page ${page + 1}`);
      if (pages > 1) doc.text(`${'Clause text that fills the page. '.repeat(60)} ${page}`);
    }
    doc.end();
  });
}

/** A 1×1 PNG, to be passed off as a PDF. */
export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
  'hex',
);

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A calendar day `offset` days from today, as a form sends it (YYYY-MM-DD, UTC). */
export function day(offset = 0): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A YYYY-MM-DD day the way English pages show it ("Mar 5, 2026"). */
export function shown(isoDay: string): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
}

/** Reads a binary response body (PDF downloads) as a Buffer. */
export function binary(res: supertest.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

export type Download = Omit<supertest.Response, 'body'> & { body: Buffer };

/** Downloads a URL and returns the raw bytes with the response. */
export async function download(agent: Agent, path: string): Promise<Download> {
  const response = await agent.get(path).buffer(true).parse(binary);
  const body: unknown = response.body;
  if (!Buffer.isBuffer(body)) throw new Error(`${path}: the response was not read as bytes`);
  const downloaded: Download = Object.assign(response, { body });
  return downloaded;
}

/** The agreement id a redirect points at (e.g. a new version's page). */
export function idFrom(response: supertest.Response): string {
  const id = /\/agreements\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  if (!id) throw new Error(`no agreement id in the redirect: ${String(response.headers.location)}`);
  return id;
}

export interface AgreementFields {
  type?: string;
  title?: string;
  status?: string;
  effectiveDate?: string;
  expiryDate?: string;
  notes?: string;
  [field: string]: string | undefined;
}

/** Records an agreement through the form and returns its id (the form must be accepted). */
export async function recordAgreement(
  buyer: SignedIn,
  supplierId: string,
  fields: AgreementFields = {},
): Promise<string> {
  const form: Record<string, string> = {
    type: 'nda',
    status: 'signed',
    effectiveDate: day(-30),
    expiryDate: day(700),
    sig_name_0: 'Wang Fang',
    sig_party_0: 'company',
    sig_party_1: 'supplier',
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form[key] = value;
  const response = await buyer.post(`/suppliers/${supplierId}/agreements`, form);
  expect(response.status, `recording an agreement: ${response.text.slice(0, 300)}`).to.equal(303);
  return idFrom(response);
}

/** Posts a multipart upload with the CSRF token in the query string, as the upload forms do. */
export async function upload(
  agent: Agent,
  path: string,
  file: Buffer,
  filename: string,
  fields: Record<string, string> = {},
): Promise<supertest.Response> {
  const token = await csrfToken(agent);
  let request = agent.post(`${path}?_csrf=${encodeURIComponent(token)}`);
  for (const [name, value] of Object.entries(fields)) request = request.field(name, value);
  return request.attach('file', file, filename);
}

/** Follows a 303 answer to the page it names (where a flash message is shown once). */
export async function follow(agent: Agent, response: supertest.Response): Promise<supertest.Response> {
  expect(response.status, `expected a redirect, got: ${response.text.slice(0, 300)}`).to.equal(303);
  return agent.get(String(response.headers.location));
}

/** How many files and chunks the file store holds. */
export async function storedCounts(): Promise<{ files: number; chunks: number }> {
  const db = mongoose.connection.db!;
  return {
    files: await db.collection('fs.files').countDocuments({}),
    chunks: await db.collection('fs.chunks').countDocuments({}),
  };
}

/** The fields of a stored agreement these tests look at. */
export interface StoredAgreement {
  type: string;
  status: string;
  version: number;
  previousId?: string;
  supersededById?: string;
  effectiveDate?: Date;
  expiryDate?: Date;
  signatories: { name: string; party: string }[];
  file?: { id: string; filename: string; length: number; sha256: string; uploadedById?: string };
  approval?: { state: string; note?: string };
  checklist: { clause: string; state: string; reference?: string; note?: string }[];
  history: { action: string; note?: string }[];
}

/** An agreement document as stored. */
export async function storedAgreement(id: string): Promise<StoredAgreement> {
  const doc = await mongoose.connection
    .collection<StoredAgreement>('agreements')
    .findOne({ _id: new mongoose.Types.ObjectId(id) });
  if (!doc) throw new Error(`no agreement ${id}`);
  return doc;
}

/** The fields of an audit event these tests look at. */
export interface StoredAuditEvent {
  seq: number;
  action: string;
  outcome: string;
  actor?: { id?: string; email?: string; role?: string };
  target?: { type: string; id?: string; label?: string };
  supplier?: string;
  details?: Record<string, string | number | boolean | null>;
}

/** Audit events with this action, oldest first. */
export async function auditEvents(action: string): Promise<StoredAuditEvent[]> {
  return mongoose.connection
    .collection<StoredAuditEvent>('audit_events')
    .find({ action })
    .sort({ seq: 1 })
    .toArray();
}

/** Every agreement-state badge on a page, in order: { state, until }. */
export function badges(html: string): { state: string; until: string | undefined }[] {
  const found: { state: string; until: string | undefined }[] = [];
  const pattern =
    /<span class="tag [^"]*agreement-state">([^<]*)<\/span>\s*(?:<span class="help is-inline">([^<]*)<\/span>)?/g;
  for (const match of html.matchAll(pattern))
    found.push({ state: match[1]!.trim(), until: match[2]?.trim() });
  return found;
}

/** The supplier page's NDA and DPA at a glance. */
export function glanceOf(html: string): {
  nda: { state: string; until: string | undefined };
  dpa: { state: string; until: string | undefined };
} {
  const [nda, dpa] = badges(html);
  if (!nda || !dpa) throw new Error('no agreements-at-a-glance badges on the page');
  return { nda, dpa };
}

/** The HTML of the supplier list row that links to this supplier, or undefined when it is not listed. */
export function listRow(html: string, supplierId: string): string | undefined {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((match) => match[1]!)
    .find((row) => row.includes(`href="/suppliers/${supplierId}"`));
}

/** A page's visible text, tags removed and white space collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * The DPA clauses a supplier page lists as missing (gaps) and as partly covered, by id; both
 * empty when the page shows no DPA notice.
 */
export function listedClauses(html: string): { gaps: string[]; partial: string[] } {
  const box = /<div class="notification is-warning is-light" id="dpa-gaps">([\s\S]*?)<\/div>/.exec(html)?.[1];
  if (!box) return { gaps: [], partial: [] };
  // The partly covered clauses follow a second heading (class mt-2).
  const [gapPart = '', partialPart = ''] = box.split('mt-2');
  const ids = (part: string) =>
    [...(/<ul>([\s\S]*?)<\/ul>/.exec(part)?.[1] ?? '').matchAll(/<code>([^<]+)<\/code>/g)].map(
      (match) => match[1]!,
    );
  return { gaps: ids(gapPart), partial: ids(partialPart) };
}
