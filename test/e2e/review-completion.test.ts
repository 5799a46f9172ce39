import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import { useBrowser } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import { day, insertSupplier, shownDate } from '../suppliers/support';
import { signInThroughForm, watchForProblems } from './support';

const SUPPLIER_NAME = '上海云栈科技有限公司';
const BUYER_NAME = 'Li Na';
const NOTES = 'Looked at the 2024 penetration test and the updated access policy.';
const CONDITION = 'Send the remediation report of the penetration test.';
/** The cadence of a high-tier supplier unless the settings say otherwise. */
const HIGH_TIER_MONTHS = 12;

/**
 * Today's calendar day (UTC, the portal's zone in tests) `months` later, clamped to the end of a
 * shorter month, worked out here rather than with the app's own date helpers.
 */
function monthsFromToday(months: number): Date {
  const today = new Date();
  const year = today.getUTCFullYear();
  const month = today.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(today.getUTCDate(), lastDay)));
}

/** The one-time messages shown at the top of the page. */
async function flashes(page: Page): Promise<string[]> {
  return (await page.locator('main .notification.is-light[role]').allTextContents()).map((text) =>
    text.trim(),
  );
}

/** The date the "Next review:" line of the supplier page's Reviews box shows. */
function nextReviewOnSupplierPage(page: Page): Locator {
  return page.locator('#reviews p', { hasText: 'Next review:' }).locator('strong');
}

describe('e2e: review completion', function () {
  this.timeout(120_000);
  const session = useBrowser();
  beforeEach(resetDatabase);

  it('start periodic review → "with conditions" but none → error, notes kept → one condition → completed, met → next review a cadence on → 中文, no CSP errors', async () => {
    const buyer = await createUser({ role: 'procurement', name: BUYER_NAME });
    const supplierId = await insertSupplier({
      name: SUPPLIER_NAME,
      status: 'active',
      tier: 'high',
      score: 70,
      ownerId: buyer.id,
      ownerName: buyer.name,
      // Last reviewed eleven months ago: the next periodic review is due in about a month.
      reviewAnchor: new Date(Date.now() - 335 * 86_400_000),
    });
    const expectedNext = shownDate(monthsFromToday(HIGH_TIER_MONTHS));

    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const base = session.baseUrl;
    const supplierUrl = `${base}/suppliers/${supplierId}`;

    await signInThroughForm(page, base, buyer);

    // The supplier page offers a periodic review; nothing was reviewed in the portal yet.
    await page.goto(supplierUrl);
    const reviewsBox = page.locator('#reviews');
    expect(await reviewsBox.textContent()).to.include('No completed review yet.');
    const nextBefore = ((await nextReviewOnSupplierPage(page).textContent()) ?? '').trim();
    expect(nextBefore).to.not.equal(expectedNext);
    await reviewsBox.getByRole('button', { name: 'Start periodic review' }).click();
    await page.waitForURL(/\/reviews\/[a-f\d]{24}$/);
    const reviewUrl = page.url();
    expect(await flashes(page)).to.deep.equal(['Review started.']);
    expect(await page.locator('h1').first().textContent()).to.equal(`Review of ${SUPPLIER_NAME}`);

    // "Approved with conditions" without a condition: refused, with the reason beside the first row.
    const completeForm = page.locator('#complete form');
    const notes = completeForm.locator('textarea[name="outcomeNotes"]');
    await completeForm.getByLabel('Approved with conditions').check();
    await notes.fill(NOTES);
    const [refusal] = await Promise.all([
      page.waitForResponse(
        (response) => response.url().endsWith('/complete') && response.request().method() === 'POST',
      ),
      completeForm.getByRole('button', { name: 'Complete review' }).click(),
    ]);
    await page.waitForLoadState();
    expect(refusal.status()).to.equal(422);
    expect(page.url()).to.equal(`${reviewUrl}/complete`);
    expect(((await page.locator('#field-condition_text_0-error').textContent()) ?? '').trim()).to.equal(
      'Add at least one condition with a due date.',
    );
    expect(await page.getAttribute('#field-condition_text_0', 'aria-describedby')).to.equal(
      'field-condition_text_0-error',
    );
    expect(await page.locator('#complete #form-error').count()).to.equal(1);
    // What the user typed and chose is still there.
    expect(await notes.inputValue()).to.equal(NOTES);
    expect(await completeForm.getByLabel('Approved with conditions').isChecked()).to.equal(true);

    // One condition with its due date: the review is completed.
    await page.fill('#field-condition_text_0', CONDITION);
    await page.fill('#field-condition_dueDate_0', day(60));
    await completeForm.getByRole('button', { name: 'Complete review' }).click();
    await page.waitForURL(reviewUrl);
    expect(await flashes(page)).to.deep.equal([
      'Review completed. The next review date now follows from the tier.',
    ]);
    const outcomeBox = page.locator('section[aria-labelledby="outcome-heading"]');
    expect(await outcomeBox.locator('.tag').first().textContent()).to.equal('Approved with conditions');
    expect(await outcomeBox.textContent()).to.include(NOTES);
    expect(await outcomeBox.textContent()).to.include(`Next periodic review: ${expectedNext}`);
    expect(await page.locator('#complete').count(), 'the completion form is gone').to.equal(0);
    const conditionRow = outcomeBox.locator('tbody tr');
    expect(await conditionRow.count()).to.equal(1);
    const cells = (await conditionRow.locator('td').allTextContents()).map((text) => text.trim());
    expect(cells[0]).to.equal(CONDITION);
    expect(cells[1]).to.equal(shownDate(new Date(`${day(60)}T00:00:00Z`)));
    expect(cells[2]).to.match(/^Not met yet\s+Mark as met$/);

    // The condition is met.
    await conditionRow.getByRole('button', { name: 'Mark as met' }).click();
    await page.waitForURL(reviewUrl);
    expect(await flashes(page)).to.deep.equal(['Condition updated.']);
    expect(await conditionRow.locator('td').nth(2).textContent()).to.include(`Met (${BUYER_NAME})`);
    expect(await conditionRow.getByRole('button').textContent()).to.equal('Mark as not met');

    // The supplier page: the review in the history, the next review one cadence from today.
    await page.locator('nav.breadcrumb').getByRole('link', { name: SUPPLIER_NAME }).click();
    await page.waitForURL(supplierUrl);
    const history = reviewsBox.getByRole('table', { name: 'Completed reviews' });
    const historyRows = history.locator('tbody tr');
    expect(await historyRows.count()).to.equal(1);
    const historyCells = (await historyRows.locator('td').allTextContents()).map((text) => text.trim());
    expect(historyCells).to.deep.equal([
      shownDate(new Date()),
      'Periodic review',
      'Approved with conditions',
      BUYER_NAME,
    ]);
    expect(await historyRows.getByRole('link').getAttribute('href')).to.equal(new URL(reviewUrl).pathname);
    expect(((await nextReviewOnSupplierPage(page).textContent()) ?? '').trim()).to.equal(expectedNext);
    expect(await reviewsBox.getByRole('button', { name: 'Start periodic review' }).count()).to.equal(1);

    // The review page in Chinese.
    await page.goto(reviewUrl);
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(page.url()).to.equal(reviewUrl);
    expect(await page.locator('h1').first().textContent()).to.equal(`${SUPPLIER_NAME} 的审查`);
    expect(await outcomeBox.locator('.tag').first().textContent()).to.equal('附条件批准');
    expect(await conditionRow.locator('td').nth(2).textContent()).to.include(`已满足（${BUYER_NAME}）`);

    // Chromium logs the refused form's 422 answer as a console error; that one is on purpose.
    const refusedForm = `${reviewUrl}/complete: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)`;
    expect(
      problems.filter((problem) => problem !== refusedForm),
      'console errors (CSP violations would show here)',
    ).to.deep.equal([]);
    await context.close();
  });
});
