import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useBrowser } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import { day, insertSupplier, shownDate } from '../suppliers/support';
import { signInThroughForm, watchForProblems } from './support';

const SUPPLIER_NAME = 'Harbour Payroll Services';
const TITLE = 'Payroll export mailed to the wrong customer';

/** The one-time messages shown at the top of the page. */
async function flashes(page: Page): Promise<string[]> {
  return (await page.locator('main .notification.is-light[role]').allTextContents()).map((text) =>
    text.trim(),
  );
}

/** The timeline's entries as their text, oldest first. */
async function timeline(page: Page): Promise<string[]> {
  return (await page.locator('#incident-timeline > li').allTextContents()).map((text) =>
    text.replace(/\s+/g, ' ').trim(),
  );
}

describe('e2e: incident report', function () {
  this.timeout(120_000);
  const session = useBrowser();
  beforeEach(resetDatabase);

  it('vendor reports → owner notified, records both notifications, contains (中文) and closes; timeline has it all; no CSP errors', async () => {
    const owner = await createUser({ role: 'procurement', name: 'Olivia Owner' });
    const supplierId = await insertSupplier({
      name: SUPPLIER_NAME,
      ownerId: owner.id,
      ownerName: owner.name,
    });
    const vendor = await createUser({ role: 'vendor', supplierId, name: 'Victor Vendor' });
    const base = session.baseUrl;

    // The vendor reports the incident from the home page.
    const vendorContext = await session.browser.newContext({ locale: 'en-US' });
    const vendorPage = await vendorContext.newPage();
    const vendorProblems = watchForProblems(vendorPage);
    await signInThroughForm(vendorPage, base, vendor);
    await vendorPage.locator('#vendor-report-incident').click();
    await vendorPage.waitForURL(`${base}/incidents/new`);
    expect(await vendorPage.locator('#incident-supplier').textContent()).to.equal(SUPPLIER_NAME);
    await vendorPage.fill('#field-title', TITLE);
    await vendorPage.fill('#field-description', 'A payroll export went to another customer by e-mail.');
    await vendorPage.fill('#field-discoveredOn', day(-1));
    await vendorPage.fill('#field-individualsAffected', '340');
    await vendorPage.getByLabel('Identity and contact details').check();
    await vendorPage.fill('#field-cause', 'Wrong address picked from the autocomplete');
    await vendorPage.getByRole('button', { name: 'Report the incident' }).click();
    await vendorPage.waitForURL(/\/incidents\/[a-f\d]{24}$/);
    const incidentPath = new URL(vendorPage.url()).pathname;
    expect(await flashes(vendorPage)).to.deep.equal([
      'The incident is reported, and the people responsible for this supplier have been told.',
    ]);
    await vendorContext.close();
    expect(vendorProblems, 'vendor console errors').to.deep.equal([]);

    // The owner sees the notification and opens the incident from it.
    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    await signInThroughForm(page, base, owner);
    await page.goto(`${base}/notifications`);
    const item = page.locator('.notification-item', { hasText: `Incident reported at ${SUPPLIER_NAME}` });
    expect(await item.count()).to.equal(1);
    await item.getByRole('button', { name: 'Open' }).click();
    await page.waitForURL(`${base}${incidentPath}`);
    expect(await page.locator('h1').first().textContent()).to.equal(TITLE);

    // The regulator was told today through the online form; the individuals by e-mail.
    const regulator = page.locator('#notice-regulator');
    await regulator.locator('select').selectOption('required');
    await regulator.getByLabel('Notification made').check();
    await regulator.getByLabel('Notified on').fill(day(0));
    await regulator.getByLabel('How').fill('CAC online report form');
    await regulator.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}${incidentPath}`);
    expect(await flashes(page)).to.deep.equal(['The notification decision is recorded.']);
    const individuals = page.locator('#notice-individuals');
    await individuals.locator('select').selectOption('required');
    await individuals.getByLabel('Notification made').check();
    await individuals.getByLabel('Notified on').fill(day(0));
    await individuals.getByLabel('How').fill('E-mail to each employee');
    await individuals.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}${incidentPath}`);

    // One step in Chinese: contain the incident.
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    await page.getByRole('button', { name: '标记为已控制' }).click();
    await page.waitForURL(`${base}${incidentPath}`);
    expect(await flashes(page)).to.deep.equal(['状态已变更。']);
    expect(await page.locator('.incident-status').first().textContent()).to.equal('已控制');
    await page.getByRole('button', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');

    await page.getByRole('button', { name: 'Close the incident' }).click();
    await page.waitForURL(`${base}${incidentPath}`);
    expect(await flashes(page)).to.deep.equal(['The status is changed.']);
    expect(await page.locator('.incident-status').first().textContent()).to.equal('Closed');

    const today = shownDate(new Date(`${day(0)}T00:00:00Z`));
    const entries = await timeline(page);
    expect(entries).to.have.length(5);
    expect(entries[0]).to.match(/^Incident reported .* · Victor Vendor$/);
    expect(entries[1]).to.match(
      new RegExp(
        `^Regulator notification: Notification required .* · Olivia Owner notified on ${today} by CAC online report form$`,
      ),
    );
    expect(entries[2]).to.match(
      /^Notification of individuals: Notification required .* by E-mail to each employee$/,
    );
    expect(entries[3]).to.match(/^Status: Open → Contained .* · Olivia Owner$/);
    expect(entries[4]).to.match(/^Status: Contained → Closed .* · Olivia Owner$/);
    expect(await page.locator('#art57-cause.is-recorded').count()).to.equal(1);

    expect(problems, 'console errors (CSP violations would show here)').to.deep.equal([]);
    await context.close();
  });
});
