import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { DPA_CLAUSES } from '../../src/modules/agreements';
import { findingDirectory } from '../../src/modules/findings';
import { FindingModel } from '../../src/modules/findings/finding.model';
import type { ReportRecord } from '../../src/modules/reports/report.model';
import { supplierDirectory } from '../../src/modules/suppliers';
import { SupplierModel, type SupplierRecord } from '../../src/modules/suppliers/suppliers.model';
import { recordAgreement, type StoredAuditEvent } from '../agreements/support';
import {
  assessmentIdFrom,
  decide,
  findingForm,
  handIn,
  hostingQuestionnaire,
  publishQuestionnaire,
  saved as autosaved,
  sendQuestionnaire,
  storedAnswer,
  storedAssessment,
} from '../assessments/flow-support';
import { signedInAs, type SignedIn } from '../helpers/agents';
import {
  download,
  insertSupplier,
  makePdf,
  submit,
  supplierIdFrom,
  upload,
  type Download,
} from '../suppliers/support';

const run = promisify(execFile);

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Runs a command-line tool (poppler, qpdf, unzip) on bytes written to a temporary file; its output. */
async function onFile(pdf: Buffer, command: string, args: (file: string) => string[]): Promise<string> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'vetted-report-'));
  const file = path.join(folder, 'report.pdf');
  try {
    await fs.writeFile(file, pdf);
    const { stdout } = await run(command, args(file), { maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/** The text of every page as `pdftotext -layout` lays it out, one string per page. */
export async function pagesOf(pdf: Buffer): Promise<string[]> {
  const text = await onFile(pdf, 'pdftotext', (file) => ['-layout', '-enc', 'UTF-8', file, '-']);
  // pdftotext ends every page with a form feed, the last one included.
  return text.split('\f').slice(0, -1);
}

/**
 * The whole text in the order it was drawn (`pdftotext -raw`), white space collapsed: a
 * table cell's wrapped lines stay together, so phrases can be looked for whatever the layout.
 */
export async function readingText(pdf: Buffer): Promise<string> {
  const text = await onFile(pdf, 'pdftotext', (file) => ['-raw', '-enc', 'UTF-8', file, '-']);
  return text.replace(/\s+/g, ' ');
}

/** Text without any white space, for long tokens (hashes) a narrow column may wrap. */
export const compact = (text: string): string => text.replace(/\s+/g, '');

/** What `qpdf --check` says; it fails (and the promise rejects) when the file is damaged. */
export function qpdfCheck(pdf: Buffer): Promise<string> {
  return onFile(pdf, 'qpdf', (file) => ['--check', file]);
}

/** The document information `pdfinfo` reports, by field name ("Title", "Pages", …). */
export async function pdfInfo(pdf: Buffer): Promise<Record<string, string>> {
  const out = await onFile(pdf, 'pdfinfo', (file) => ['-enc', 'UTF-8', '-isodates', file]);
  const info: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^([^:]+):\s*(.*)$/.exec(line);
    if (match?.[1]) info[match[1]] = match[2] ?? '';
  }
  return info;
}

/** One row of `pdffonts`: the font's name and whether it is embedded and subset. */
export interface PdfFont {
  name: string;
  embedded: boolean;
  subset: boolean;
}

export async function pdfFonts(pdf: Buffer): Promise<PdfFont[]> {
  const out = await onFile(pdf, 'pdffonts', (file) => [file]);
  // name type encoding emb sub uni object ID; the type and encoding may contain spaces, so the
  // yes/no columns are read from the right.
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const words = line.trim().split(/\s+/);
      const [emb, sub] = words.slice(-5, -3);
      return { name: words[0] ?? '', embedded: emb === 'yes', subset: sub === 'yes' };
    });
}

/** Downloads a supplier's summary in one language and checks that it is a PDF. */
export async function downloadReport(
  who: SignedIn,
  supplierId: string,
  lang: 'en' | 'zh-CN' = 'en',
): Promise<Download> {
  const response = await download(who.agent, `/suppliers/${supplierId}/report.pdf?lang=${lang}`);
  expect(response.status, `report of ${supplierId} as ${who.user.role}`).to.equal(200);
  expect(response.headers['content-type']).to.match(/^application\/pdf/);
  expect(response.body.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
  return response;
}

/** The registered reports, oldest first. */
export function storedReports(filter: Record<string, unknown> = {}): Promise<ReportRecord[]> {
  return mongoose.connection
    .collection<ReportRecord>('reports')
    .find(filter)
    .sort({ generatedAt: 1 })
    .toArray();
}

/** Audit events with this action, oldest first. */
export function auditEvents(action: string): Promise<StoredAuditEvent[]> {
  return mongoose.connection
    .collection<StoredAuditEvent>('audit_events')
    .find({ action })
    .sort({ seq: 1 })
    .toArray();
}

/** What the due-diligence scenario put into the portal, for tests to look for in the PDF. */
export interface DueDiligence {
  buyer: SignedIn;
  supplierId: string;
  supplierName: string;
  nda: { filename: string; sha256: string };
  evidence: { filename: string; sha256: string };
  /** The section titles of the questionnaire and the scores the completed assessment stored. */
  sections: { en: string; zh: string; score: number }[];
  overall: number;
  openFinding: string;
  acceptedFinding: string;
}

export const SUPPLIER_NAME = '上海数据服务有限公司';
export const NDA_DATES = { effective: '2025-03-05', expiry: '2030-03-04', signed: '2025-03-04' };
export const DPA_DATES = { effective: '2025-04-01', expiry: '2029-12-31' };

/** The hosting questionnaire of the assessment tests, its sections renamed in both languages. */
function questionnaire() {
  const content = hostingQuestionnaire();
  const [access, operations] = content.sections;
  if (access) access.title = { en: 'Access control', zh: '访问控制' };
  if (operations) operations.title = { en: 'Security operations', zh: '安全运营' };
  return content;
}

/**
 * A supplier with something in every section of the summary, made through the forms the way
 * users make it: a Chinese name, a subprocessor, a signed NDA with its file, a DPA with a
 * missing clause, a completed assessment with an evidence file, one open and one
 * risk-accepted finding, and a completed review.
 */
export async function dueDiligence(): Promise<DueDiligence> {
  const buyer = await signedInAs({ role: 'procurement', name: 'Zhou Min' });
  const created = await submit(buyer.agent, '/suppliers', {
    name: SUPPLIER_NAME,
    legalName: 'Shanghai Data Services Co., Ltd.',
    country: 'CN',
    services: 'Payroll processing',
    ownerId: buyer.user.id,
    purpose: 'Monthly payroll for employees in Shanghai',
    categories: ['identity_contact', 'financial_account'],
    volume: '1k_10k',
    access: 'remote_read',
    criticality: 'medium',
    sub_name_0: 'CloudCo Hosting',
    sub_country_0: 'SG',
    sub_service_0: 'Infrastructure hosting',
    sub_categories_0: ['identity_contact'],
    sub_consentDate_0: '2026-01-15',
  });
  const supplierId = supplierIdFrom(created);

  const ndaId = await recordAgreement(buyer, supplierId, {
    type: 'nda',
    title: 'Mutual NDA',
    effectiveDate: NDA_DATES.effective,
    expiryDate: NDA_DATES.expiry,
    sig_name_0: 'Wang Fang',
    sig_signedOn_0: NDA_DATES.signed,
    sig_name_1: 'Chen Jie',
  });
  const ndaFile = await makePdf('Signed NDA');
  const stored = await upload(
    buyer.agent,
    `/suppliers/${supplierId}/agreements/${ndaId}/file`,
    ndaFile,
    'nda-signed.pdf',
  );
  expect(stored.status, 'NDA file upload').to.equal(303);
  const dpaId = await recordAgreement(buyer, supplierId, {
    type: 'dpa',
    title: 'Data processing agreement',
    effectiveDate: DPA_DATES.effective,
    expiryDate: DPA_DATES.expiry,
  });
  const checklist: Record<string, string> = {};
  for (const { id } of DPA_CLAUSES) checklist[`state_${id}`] = id === 'DPA-SECURITY' ? 'missing' : 'present';
  const saved = await buyer.post(`/suppliers/${supplierId}/agreements/${dpaId}/checklist`, checklist);
  expect(saved.status, 'DPA checklist').to.equal(303);

  const vendor = await signedInAs({ role: 'vendor', supplierId, name: 'Li Na' });
  const templateId = await publishQuestionnaire(questionnaire());
  const assessmentId = assessmentIdFrom(await sendQuestionnaire(buyer, supplierId, templateId));
  await autosaved(vendor, assessmentId, 'acc_mfa', { value: 'yes' });
  const evidence = await makePdf('MFA policy');
  const attached = await upload(
    vendor.agent,
    `/assessments/${assessmentId}/answers/acc_mfa/evidence`,
    evidence,
    'mfa-policy.pdf',
  );
  expect(attached.status, 'evidence upload').to.equal(303);
  await autosaved(vendor, assessmentId, 'acc_review', { value: 'monthly' });
  await autosaved(vendor, assessmentId, 'ops_staff', { value: '12' });
  await autosaved(vendor, assessmentId, 'ops_contact', { value: 'wang.fang@example.cn' });
  expect((await handIn(vendor, assessmentId)).status, 'hand-in').to.equal(303);

  const openFinding = 'MFA not enforced for support staff';
  const acceptedFinding = 'Security contact is a personal mailbox';
  await decide(buyer, assessmentId, 'acc_mfa', findingForm({ title: openFinding, severity: 'high' }));
  await decide(buyer, assessmentId, 'ops_contact', findingForm({ title: acceptedFinding, severity: 'low' }));
  const acceptedId = (await storedAnswer(assessmentId, 'ops_contact'))?.review?.findingId;
  const closed = await submit(buyer.agent, `/findings/${acceptedId}/close`, {
    kind: 'accepted',
    justification: 'A shared mailbox is being set up.',
    approver: 'Zhang Wei, CISO',
  });
  expect(closed.status, 'risk acceptance').to.equal(303);
  expect((await submit(buyer.agent, `/assessments/${assessmentId}/complete`)).status).to.equal(303);
  const scores = (await storedAssessment(assessmentId))?.scores;

  const review = await buyer.post(`/suppliers/${supplierId}/reviews`, { kind: 'periodic' });
  const reviewUrl = String(review.headers.location);
  const completed = await buyer.post(`${reviewUrl}/complete`, {
    outcome: 'approved_with_conditions',
    outcomeNotes: 'Pen test is old',
    condition_text_0: 'New penetration test',
    condition_dueDate_0: '2027-04-30',
  });
  expect(completed.status, 'review completion').to.equal(303);

  const titles = questionnaire().sections.map((section) => section.title);
  return {
    buyer,
    supplierId,
    supplierName: SUPPLIER_NAME,
    nda: { filename: 'nda-signed.pdf', sha256: sha256(ndaFile) },
    evidence: { filename: 'mfa-policy.pdf', sha256: sha256(evidence) },
    overall: scores?.overall ?? -1,
    sections: (scores?.sections ?? []).map((section, index) => ({
      en: titles[index]?.en ?? '',
      zh: titles[index]?.zh ?? '',
      score: section.score ?? -1,
    })),
    openFinding,
    acceptedFinding,
  };
}

/** How many findings and how long a purpose the long-content supplier has. */
export const LONG = { findings: 80, purposeClauses: 160 };

/** The title of the n-th finding of the long-content supplier (1-based). */
export const longFindingTitle = (n: number): string =>
  `Gap ${String(n).padStart(3, '0')}: backup restore not tested`;

/** The marker of the n-th clause of the long purpose text (1-based). */
export const purposeMarker = (n: number): string => `P${String(n).padStart(3, '0')}`;

/**
 * A supplier whose summary runs over many pages: 80 findings (stored straight in the database
 * and told to the directory, as the findings service would) and a purpose of about 5,000
 * characters.
 */
export async function longContentSupplier(): Promise<string> {
  const purpose = Array.from(
    { length: LONG.purposeClauses },
    (_, index) => `Clause ${purposeMarker(index + 1)} covers payroll data.`,
  ).join(' ');
  const supplierId = await insertSupplier({ name: 'Longform Payroll Ltd' });
  const supplier = await SupplierModel.findByIdAndUpdate(
    supplierId,
    { $set: { 'dataProfile.purpose': purpose } },
    { returnDocument: 'after' },
  ).lean<SupplierRecord>();
  if (supplier) await supplierDirectory.publish(supplier);
  const severities = ['critical', 'high', 'medium', 'low'] as const;
  const findings = await FindingModel.insertMany(
    Array.from({ length: LONG.findings }, (_, index) => ({
      supplierId,
      supplierName: 'Longform Payroll Ltd',
      assessmentId: new mongoose.Types.ObjectId().toString(),
      questionKey: 'ops_backup',
      questionText: { en: 'Are restores tested?', zh: '是否测试恢复？' },
      severity: severities[index % severities.length],
      title: longFindingTitle(index + 1),
      description: 'Restores have never been tested.',
      dueDate: new Date(Date.UTC(2027, 0, 1 + index)),
      status: 'open',
    })),
  );
  for (const finding of findings) await findingDirectory.publish(finding.toObject());
  return supplierId;
}

/** The names of the entries of a ZIP, in order (`unzip -Z1`). */
export async function zipEntries(zip: Buffer): Promise<string[]> {
  const listing = await onFile(zip, 'unzip', (file) => ['-Z1', file]);
  return listing.split('\n').filter(Boolean);
}

/** One entry of a ZIP, as bytes (`unzip -p`). */
export async function zipEntry(zip: Buffer, name: string): Promise<Buffer> {
  const folder = await fs.mkdtemp(path.join(os.tmpdir(), 'vetted-zip-'));
  const file = path.join(folder, 'export.zip');
  try {
    await fs.writeFile(file, zip);
    const { stdout } = await run('unzip', ['-p', file, name], {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } finally {
    await fs.rm(folder, { recursive: true, force: true });
  }
}

/** What `unzip -tq` says of a ZIP; it fails (and the promise rejects) when an entry is damaged. */
export function zipTest(zip: Buffer): Promise<string> {
  return onFile(zip, 'unzip', (file) => ['-tq', file]);
}
