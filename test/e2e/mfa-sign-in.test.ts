import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { useBrowser } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createUser, type TestUser } from '../helpers/factories';
import { nextCode } from '../mfa/support';
import { signInThroughForm, watchForProblems } from './support';

/** Password on the sign-in form; the browser must land on the code page. */
async function passwordOnly(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/sign-in/mfa`);
}

async function signOut(page: Page, baseUrl: string): Promise<void> {
  // The sign-out button sits in the user menu.
  await page.locator('.user-menu [data-toggle="dropdown"]').click();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.waitForURL(`${baseUrl}/sign-in`);
}

describe('e2e: two-step sign-in with an authenticator app and recovery codes', function () {
  this.timeout(120_000);
  const session = useBrowser();
  beforeEach(resetDatabase);

  it('admin: sets it up from the account page, signs in with password + code, then with a recovery code; no console or CSP errors', async () => {
    const admin = await createUser({ role: 'admin' });
    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const base = session.baseUrl;

    await signInThroughForm(page, base, admin);
    await page.goto(`${base}/account`);
    await page.getByRole('link', { name: 'Set up two-step sign-in' }).click();
    await page.waitForURL(`${base}/account/mfa/setup`);
    expect(await page.locator('.mfa-qr svg').count(), 'the QR code is drawn').to.equal(1);
    const secret = ((await page.locator('#mfa-secret').textContent()) ?? '').replace(/\s/g, '');
    expect(secret).to.match(/^[A-Z2-7]{32}$/);
    await page.getByLabel('Code from your authenticator app').fill(await nextCode(secret, admin.id));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('Two-step sign-in is on.').waitFor();
    const recoveryCodes = await page.locator('#recovery-codes code').allTextContents();
    expect(recoveryCodes).to.have.length(10);
    await page.getByRole('link', { name: 'I have saved them' }).click();
    expect(await page.locator('#mfa-state').textContent()).to.equal('On');
    await signOut(page, base);

    // Password, then the code from the app.
    await passwordOnly(page, base, admin);
    await page.getByLabel('Code from your authenticator app').fill(await nextCode(secret, admin.id));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('h1').first().textContent()).to.equal(`Hello, ${admin.name}`);
    await signOut(page, base);

    // Password, then a recovery code instead.
    await passwordOnly(page, base, admin);
    await page.getByRole('link', { name: 'Use a recovery code instead' }).click();
    await page.waitForURL(`${base}/sign-in/recovery`);
    await page.getByLabel('Recovery code').fill(recoveryCodes[0] ?? '');
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.textContent('main')).to.include('9 recovery codes are left');

    expect(problems, 'console errors (CSP violations would show here)').to.deep.equal([]);
    await context.close();
  });

  it('the code page switches to Chinese with the language button while the sign-in waits for the code', async () => {
    const admin = await createUser({ role: 'admin' });
    const context = await session.browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForProblems(page);
    const base = session.baseUrl;

    await signInThroughForm(page, base, admin);
    await page.goto(`${base}/account/mfa/setup`);
    const secret = ((await page.locator('#mfa-secret').textContent()) ?? '').replace(/\s/g, '');
    await page.getByLabel('Code from your authenticator app').fill(await nextCode(secret, admin.id));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('Two-step sign-in is on.').waitFor();
    await context.clearCookies();

    await passwordOnly(page, base, admin);
    await page.getByRole('button', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    expect(page.url()).to.equal(`${base}/sign-in/mfa`);
    expect(await page.locator('h1').textContent()).to.equal('两步登录');
    expect(await page.textContent('main')).to.include('请输入身份验证器应用为 Vetted 显示的 6 位验证码');
    await page.getByLabel('身份验证器应用中的验证码').fill(await nextCode(secret, admin.id));
    await page.getByRole('button', { name: '验证并登录' }).click();
    await page.waitForURL(`${base}/`);
    expect(await page.locator('h1').first().textContent()).to.equal(`您好，${admin.name}`);

    expect(problems, 'console errors (CSP violations would show here)').to.deep.equal([]);
    await context.close();
  });
});
