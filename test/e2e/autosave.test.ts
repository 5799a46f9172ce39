import { expect } from 'chai';
import type { BrowserContext, Page } from 'playwright-core';
import { useBrowser } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, createUser, type TestUser } from '../helpers/factories';
import {
  saveState,
  seedDefaultTemplate,
  sendThroughForm,
  signInThroughForm,
  storedAnswer,
  unsavedQueue,
  waitForSaveState,
  watchForProblems,
} from './support';

/** A long-text question with no condition: "How do you handle requests from individuals…". */
const QUESTION = 'priv_05';
const FIELD = `#q_${QUESTION}`;
/** Failed saves are retried after 2 s, then 4 s, 8 s…; a retry after reconnecting comes within this. */
const RETRY_WAIT = 15_000;

describe('e2e: answers save themselves, across tabs, lost connections and in Chinese', function () {
  this.timeout(120_000);
  const session = useBrowser();
  let context: BrowserContext;
  let problems: string[][];
  let vendor: TestUser;
  let assessmentId: string;
  let sectionUrl: string;

  beforeEach(async () => {
    await resetDatabase();
    const templateId = await seedDefaultTemplate();
    const supplier = await createSupplier({ name: '上海云栈科技有限公司' });
    vendor = await createUser({ role: 'vendor', supplierId: supplier.id, name: 'Zhou Min' });
    assessmentId = await sendThroughForm(supplier.id, templateId);
    sectionUrl = `${session.baseUrl}/assessments/${assessmentId}/sections/privacy`;
    context = await session.browser.newContext({ locale: 'en-US' });
    problems = [];
  });
  afterEach(async () => {
    await context.close();
  });

  /** A new tab of the vendor's browser on the privacy section (signing in first if need be). */
  async function openSection(): Promise<Page> {
    const page = await context.newPage();
    problems.push(watchForProblems(page));
    // Leaving a page while a save is on its way asks first; the tests leave on purpose.
    page.on('dialog', (dialog) => void dialog.accept());
    if ((await context.cookies()).length === 0) await signInThroughForm(page, session.baseUrl, vendor);
    await page.goto(sectionUrl);
    return page;
  }

  /** Console errors other than the failed requests a test causes on purpose. */
  function unexpectedProblems(): string[] {
    return problems.flat().filter((problem) => !/Failed to load resource/.test(problem));
  }

  it('two tabs of one vendor: both save the same answer in turn → the last typed is stored, the other tab is told, reloads show it', async () => {
    const first = await openSection();
    const second = await openSection();

    await first.fill(FIELD, 'Requests go to privacy@yunzhan.example and are answered within 15 days.');
    await waitForSaveState(first, QUESTION, 'saved');
    expect(await saveState(first, QUESTION).textContent()).to.match(/^Saved · \d{2}:\d{2}/);

    // The second tab is told through the BroadcastChannel and shows the first tab's answer.
    await waitForSaveState(second, QUESTION, 'saved');
    expect(await second.inputValue(FIELD)).to.equal(
      'Requests go to privacy@yunzhan.example and are answered within 15 days.',
    );
    expect(await saveState(second, QUESTION).textContent()).to.equal('also changed in another window');

    const last = 'Requests go to the DPO and are answered within 10 working days.';
    await second.fill(FIELD, last);
    await waitForSaveState(second, QUESTION, 'saved');
    // It built on the first tab's save, so nothing was overwritten unseen.
    expect(await saveState(second, QUESTION).textContent()).to.match(/^Saved · \d{2}:\d{2}/);

    // And the first tab is told in turn.
    await saveState(first, QUESTION).filter({ hasText: 'also changed in another window' }).waitFor();
    expect(await first.inputValue(FIELD)).to.equal(last);
    expect(await saveState(first, QUESTION).textContent()).to.equal('also changed in another window');

    const stored = await storedAnswer(assessmentId, QUESTION);
    expect(stored?.value).to.equal(last);
    expect(stored?.valueRevision).to.equal(2);
    expect(stored?.history.map((change) => change.value)).to.deep.equal([
      'Requests go to privacy@yunzhan.example and are answered within 15 days.',
    ]);
    for (const page of [first, second]) {
      await page.reload();
      expect(await page.inputValue(FIELD)).to.equal(last);
    }
    expect(await unsavedQueue(first, assessmentId)).to.deep.equal({});
    expect(unexpectedProblems()).to.deep.equal([]);
  });

  it('flaky connection: saves fail while typing → shown as offline or not saved, kept in localStorage → retried and stored once the connection is back', async () => {
    const page = await openSection();
    const answers = `**/assessments/${assessmentId}/answers/${QUESTION}`;

    // No connection: the request never reaches the server.
    await page.route(answers, (route) => route.abort('internetdisconnected'));
    const typed = 'Requests are logged in our ticket system and answered within 15 days.';
    await page.fill(FIELD, typed);
    await waitForSaveState(page, QUESTION, 'offline');
    expect(await saveState(page, QUESTION).textContent()).to.equal(
      'Offline: kept on this device, will be saved when the connection returns. Retry',
    );
    expect(await page.textContent('#save-summary')).to.equal('1 change(s) waiting to be saved');
    expect((await unsavedQueue(page, assessmentId))[QUESTION]?.value).to.equal(typed);
    expect(await storedAnswer(assessmentId, QUESTION)).to.equal(null);

    // Back online: the next retry saves it, with no click needed.
    await page.unroute(answers);
    await waitForSaveState(page, QUESTION, 'saved', RETRY_WAIT);
    expect(await saveState(page, QUESTION).textContent()).to.match(/^Saved · \d{2}:\d{2}/);
    expect(await page.textContent('#save-summary')).to.equal('Saved');
    expect((await storedAnswer(assessmentId, QUESTION))?.value).to.equal(typed);
    expect(await unsavedQueue(page, assessmentId)).to.deep.equal({});

    // The server answers but cannot save (503): "Not saved", and the Retry button saves it.
    await page.route(answers, (route) =>
      route.fulfill({ status: 503, json: { error: { message: 'busy' } } }),
    );
    const changed = `${typed} Identity is checked first.`;
    await page.fill(FIELD, changed);
    await waitForSaveState(page, QUESTION, 'failed');
    expect(await saveState(page, QUESTION).textContent()).to.equal('Not saved Retry');
    expect((await unsavedQueue(page, assessmentId))[QUESTION]?.value).to.equal(changed);
    await page.unroute(answers);
    await saveState(page, QUESTION).getByRole('button', { name: 'Retry' }).click();
    await waitForSaveState(page, QUESTION, 'saved');
    const stored = await storedAnswer(assessmentId, QUESTION);
    expect(stored?.value).to.equal(changed);
    expect(stored?.valueRevision).to.equal(2);
    expect(unexpectedProblems()).to.deep.equal([]);
  });

  it('flaky connection: the page is reloaded before the connection returns → the typed answer is put back from localStorage and saved later', async () => {
    const page = await openSection();
    const answers = `**/assessments/${assessmentId}/answers/${QUESTION}`;
    await page.route(answers, (route) => route.abort('internetdisconnected'));
    const typed = 'Requests are answered by the privacy team within 15 days.';
    await page.fill(FIELD, typed);
    await page.fill(`#note_${QUESTION}`, 'See our privacy notice, section 7.');
    await waitForSaveState(page, QUESTION, 'offline');

    await page.reload();
    expect(await page.inputValue(FIELD)).to.equal(typed);
    expect(await page.inputValue(`#note_${QUESTION}`)).to.equal('See our privacy notice, section 7.');
    // Put back and tried again at once: still no connection.
    await waitForSaveState(page, QUESTION, 'offline');
    expect(await storedAnswer(assessmentId, QUESTION)).to.equal(null);

    await page.unroute(answers);
    await waitForSaveState(page, QUESTION, 'saved', RETRY_WAIT);
    const stored = await storedAnswer(assessmentId, QUESTION);
    expect(stored?.value).to.equal(typed);
    expect(stored?.note).to.equal('See our privacy notice, section 7.');
    expect(await unsavedQueue(page, assessmentId)).to.deep.equal({});
    await page.reload();
    expect(await page.inputValue(FIELD)).to.equal(typed);
    expect(unexpectedProblems()).to.deep.equal([]);
  });

  it('Chinese: an answer and comment typed in Chinese on the Chinese page → saved unchanged and shown again after a reload', async () => {
    const page = await openSection();
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    const answer = '个人信息主体的请求由隐私团队统一受理，核验身份后在15个工作日内答复。';
    const note = '详见《隐私政策》第七节；联系人：王芳。';
    await page.fill(FIELD, answer);
    await page.fill(`#note_${QUESTION}`, note);
    await waitForSaveState(page, QUESTION, 'saved');
    expect(await saveState(page, QUESTION).textContent()).to.match(/^已保存 · /);

    const stored = await storedAnswer(assessmentId, QUESTION);
    expect(stored?.value).to.equal(answer);
    expect(stored?.note).to.equal(note);
    await page.reload();
    expect(await page.inputValue(FIELD)).to.equal(answer);
    expect(await page.inputValue(`#note_${QUESTION}`)).to.equal(note);
    expect(unexpectedProblems()).to.deep.equal([]);
  });
});
