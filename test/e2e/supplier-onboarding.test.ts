import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { DPA_CLAUSES } from '../../src/modules/agreements';
import { useBrowser, useScratchFolder } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createUser, type TestUser } from '../helpers/factories';
import { day, makePdf, sha256 } from '../agreements/support';

const SUPPLIER_NAME = '上海云栈科技有限公司';
const MISSING = ['DPA-BREACH-NOTICE', 'DPA-DELETION-ON-END'];
const PARTIAL = 'DPA-SUBPROCESSOR';

async function signInThroughForm(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** Fills in the agreement form (on the page "Add NDA"/"Add DPA" leads to) as signed, and submits it. */
async function recordSignedAgreement(page: Page, signatory: string): Promise<void> {
  await page.selectOption('#field-status', 'signed');
  await page.fill('#field-effectiveDate', day(-7));
  await page.fill('#field-expiryDate', day(730));
  await page.fill('#field-sig_name_0', 'Wang Fang');
  await page.fill('#field-sig_title_0', 'Head of Procurement');
  await page.fill('#field-sig_name_1', signatory);
  await page.getByRole('button', { name: 'Record agreement' }).click();
  await page.waitForURL(/\/suppliers\/[a-f\d]{24}\/agreements\/[a-f\d]{24}$/);
}

/** Uploads the signed PDF on an agreement page and waits for the page to show the stored file. */
async function uploadSigned(page: Page, file: string): Promise<void> {
  await page.setInputFiles('#upload-file', file);
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  // Either the stored file's fingerprint or an error: neither is on the page before the upload.
  await page.locator('code.hash, main .notification[role="alert"]').first().waitFor();
  const errors = await page.locator('main .notification[role="alert"]').allTextContents();
  expect(
    errors.map((error) => error.trim()),
    `after the upload, on ${page.url()}`,
  ).to.deep.equal([]);
}

describe('e2e: procurement onboards a supplier with its NDA, DPA and clause checklist', function () {
  this.timeout(120_000);
  const session = useBrowser();
  const folder = useScratchFolder();
  beforeEach(resetDatabase);

  it('create supplier → tier explained → NDA and DPA signed and uploaded → checklist → gaps on the supplier page, no CSP errors', async () => {
    const buyer = await createUser({ role: 'procurement' });
    const ndaPdf = await makePdf('Mutual NDA — signed');
    const dpaPdf = await makePdf('Data processing agreement — signed');
    const ndaFile = path.join(folder.path, 'nda-signed.pdf');
    const dpaFile = path.join(folder.path, '数据处理协议.pdf');
    fs.writeFileSync(ndaFile, ndaPdf);
    fs.writeFileSync(dpaFile, dpaPdf);

    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const base = session.baseUrl;

    await signInThroughForm(page, base, buyer);

    // The supplier and its data profile.
    await page.goto(`${base}/suppliers/new`);
    await page.fill('#field-name', SUPPLIER_NAME);
    await page.check('input[name="categories"][value="medical_health"]');
    await page.check('input[name="categories"][value="identity_contact"]');
    await page.selectOption('#field-volume', '100k_1m');
    await page.selectOption('#field-access', 'holds_copy');
    await page.getByRole('button', { name: 'Add supplier' }).click();
    await page.waitForURL(/\/suppliers\/[a-f\d]{24}$/);
    const supplierUrl = page.url();
    expect(await page.locator('h1').first().textContent()).to.equal(SUPPLIER_NAME);
    const riskBox = page.locator('section[aria-labelledby="risk-heading"]');
    expect(await riskBox.locator('.tier-tag').textContent()).to.equal('High');
    const risk = (await riskBox.textContent()) ?? '';
    expect(risk).to.include('Processes sensitive personal information (1 category)');
    expect(risk).to.include('Individuals: 100,000 – 1 million');
    expect(risk).to.include('Access: Holds a copy');

    // The NDA.
    await page.getByRole('link', { name: 'Add NDA' }).click();
    await page.waitForURL(/\/agreements\/new\?type=nda$/);
    await recordSignedAgreement(page, 'Li Lei');
    await uploadSigned(page, ndaFile);
    expect(await page.locator('code.hash').textContent()).to.equal(sha256(ndaPdf));

    // The DPA.
    await page.goto(supplierUrl);
    await page.getByRole('link', { name: 'Add DPA' }).click();
    await page.waitForURL(/\/agreements\/new\?type=dpa$/);
    await recordSignedAgreement(page, 'Han Meimei');
    await uploadSigned(page, dpaFile);
    expect(await page.locator('code.hash').textContent()).to.equal(sha256(dpaPdf));
    expect(await page.locator('section[aria-labelledby="document-heading"]').textContent()).to.include(
      '数据处理协议.pdf',
    );

    // The clause checklist: two clauses missing, one partly covered, the rest present.
    for (const clause of DPA_CLAUSES) {
      const state = MISSING.includes(clause.id) ? 'missing' : clause.id === PARTIAL ? 'partial' : 'present';
      await page.selectOption(`select[name="state_${clause.id}"]`, state);
    }
    await page.fill('input[name="reference_DPA-PURPOSE"]', '§ 2');
    await page.getByRole('button', { name: 'Save checklist' }).click();
    // The count comes from the saved checklist (the confirmation itself is a one-time message).
    await page.getByText('2 mandatory clauses are missing or not yet assessed.').waitFor();

    // What procurement sees on the supplier page.
    await page.goto(supplierUrl);
    const glance = page.locator('section[aria-labelledby="agreements-heading"] .agreement-state');
    expect(await glance.allTextContents()).to.deep.equal(['Signed', 'Signed']);
    const gaps = page.locator('#dpa-gaps');
    const gapText = (await gaps.textContent()) ?? '';
    expect(gapText).to.include('The DPA misses 2 mandatory clauses:');
    expect(await gaps.locator('ul').first().locator('code').allTextContents()).to.deep.equal(MISSING);
    expect(gapText).to.include('Prompt breach notice with the PIPL Art. 57 content');
    expect(gapText).to.include('1 clause only partly covered:');
    expect(await gaps.locator('ul').nth(1).locator('code').allTextContents()).to.deep.equal([PARTIAL]);

    // And in the register, under "DPA with missing clauses".
    await page.goto(`${base}/suppliers?agreement=dpa_gaps`);
    expect(await page.locator('table.supplier-table tbody').textContent()).to.include(SUPPLIER_NAME);

    expect(problems, 'console errors (CSP violations would show here)').to.deep.equal([]);
    await context.close();
  });
});
