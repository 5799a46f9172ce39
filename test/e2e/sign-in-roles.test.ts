import { expect } from 'chai';
import { useBrowser } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { signInThroughForm } from './support';
import { createSupplier, createUser } from '../helpers/factories';

/** What each role's home page shows that the others do not. */
const homeMarkers = {
  admin: { en: 'Users by role', zh: '按角色统计用户' },
  procurement: {
    en: 'Your supplier register and pending vendor invitations.',
    zh: '您的供应商名录和待接受的供应商邀请。',
  },
  auditor: {
    en: 'Read-only view of the supplier register and the audit trail.',
    zh: '供应商名录和审计日志（只读）。',
  },
  vendor: { en: 'You are signed in for 上海云栈科技有限公司.', zh: '您正在代表 上海云栈科技有限公司 登录。' },
} as const;

describe('e2e: each role signs in, sees its home page and switches to Chinese', function () {
  this.timeout(120_000);
  const session = useBrowser();
  beforeEach(resetDatabase);

  for (const role of ['admin', 'procurement', 'auditor', 'vendor'] as const) {
    it(`${role}: sign in → role home page → 中文 → the same page in Chinese, with no CSP violations`, async () => {
      const supplier = await createSupplier({ name: '上海云栈科技有限公司' });
      const user = await createUser({ role, supplierId: role === 'vendor' ? supplier.id : undefined });
      const context = await session.browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(message.text());
      });
      page.on('pageerror', (error) => problems.push(error.message));

      await signInThroughForm(page, session.baseUrl, user);
      expect(await page.locator('h1').first().textContent()).to.equal(`Hello, ${user.name}`);
      expect(await page.textContent('main')).to.include(homeMarkers[role].en);

      await page.getByRole('button', { name: '中文' }).click();
      await page.waitForSelector('html[lang="zh-CN"]');
      expect(await page.locator('h1').first().textContent()).to.equal(`您好，${user.name}`);
      expect(await page.textContent('main')).to.include(homeMarkers[role].zh);

      // The choice is saved to the account: a new browser session opens in Chinese too.
      await context.clearCookies();
      await signInThroughForm(page, session.baseUrl, user);
      expect(await page.getAttribute('html', 'lang')).to.equal('zh-CN');

      expect(problems, 'console errors (CSP violations would show here)').to.deep.equal([]);
      await context.close();
    });
  }
});
