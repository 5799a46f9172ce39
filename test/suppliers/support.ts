import { expect } from 'chai';
import type { Document } from 'mongodb';
import mongoose from 'mongoose';
import PDFDocument from 'pdfkit';
import type supertest from 'supertest';
import { supplierDirectory } from '../../src/modules/suppliers';
import type { RiskTier } from '../../src/modules/suppliers/risk';
import {
  SupplierModel,
  type AgreementState,
  type SupplierRecord,
  type SupplierStatus,
} from '../../src/modules/suppliers/suppliers.model';
import type {
  AccessType,
  Criticality,
  PiCategory,
  TransferMechanism,
  VolumeBand,
} from '../../src/modules/suppliers/data-profile';
import { csrfToken, type Agent } from '../helpers/agents';

/** Form fields as a browser sends them: a list value is a repeated field (checkboxes, multi-selects). */
export type FormFields = Record<string, string | readonly string[] | undefined>;

/** URL-encodes a form, repeating the name for every value of a list. */
export function encodeForm(fields: FormFields): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') params.append(name, value);
    else for (const item of value) params.append(name, item);
  }
  return params.toString();
}

/** Posts a form with a fresh CSRF token, repeated fields and all. */
export async function submit(
  agent: Agent,
  path: string,
  fields: FormFields = {},
): Promise<supertest.Response> {
  const token = await csrfToken(agent);
  return agent
    .post(path)
    .type('form')
    .send(encodeForm({ _csrf: token, ...fields }));
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
  expect(
    response.status,
    `expected a redirect, got ${response.status}: ${response.text.slice(0, 300)}`,
  ).to.equal(303);
  return agent.get(String(response.headers.location));
}

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

/** A 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415408d763f8cfc0000003010100c9fe92ef0000000049454e44ae426082',
  'hex',
);

/** Reads a response body as raw bytes (CSV with its byte-order mark, XLSX). */
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

/** A calendar day `offset` days from today, as a form sends it (YYYY-MM-DD, UTC). */
export function day(offset = 0): string {
  return new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
}

/** A date the way English pages show it ("Mar 5, 2026"). */
export function shownDate(date: Date): string {
  return new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Audit events with this action (and these extra conditions), oldest first. */
export async function auditEvents(action: string, filter: Record<string, unknown> = {}): Promise<Document[]> {
  return mongoose.connection
    .collection('audit_events')
    .find({ action, ...filter })
    .sort({ seq: 1 })
    .toArray();
}

/** A page's visible text: tags removed, entities decoded, white space collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The supplier id a "303 → /suppliers/:id" answer names. */
export function supplierIdFrom(response: supertest.Response): string {
  const id = /^\/suppliers\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  expect(
    id,
    `a redirect to a supplier page, got ${response.status} ${String(response.headers.location)}`,
  ).to.be.a('string');
  return id ?? '';
}

/** A supplier document as stored. */
export async function storedSupplier(id: string): Promise<SupplierRecord> {
  const supplier = await SupplierModel.findById(id).lean<SupplierRecord>();
  if (!supplier) throw new Error(`no supplier ${id}`);
  return supplier;
}

/** How many suppliers the database holds. */
export function supplierCount(): Promise<number> {
  return mongoose.connection.collection('suppliers').countDocuments({});
}

/** What a test says about a supplier it puts straight into the database. */
export interface SupplierSeed {
  name: string;
  legalName?: string;
  registrationId?: string;
  country?: string;
  services?: string;
  status?: SupplierStatus;
  ownerId?: string;
  ownerName?: string;
  internalNotes?: string;
  categories?: PiCategory[];
  volume?: VolumeBand;
  access?: AccessType;
  destinations?: string[];
  mechanism?: TransferMechanism;
  criticality?: Criticality;
  tier?: RiskTier;
  score?: number;
  reviewAnchor?: Date;
  nda?: AgreementState;
  dpa?: AgreementState;
  pendingApprovals?: number;
}

/** Creates a supplier straight in the database and tells the in-memory directory, as the service would. */
export async function insertSupplier(seed: SupplierSeed): Promise<string> {
  const created = await SupplierModel.create({
    name: seed.name,
    legalName: seed.legalName,
    registrationId: seed.registrationId,
    country: seed.country,
    services: seed.services,
    status: seed.status ?? 'active',
    ownerId: seed.ownerId,
    ownerName: seed.ownerName,
    internalNotes: seed.internalNotes,
    dataProfile: {
      categories: seed.categories ?? [],
      volume: seed.volume ?? 'none',
      access: seed.access ?? 'none',
      destinations: seed.destinations ?? [],
      mechanism: seed.mechanism,
      criticality: seed.criticality ?? 'low',
    },
    risk: { inherentTier: seed.tier ?? 'low', inherentScore: seed.score ?? 0, factors: [] },
    reviewAnchor: seed.reviewAnchor,
    summary: {
      nda: seed.nda ?? { state: 'missing' },
      dpa: seed.dpa ?? { state: 'missing' },
      pendingApprovals: seed.pendingApprovals ?? 0,
    },
  });
  const supplier = created.toObject() as SupplierRecord;
  await supplierDirectory.publish(supplier);
  return supplier._id.toString();
}

/** The names in the supplier table of a list page, in the order shown. */
export function listedNames(html: string): string[] {
  const table = /<table class="table is-fullwidth is-hoverable supplier-table">([\s\S]*?)<\/table>/.exec(
    html,
  )?.[1];
  if (!table) throw new Error('no supplier table on the page');
  return [...table.matchAll(/<a href="\/suppliers\/[a-f\d]{24}">([^<]*)<\/a>/g)].map((match) =>
    textOf(match[1] ?? ''),
  );
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The value an input of a form page shows (undefined when there is no such input). */
export function inputValue(html: string, name: string): string | undefined {
  const match = new RegExp(`<input[^>]*id="field-${escapeRegExp(name)}"[^>]*value="([^"]*)"`).exec(html);
  return match?.[1] === undefined ? undefined : textOf(match[1]);
}

/** The text of a textarea of a form page. */
export function textareaValue(html: string, name: string): string | undefined {
  const match = new RegExp(
    `<textarea[^>]*id="field-${escapeRegExp(name)}"[^>]*>([\\s\\S]*?)</textarea>`,
  ).exec(html);
  return match?.[1] === undefined ? undefined : textOf(match[1]);
}

/** The message shown beside a field (undefined when the field has none). */
export function fieldError(html: string, name: string): string | undefined {
  const match = new RegExp(
    `<p class="help is-danger" id="field-${escapeRegExp(name)}-error">([^<]*)</p>`,
  ).exec(html);
  return match?.[1] === undefined ? undefined : textOf(match[1]);
}

/** The fields a form page marks as wrong, by name. */
export function fieldsWithErrors(html: string): string[] {
  return [...html.matchAll(/id="field-([^"]+)-error"/g)].map((match) => match[1] ?? '');
}

/** The values of the ticked checkboxes with this name. */
export function checkedValues(html: string, name: string): string[] {
  return [
    ...html.matchAll(
      new RegExp(`<input type="checkbox" name="${escapeRegExp(name)}" value="([^"]*)" checked>`, 'g'),
    ),
  ].map((match) => match[1] ?? '');
}

/** The selected options of the select with this field name. */
export function selectedValues(html: string, name: string): string[] {
  const select =
    new RegExp(`<select id="field-${escapeRegExp(name)}"[\\s\\S]*?</select>`).exec(html)?.[0] ?? '';
  return [...select.matchAll(/<option value="([^"]*)" selected>/g)].map((match) => match[1] ?? '');
}

/** The one-time messages at the top of a page: { type: success | danger | info | warning, text }. */
export function flashes(html: string): { type: string; text: string }[] {
  return [
    ...html.matchAll(
      /<div class="notification is-(\w+) is-light" role="(?:alert|status)">([\s\S]*?)<\/div>/g,
    ),
  ].map((match) => ({ type: match[1] ?? '', text: textOf(match[2] ?? '') }));
}

/** Records an agreement through the agreement form and returns its id (the form must be accepted). */
export async function recordAgreement(
  agent: Agent,
  supplierId: string,
  fields: FormFields = {},
): Promise<string> {
  const response = await submit(agent, `/suppliers/${supplierId}/agreements`, {
    type: 'nda',
    status: 'signed',
    effectiveDate: day(-30),
    expiryDate: day(700),
    sig_name_0: 'Wang Fang',
    sig_party_0: 'company',
    sig_party_1: 'supplier',
    ...fields,
  });
  const id = /\/agreements\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  expect(id, `recording an agreement: ${response.status} ${textOf(response.text).slice(0, 300)}`).to.be.a(
    'string',
  );
  return id ?? '';
}
