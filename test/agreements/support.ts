import { createHash } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import type { SignedIn } from '../helpers/agents';
import { day } from '../suppliers/support';
// The helpers every supplier-area test shares live in ../suppliers/support.
export {
  PNG_BYTES,
  binary,
  day,
  download,
  follow,
  makePdf,
  textOf,
  upload,
  type Download,
} from '../suppliers/support';

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** A YYYY-MM-DD day the way English pages show it ("Mar 5, 2026"). */
export function shown(isoDay: string): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${isoDay}T00:00:00Z`),
  );
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
