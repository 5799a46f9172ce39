import { expect } from 'chai';
import { signedInAs, type Agent } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { ROUTES, createFixture, routeName, type Fixture } from '../platform/route-table';
import { NAMING_FIXTURE, assertAnswer, describeExpectation } from '../platform/route-checks';
import { enrolThroughPages, passwordStep, postForm } from './support';

/** The pages of the second step itself: the only ones a half-signed-in session gets more from. */
const SECOND_STEP_PAGES = new Set(['/sign-in/mfa', '/sign-in/recovery']);

describe('mfa: what a session waiting for its second factor can reach', () => {
  let fx: Fixture;
  let pending: Agent;

  before(async function () {
    this.timeout(90_000);
    await resetDatabase();
    fx = await createFixture();
    // An admin with two-step sign-in whose password was just accepted: the most to gain.
    const admin = await signedInAs('admin');
    await enrolThroughPages(admin.agent);
    pending = await passwordStep(admin.user.email, admin.user.password);
  });

  it('the code page and the recovery-code page answer 200', async () => {
    for (const path of SECOND_STEP_PAGES) expect((await pending.get(path)).status, path).to.equal(200);
  });

  it('the language switch works and the code page then speaks Chinese', async () => {
    const response = await postForm(
      pending,
      '/language',
      { locale: 'zh-CN', returnTo: '/sign-in/mfa' },
      '/sign-in/mfa',
    );
    expect(response.headers.location).to.equal('/sign-in/mfa');
    expect((await pending.get('/sign-in/mfa')).text).to.include('两步登录');
    await postForm(pending, '/language', { locale: 'en', returnTo: '/sign-in/mfa' }, '/sign-in/mfa');
  });

  for (const route of ROUTES.filter((row) => row.method === 'GET' && !SECOND_STEP_PAGES.has(row.path))) {
    const named = route.expect(NAMING_FIXTURE).anonymous;
    it(`${routeName(route)}: like a visitor → ${describeExpectation(named)}`, async () => {
      assertAnswer(await pending.get(await route.url(fx)), route.expect(fx).anonymous);
    });
  }

  it('signing out is refused like for a visitor (nobody is signed in), and the wait goes on', async () => {
    const response = await postForm(pending, '/sign-out', {}, '/sign-in/mfa');
    expect(response.status).to.equal(401);
    expect((await pending.get('/sign-in/mfa')).status).to.equal(200);
  });
});
