import { createHash, randomBytes } from 'node:crypto';
import { getConfig } from '../../config';
import type { RequestContext } from '../../lib/context';
import { translator, type Locale } from '../../lib/i18n';
import { authorize } from '../access';
import { record } from '../audit';
import { gatherReportData } from './report-data';
import { renderSupplierReport } from './report-pdf';
import { ReportModel, type ReportRecord } from './report.model';

/** A generated, registered due-diligence summary. */
export interface GeneratedReport {
  documentId: string;
  sha256: string;
  supplierId: string;
  supplierName: string;
  /** A download name in plain ASCII (Chinese names are in the PDF and the manifest). */
  filename: string;
  pdf: Buffer;
}

/** e.g. "DD-7F3A-9C21-44B0-E1D2": short enough to read out, random enough not to guess. */
function newDocumentId(): string {
  const hex = randomBytes(8).toString('hex').toUpperCase();
  return `DD-${hex.match(/.{4}/g)?.join('-') ?? hex}`;
}

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function fileNameFor(supplierName: string, supplierId: string, generatedAt: Date): string {
  const slug = supplierName
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 50);
  const day = generatedAt.toISOString().slice(0, 10);
  return `due-diligence-${slug || 'supplier'}-${supplierId.slice(-6)}-${day}.pdf`;
}

/**
 * Draws the summary of one supplier, registers its SHA-256 with who asked for it and when,
 * and records the download in the audit trail. Staff only.
 */
export async function generateSupplierReport(
  context: RequestContext,
  supplierId: string,
  locale: Locale,
  batchId?: string,
): Promise<GeneratedReport> {
  authorize(context.actor, 'reports.download');
  const data = await gatherReportData(context, supplierId);
  const actor = context.actor;
  const generatedAt = new Date();
  const documentId = newDocumentId();
  const pdf = await renderSupplierReport(
    data,
    {
      documentId,
      generatedAt,
      generatedBy: `${actor.name} <${actor.email}>`,
      locale,
      timeZone: getConfig().timeZone,
    },
    translator(locale),
  );
  const sha256 = sha256Of(pdf);
  const supplierName = data.supplier.name;
  await ReportModel.create({
    _id: sha256,
    documentId,
    supplierId,
    supplierName,
    language: locale,
    bytes: pdf.length,
    generatedAt,
    generatedById: actor.id,
    generatedByName: actor.name,
    generatedByEmail: actor.email,
    batchId,
  });
  await record(context, {
    action: 'reports.download',
    target: { type: 'supplier', id: supplierId, label: supplierName },
    supplierId,
    details: { documentId, sha256, language: locale, bytes: pdf.length, batch: batchId ?? null },
  });
  return {
    documentId,
    sha256,
    supplierId,
    supplierName,
    filename: fileNameFor(supplierName, supplierId, generatedAt),
    pdf,
  };
}

/** The answers the verify page can give (reports.verify.verdicts.<verdict>). */
export const VERIFY_VERDICTS = ['authentic', 'altered', 'registered', 'unknown'] as const;

/** What the verify page found for a file or a hash. */
export type Verification =
  | { verdict: 'authentic'; sha256: string; report: ReportRecord }
  /** The file names a document Vetted produced, but its bytes are not that document's. */
  | { verdict: 'altered'; sha256: string; report: ReportRecord }
  /** Asked by document id: Vetted produced it, and this is the SHA-256 a true copy has. */
  | { verdict: 'registered'; sha256: string; report: ReportRecord }
  | { verdict: 'unknown'; sha256?: string | undefined };

/** The document id a Vetted PDF carries in its information dictionary, if it still can be read. */
export function claimedDocumentId(pdf: Buffer): string | undefined {
  const text = pdf.toString('latin1');
  // pdfkit writes each information entry as an indirect object: "/VettedDocumentId 21 0 R".
  const reference = /\/VettedDocumentId (\d+) 0 R/.exec(text)?.[1];
  if (!reference) return undefined;
  return new RegExp(`(?:^|\\s)${reference} 0 obj\\s*\\((DD-[0-9A-F-]{19})\\)`).exec(text)?.[1];
}

/**
 * Says whether Vetted produced a file (by its SHA-256) or a pasted hash or document id.
 * Every check is audited with what was asked and the answer.
 */
export async function verifyReport(
  context: RequestContext,
  input: { file: Buffer } | { sha256: string } | { documentId: string },
): Promise<Verification> {
  authorize(context.actor, 'reports.verify');
  const result = await lookUp(input);
  await record(context, {
    action: 'reports.verify',
    target:
      result.verdict === 'unknown' ? { type: 'report' } : { type: 'report', id: result.report.documentId },
    supplierId: result.verdict === 'unknown' ? undefined : result.report.supplierId,
    details: {
      verdict: result.verdict,
      method: 'file' in input ? 'file' : 'sha256' in input ? 'hash' : 'document_id',
      sha256: result.sha256 ?? null,
    },
  });
  return result;
}

async function lookUp(
  input: { file: Buffer } | { sha256: string } | { documentId: string },
): Promise<Verification> {
  if ('documentId' in input) {
    const report = await ReportModel.findOne({ documentId: { $eq: input.documentId } }).lean<ReportRecord>();
    return report ? { verdict: 'registered', sha256: report._id, report } : { verdict: 'unknown' };
  }
  const sha256 = 'file' in input ? sha256Of(input.file) : input.sha256;
  const report = await ReportModel.findById(sha256).lean<ReportRecord>();
  if (report) return { verdict: 'authentic', sha256, report };
  const claimed = 'file' in input ? claimedDocumentId(input.file) : undefined;
  if (claimed) {
    const original = await ReportModel.findOne({ documentId: { $eq: claimed } }).lean<ReportRecord>();
    if (original) return { verdict: 'altered', sha256, report: original };
  }
  return { verdict: 'unknown', sha256 };
}
