import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { makePdf, recordAgreement, sha256, upload } from '../agreements/support';
import { signedInAs } from '../helpers/agents';
import { useBrowser, useScratchFolder } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import { zipEntries, zipEntry } from '../reports/support';
import { insertSupplier } from '../suppliers/support';
import { signInThroughForm, watchForProblems } from './support';

const SUPPLIER_NAME = '上海云栈科技有限公司';
const OTHER_SUPPLIER = 'Northwind Payroll Ltd';
const NDA_TITLE = 'Mutual NDA 2026';
const DPA_TITLE = 'Data processing agreement 2026';
const AUDITOR_NAME = 'Zhou Min';
const DOCUMENT_ID = /DD-[0-9A-F]{4}(?:-[0-9A-F]{4}){3}/;

/** Clicks a download link and saves what the browser receives in `folder` under `name`. */
async function downloadThrough(
  page: Page,
  selector: string,
  folder: string,
  name: string,
): Promise<{ file: string; bytes: Buffer; suggested: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const file = path.join(folder, name);
  await download.saveAs(file);
  expect(await download.failure(), `download of ${download.url()}`).to.equal(null);
  return { file, bytes: fs.readFileSync(file), suggested: download.suggestedFilename() };
}

/** A PDF's text as pdftotext (poppler) extracts it. */
function pdfText(file: string): string {
  return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
}

/** The verify result's heading and its facts table, label → text. */
async function verdictShown(page: Page): Promise<{ title: string; facts: Map<string, string> }> {
  const facts = new Map<string, string>();
  for (const row of await page.locator('#verify-result table.verify-facts tr').all())
    facts.set(
      ((await row.locator('th').textContent()) ?? '').trim(),
      ((await row.locator('td').textContent()) ?? '').trim(),
    );
  const title = ((await page.locator('#verify-result .title').textContent()) ?? '').trim();
  return { title, facts };
}

/**
 * Opens the verify page through the "More" menu, checks a file or a typed hash or document id,
 * and waits for the verdict (the page it starts from shows none).
 */
async function verifyThroughForm(
  page: Page,
  labels: { more: string; verify: string; check: string },
  asked: { file: string } | { reference: string },
): Promise<string> {
  await page.locator('.more-menu').getByRole('button', { name: labels.more }).click();
  await page.locator('.more-menu').getByRole('link', { name: labels.verify }).click();
  await page.waitForURL(/\/verify$/);
  await page.locator('#verify-form').waitFor();
  expect(await page.locator('#verify-result').count(), 'a verdict before the check').to.equal(0);
  if ('file' in asked) await page.setInputFiles('#field-file', asked.file);
  else await page.fill('#field-reference', asked.reference);
  await page.locator('#verify-form').getByRole('button', { name: labels.check }).click();
  await page.locator('#verify-result[data-verdict]').waitFor();
  return (await page.getAttribute('#verify-result', 'data-verdict')) ?? '';
}

describe('e2e: an auditor downloads, verifies and exports due-diligence summaries', function () {
  this.timeout(180_000);
  const session = useBrowser();
  const folder = useScratchFolder();
  beforeEach(resetDatabase);

  /**
   * A supplier with a Chinese name, a signed NDA with its file and a DPA sent for signature, and
   * a second supplier the list filter must leave out.
   */
  async function seedSuppliers(): Promise<{ supplierId: string; ndaPdf: Buffer }> {
    const buyer = await signedInAs({ role: 'procurement', name: 'Li Na' });
    const supplierId = await insertSupplier({
      name: SUPPLIER_NAME,
      legalName: 'Shanghai Yunzhan Technology Co., Ltd.',
      country: 'CN',
      services: 'Cloud hosting of the customer portal',
      tier: 'high',
      score: 70,
      categories: ['identity_contact', 'medical_health'],
      volume: '100k_1m',
      access: 'holds_copy',
      ownerId: buyer.user.id,
      ownerName: buyer.user.name,
    });
    await insertSupplier({ name: OTHER_SUPPLIER });
    const ndaId = await recordAgreement(buyer, supplierId, { type: 'nda', title: NDA_TITLE });
    await recordAgreement(buyer, supplierId, { type: 'dpa', title: DPA_TITLE, status: 'sent' });
    const ndaPdf = await makePdf('Mutual NDA — signed');
    const uploaded = await upload(
      buyer.agent,
      `/suppliers/${supplierId}/agreements/${ndaId}/file`,
      ndaPdf,
      'nda-signed.pdf',
    );
    expect(uploaded.status, `uploading the NDA: ${uploaded.text.slice(0, 300)}`).to.equal(303);
    return { supplierId, ndaPdf };
  }

  it('auditor: read-only supplier page → PDF in English → 中文 → PDF in Chinese → verify: authentic, one byte changed → altered → filtered list → ZIP of the PDF and manifest.csv, no CSP errors', async () => {
    const { supplierId, ndaPdf } = await seedSuppliers();
    const auditor = await createUser({ role: 'auditor', name: AUDITOR_NAME });
    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const base = session.baseUrl;
    const supplierUrl = `${base}/suppliers/${supplierId}`;
    const reportPath = `/suppliers/${supplierId}/report.pdf`;

    await signInThroughForm(page, base, auditor);

    // The supplier page: both download buttons, and nothing that changes anything.
    await page.goto(supplierUrl);
    expect(await page.locator('h1').first().textContent()).to.equal(SUPPLIER_NAME);
    expect(await page.getAttribute('#download-report', 'href')).to.equal(`${reportPath}?lang=en`);
    expect(await page.getAttribute('#download-report-other', 'href')).to.equal(`${reportPath}?lang=zh-CN`);
    expect(await page.locator('main a[href$="/edit"]').count(), 'edit links').to.equal(0);
    expect(await page.locator('main a[href*="/agreements/new"]').count(), 'add-agreement links').to.equal(0);
    expect(await page.locator('main form[method="post"]').count(), 'forms that change something').to.equal(0);

    // The summary in English.
    const english = await downloadThrough(page, '#download-report', folder.path, 'summary-en.pdf');
    expect(english.suggested).to.match(/^due-diligence-supplier-[a-f\d]{6}-\d{4}-\d{2}-\d{2}\.pdf$/);
    expect(english.bytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const englishText = pdfText(english.file);
    expect(englishText).to.include('Supplier due-diligence summary');
    expect(englishText).to.include(SUPPLIER_NAME);
    expect(englishText).to.include(`${AUDITOR_NAME} <${auditor.email}>`);
    // Table cells wrap long titles over lines.
    const englishLines = englishText.replace(/\s+/g, ' ');
    expect(englishLines).to.include(NDA_TITLE);
    expect(englishLines).to.include(DPA_TITLE);
    // The signed file's SHA-256; a long hash may be broken over two lines of the table cell.
    expect(englishText.replace(/\s+/g, '')).to.include(sha256(ndaPdf));
    const englishId = DOCUMENT_ID.exec(englishText)?.[0] ?? '';
    expect(englishId, 'the document id printed in the English PDF').to.match(DOCUMENT_ID);

    // The page in Chinese: the main button now gives the Chinese edition, the other one English.
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(page.url()).to.equal(supplierUrl);
    expect(await page.getAttribute('#download-report', 'href')).to.equal(`${reportPath}?lang=zh-CN`);
    expect(await page.getAttribute('#download-report-other', 'href')).to.equal(`${reportPath}?lang=en`);
    const chinese = await downloadThrough(page, '#download-report', folder.path, 'summary-zh.pdf');
    expect(chinese.bytes.subarray(0, 5).toString('latin1')).to.equal('%PDF-');
    const chineseText = pdfText(chinese.file);
    expect(chineseText).to.include('供应商尽职调查摘要');
    expect(chineseText).to.include(SUPPLIER_NAME);
    expect(chineseText).not.to.include('Supplier due-diligence summary');
    const chineseId = DOCUMENT_ID.exec(chineseText)?.[0] ?? '';
    expect(chineseId, 'the document id printed in the Chinese PDF').to.match(DOCUMENT_ID);
    expect(chineseId).not.to.equal(englishId);

    // The Chinese copy through the verify page (in Chinese): authentic, with who made it and when.
    const labels = { more: '更多', verify: '核验 PDF', check: '核验' };
    expect(await verifyThroughForm(page, labels, { file: chinese.file })).to.equal('authentic');
    expect(await page.locator('h1').first().textContent()).to.equal('核验尽职调查摘要');
    const authentic = await verdictShown(page);
    expect(authentic.title).to.equal('真实有效');
    expect(authentic.facts.get('供应商')).to.equal(SUPPLIER_NAME);
    expect(authentic.facts.get('文档编号')).to.equal(chineseId);
    expect(authentic.facts.get('生成人')).to.equal(`${AUDITOR_NAME} (${auditor.email})`);
    // The page and the PDF's footer show the same moment, both in Chinese.
    expect(chineseText).to.include(`生成于 ${authentic.facts.get('生成时间') ?? '?'}`);
    expect(authentic.facts.get('原件的 SHA-256')).to.equal(sha256(chinese.bytes));

    // The English copy with one byte in the middle changed: it still names its document, but is altered.
    const altered = Buffer.from(english.bytes);
    const middle = Math.floor(altered.length / 2);
    // pdfkit writes the document id near the start; the changed byte leaves it readable.
    expect(english.bytes.lastIndexOf(englishId)).to.be.within(0, middle);
    altered[middle] = (altered[middle] ?? 0) ^ 0x01;
    const alteredFile = path.join(folder.path, 'summary-en-altered.pdf');
    fs.writeFileSync(alteredFile, altered);
    expect(await verifyThroughForm(page, labels, { file: alteredFile })).to.equal('altered');
    const alteredShown = await verdictShown(page);
    expect(alteredShown.title).to.equal('已被修改');
    expect(alteredShown.facts.get('供应商')).to.equal(SUPPLIER_NAME);
    expect(alteredShown.facts.get('文档编号')).to.equal(englishId);
    expect(alteredShown.facts.get('原件的 SHA-256')).to.equal(sha256(english.bytes));
    expect(await page.locator('#verify-result').textContent()).to.include(sha256(altered));

    // A PDF the portal never made, and a document id typed in.
    const foreignFile = path.join(folder.path, 'nda-signed.pdf');
    fs.writeFileSync(foreignFile, ndaPdf);
    expect(await verifyThroughForm(page, labels, { file: foreignFile })).to.equal('unknown');
    expect(await page.locator('#verify-result table.verify-facts').count()).to.equal(0);
    expect(await verifyThroughForm(page, labels, { reference: englishId })).to.equal('registered');
    expect((await verdictShown(page)).facts.get('原件的 SHA-256')).to.equal(sha256(english.bytes));

    // The list filtered by name: one row with its PDF link, and a ZIP of that one summary.
    await page.goto(`${base}/suppliers`);
    await page.fill('#filter-q', SUPPLIER_NAME);
    await page.locator('form.filters').getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/\/suppliers\?q=/);
    const rows = page.locator('table.supplier-table tbody tr');
    expect(await rows.count()).to.equal(1);
    expect(await rows.locator('a[download]').getAttribute('href')).to.equal(reportPath);
    const zip = await downloadThrough(page, '#download-reports-zip', folder.path, 'summaries.zip');
    expect(zip.suggested).to.match(/^due-diligence-summaries-\d{4}-\d{2}-\d{2}\.zip$/);
    const names = await zipEntries(zip.bytes);
    const pdfNames = names.filter((name) => name.endsWith('.pdf'));
    expect(pdfNames).to.have.length(1);
    expect(names).to.have.members([...pdfNames, 'manifest.csv']);

    // The PDF in the ZIP is the Chinese edition (the reader's language), listed in the manifest.
    const zippedPdf = await zipEntry(zip.bytes, pdfNames[0] ?? '');
    const zippedFile = path.join(folder.path, 'from-zip.pdf');
    fs.writeFileSync(zippedFile, zippedPdf);
    const zippedText = pdfText(zippedFile);
    expect(zippedText).to.include('供应商尽职调查摘要');
    expect(zippedText).to.include(SUPPLIER_NAME);
    const manifest = (await zipEntry(zip.bytes, 'manifest.csv')).toString('utf8').replace(/^\uFEFF/, '');
    const [header, ...lines] = manifest.trim().split(/\r?\n/);
    expect(header).to.equal('file,supplier_id,supplier_name,document_id,sha256,bytes');
    expect(lines).to.deep.equal([
      [
        pdfNames[0],
        supplierId,
        SUPPLIER_NAME,
        DOCUMENT_ID.exec(zippedText)?.[0],
        sha256(zippedPdf),
        zippedPdf.length,
      ].join(','),
    ]);

    expect(problems, 'console errors (CSP violations would show here)').to.deep.equal([]);
    await context.close();
  });

  it('vendor: own supplier page without the download buttons → the report, the ZIP and /verify opened directly → 403, no CSP errors', async () => {
    const { supplierId } = await seedSuppliers();
    const vendor = await createUser({ role: 'vendor', supplierId, name: 'Chen Jie' });
    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const base = session.baseUrl;

    await signInThroughForm(page, base, vendor);
    await page.goto(`${base}/suppliers/${supplierId}`);
    expect(await page.locator('h1').first().textContent()).to.equal(SUPPLIER_NAME);
    expect(await page.locator('#download-report, #download-report-other').count()).to.equal(0);
    expect(await page.locator('a[href*="report.pdf"], a[href*="reports.zip"]').count()).to.equal(0);
    expect(await page.locator('nav a[href="/verify"]').count(), 'the "Verify a PDF" menu item').to.equal(0);

    const refused = [
      `/suppliers/${supplierId}/report.pdf`,
      `/suppliers/${supplierId}/report.pdf?lang=zh-CN`,
      '/suppliers/reports.zip',
      '/verify',
    ];
    for (const url of refused) {
      // A PDF or ZIP answer would start a download, which makes goto() fail loudly.
      const response = await page.goto(`${base}${url}`);
      expect(response?.status(), url).to.equal(403);
      expect(await page.locator('main .error-status').textContent(), url).to.equal('403');
      expect(await page.locator('main').textContent(), url).not.to.include('%PDF');
    }

    // Chromium logs each refused page as a failed resource; those are the ones asked for.
    const expected = refused.map(
      (url) =>
        `${base}${url}: Failed to load resource: the server responded with a status of 403 (Forbidden)`,
    );
    expect(
      problems.filter((problem) => !expected.includes(problem)),
      'console errors (CSP violations would show here)',
    ).to.deep.equal([]);
    await context.close();
  });
});
