import fs from 'node:fs';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type { Page } from 'playwright-core';
import { monitoringSettled } from '../../src/modules/monitoring';
import { useBrowser } from '../helpers/browser';
import { resetDatabase, testConfig } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';
import { signInThroughForm, watchForProblems } from './support';

const ALERT_NOTE = 'Asked the vendor: a mistyped link from an old e-mail.';

/** The one-time messages shown at the top of the page. */
async function flashes(page: Page): Promise<string[]> {
  return (await page.locator('main .notification.is-light[role]').allTextContents()).map((text) =>
    text.trim(),
  );
}

/** The text of an element with its white space collapsed. */
async function shownText(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The audit event stored with the most recent "verify the chain", as the database has it. */
async function lastVerification(): Promise<Record<string, unknown>> {
  const event = await mongoose.connection
    .collection('audit_events')
    .findOne({ action: 'audit.verify' }, { sort: { seq: -1 } });
  if (!event) throw new Error('no audit.verify event was recorded');
  return event.details as Record<string, unknown>;
}

/** Clicks "Verify the chain" and waits for the answer above the list. */
async function verifyChain(page: Page, base: string): Promise<void> {
  await page.getByRole('button', { name: 'Verify the chain' }).click();
  await page.waitForURL(`${base}/audit/verify`);
  await page.locator('#verify-result').waitFor();
}

describe('e2e: security administration', function () {
  this.timeout(120_000);
  const session = useBrowser();
  beforeEach(resetDatabase);

  it('admin sets thresholds and retention (3 months refused beside the field), verifies the chain, sees an altered event named and linked, exports the filtered CSV; vendor probing another supplier raises an alert the admin acknowledges in 中文; no CSP errors', async () => {
    const admin = await createUser({ role: 'admin', name: 'Ada Admin' });
    const vendorSupplier = await createSupplier({ name: 'Harbour Payroll Services' });
    const otherSupplier = await createSupplier({ name: 'Northwind Logistics' });
    const vendor = await createUser({ role: 'vendor', supplierId: vendorSupplier.id, name: 'Victor Vendor' });
    const base = session.baseUrl;

    const context = await session.browser.newContext({ locale: 'en-US', acceptDownloads: true });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await signInThroughForm(page, base, admin);

    // a. Settings: monitoring thresholds, then retention.
    await page.goto(`${base}/admin/settings`);
    const monitoring = page.locator('section[aria-labelledby="monitoring-heading"]');
    await monitoring.locator('#field-downloadLimit').fill('2');
    await monitoring.locator('#field-downloadWindowMinutes').fill('10');
    await monitoring.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/admin/settings`);
    expect(await flashes(page)).to.deep.equal(['Settings saved.']);
    expect(await page.inputValue('#field-downloadLimit')).to.equal('2');
    expect(await page.inputValue('#field-downloadWindowMinutes')).to.equal('10');

    const retention = page.locator('section[aria-labelledby="retention-heading"]');
    await retention.getByLabel('Keep events for (months)').fill('6');
    await retention.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/admin/settings`);
    expect(await flashes(page)).to.deep.equal(['Settings saved.']);
    expect(await page.inputValue('#field-auditRetentionMonths')).to.equal('6');

    // Three months is below the logging baseline: refused, the reason beside the field, "3" kept.
    await retention.getByLabel('Keep events for (months)').fill('3');
    const [refusal] = await Promise.all([
      page.waitForResponse(
        (response) =>
          response.url().endsWith('/admin/settings/audit-retention') &&
          response.request().method() === 'POST',
      ),
      retention.getByRole('button', { name: 'Save' }).click(),
    ]);
    await page.waitForLoadState();
    expect(refusal.status()).to.equal(422);
    expect(await shownText(page, '#field-auditRetentionMonths-error')).to.equal(
      'The smallest allowed value is 6.',
    );
    expect(await page.getAttribute('#field-auditRetentionMonths', 'aria-describedby')).to.include(
      'field-auditRetentionMonths-error',
    );
    expect(await page.inputValue('#field-auditRetentionMonths')).to.equal('3');
    expect(await retention.locator('#form-error').count(), 'the summary sits on the refused form').to.equal(
      1,
    );
    // The other forms still show what is stored.
    expect(await page.inputValue('#field-downloadLimit')).to.equal('2');

    // b. The audit trail: the chain is intact, then one stored event is altered.
    await page.goto(`${base}/audit`);
    await verifyChain(page, base);
    const intact = await shownText(page, '#verify-result');
    const checked = Number(/^Chain intact: (\d+) events checked\.$/.exec(intact)?.[1]);
    expect(checked, intact).to.be.greaterThan(3);
    expect((await lastVerification()).checked).to.equal(checked);

    // Someone with database access disguises the retention change as another setting.
    const events = mongoose.connection.collection('audit_events');
    const retentionEvent = await events.findOne({ action: 'settings.audit_retention' });
    const alteredSeq = Number(retentionEvent?.seq);
    expect(alteredSeq, 'an event in the middle of the chain').to.be.within(2, checked - 1);
    const update = await events.updateOne({ seq: alteredSeq }, { $set: { action: 'settings.mfa_required' } });
    expect(update.modifiedCount).to.equal(1);
    await verifyChain(page, base);
    expect(await shownText(page, '#verify-result')).to.equal(
      `First broken link at event #${alteredSeq} (altered); ${alteredSeq - 1} events before it are intact. Show event #${alteredSeq} in the list`,
    );
    expect(await page.locator('#verify-result').getAttribute('role')).to.equal('alert');
    const showEvent = page.getByRole('link', { name: `Show event #${alteredSeq} in the list` });
    expect(await showEvent.getAttribute('href')).to.equal(`/audit?seq=${alteredSeq}#event-${alteredSeq}`);
    await showEvent.click();
    await page.waitForURL(`${base}/audit?seq=${alteredSeq}#event-${alteredSeq}`);
    const alteredRow = page.locator(`#event-${alteredSeq}`);
    expect(await alteredRow.getAttribute('class')).to.equal('is-selected');
    expect(await alteredRow.locator('td code').textContent()).to.equal('settings.mfa_required');

    // c. The filtered export: only the settings changes, with the header row.
    await page.goto(`${base}/audit`);
    await page.getByLabel('Action starts with').fill('settings.monitoring');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(`${base}/audit?action=settings.monitoring*`);
    const exportLink = page.getByRole('link', { name: 'Download CSV' });
    expect(await exportLink.getAttribute('href')).to.equal('/audit/export.csv?action=settings.monitoring');
    const [download] = await Promise.all([page.waitForEvent('download'), exportLink.click()]);
    expect(download.suggestedFilename()).to.match(/^audit-trail-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
    const lines = csv.trim().split(/\r?\n/);
    expect(lines[0]).to.equal(
      `seq,time (${testConfig().timeZone}),action,outcome,actor_email,role,target,supplier,ip,details,hash,prevHash`,
    );
    expect(lines, csv).to.have.length(2);
    expect(lines[1]).to.match(new RegExp(`^\\d+,[^,]+,settings\\.monitoring,success,${admin.email},admin,`));

    // d. A vendor opens another supplier's page by its address: the same "not found" as for nothing.
    const vendorContext = await session.browser.newContext({ locale: 'en-US' });
    const vendorPage = await vendorContext.newPage();
    const vendorProblems = watchForProblems(vendorPage);
    await signInThroughForm(vendorPage, base, vendor);
    const otherUrl = `${base}/suppliers/${otherSupplier.id}`;
    const refused = await vendorPage.goto(otherUrl);
    expect(refused?.status()).to.equal(404);
    expect(await vendorPage.locator('h1').first().textContent()).to.equal('Page not found');
    expect(await vendorPage.locator('main').textContent()).to.not.include(otherSupplier.name);
    await vendorContext.close();
    expect(
      vendorProblems.filter(
        (problem) =>
          problem !==
          `${otherUrl}: Failed to load resource: the server responded with a status of 404 (Not Found)`,
      ),
      'vendor console errors',
    ).to.deep.equal([]);
    await monitoringSettled();

    // The admin sees the alert, reads it in Chinese and acknowledges it with a note.
    await page.goto(`${base}/alerts`);
    const alert = page.locator('.alert-item', { hasText: "Vendor asked for another supplier's records" });
    expect(await alert.count()).to.equal(1);
    expect(await alert.locator('.alert-subject').textContent()).to.equal(vendor.email);
    expect(await alert.textContent()).to.include(`supplier ${otherSupplier.id}`);
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(page.url()).to.equal(`${base}/alerts`);
    expect(await page.locator('h1').first().textContent()).to.equal('告警');
    const alertZh = page.locator('.alert-item', { hasText: '供应商用户请求其他供应商的记录' });
    expect(await alertZh.count()).to.equal(1);
    expect(await alertZh.locator('.tag').allTextContents()).to.deep.equal(['高', '未处理']);
    await alertZh.getByLabel('备注').fill(ALERT_NOTE);
    await alertZh.getByRole('button', { name: '确认' }).click();
    await page.waitForURL(`${base}/alerts`);
    expect(await flashes(page)).to.deep.equal(['告警已确认。']);
    expect(await page.locator('.alert-item').count(), 'no open alert is left').to.equal(0);
    await page.locator('.tabs').getByRole('link', { name: '已确认' }).click();
    await page.waitForURL(`${base}/alerts?status=acknowledged`);
    const acknowledged = page.locator('.alert-item');
    expect(await acknowledged.count()).to.equal(1);
    expect(await acknowledged.locator('.tag').allTextContents()).to.deep.equal(['高', '已确认']);
    expect(await acknowledged.textContent()).to.include(`由 ${admin.name} 于`);
    expect(await acknowledged.textContent()).to.include(ALERT_NOTE);
    expect(await acknowledged.locator('form').count(), 'nothing left to acknowledge').to.equal(0);

    // e. The refused retention form's 422 is logged by Chromium on purpose; nothing else may be.
    const refusedForm = `${base}/admin/settings/audit-retention: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)`;
    expect(
      problems.filter((problem) => problem !== refusedForm),
      'console errors (CSP violations would show here)',
    ).to.deep.equal([]);
    await context.close();
  });
});
