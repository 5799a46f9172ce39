import { expect } from 'chai';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, signIn, signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import { enrolThroughPages, nextCode, postForm, requireMfaForPrivileged } from './support';

/** Pages a forced user tries; every one must lead to the set-up page. */
const ELSEWHERE = ['/', '/account', '/suppliers', '/audit', '/admin/users', '/notifications'];

describe('mfa: the setting "two-step sign-in required for admins and auditors"', () => {
  beforeEach(resetDatabase);

  for (const role of ['admin', 'auditor'] as const) {
    it(`setting on: an ${role} without it signs in with the password and can do nothing but set it up`, async () => {
      await requireMfaForPrivileged(true);
      const user = await createUser({ role });
      const agent = anonymous();
      expect((await signIn(agent, user.email, user.password)).headers.location).to.equal('/');
      for (const path of ELSEWHERE) {
        const response = await agent.get(path);
        expect(response.status, path).to.equal(303);
        expect(response.headers.location, path).to.equal('/account/mfa/setup');
      }
      const setup = await agent.get('/account/mfa/setup');
      expect(setup.status).to.equal(200);
      expect(setup.text).to.include('Your role must sign in with a second step.');
      const post = await postForm(agent, '/notifications/read-all', {}, '/account/mfa/setup');
      expect(post.headers.location, 'a form elsewhere').to.equal('/account/mfa/setup');
      const json = await agent.get('/suppliers').set('Accept', 'application/json');
      expect(json.status, 'a non-page request is refused').to.equal(403);
      // The language switch and signing out still work.
      const language = await postForm(
        agent,
        '/language',
        { locale: 'zh-CN', returnTo: '/account/mfa/setup' },
        '/account/mfa/setup',
      );
      expect(language.headers.location).to.equal('/account/mfa/setup');
      expect((await agent.get('/account/mfa/setup')).text).to.include('设置两步登录');

      await enrolThroughPages(agent);
      expect((await agent.get('/')).status, 'set up: the portal opens').to.equal(200);
      const out = await postForm(agent, '/sign-out', {}, '/');
      expect(out.headers.location).to.equal('/sign-in');
    });
  }

  it('setting on: an admin already signed in when it is switched on is sent to set-up on the next page', async () => {
    const admin = await signedInAs('admin');
    expect((await admin.agent.get('/')).status).to.equal(200);
    await requireMfaForPrivileged(true);
    const next = await admin.agent.get('/');
    expect(next.headers.location).to.equal('/account/mfa/setup');
  });

  it('setting on: procurement and vendors are not forced (two-step sign-in stays optional for them)', async () => {
    await requireMfaForPrivileged(true);
    for (const role of ['procurement', 'vendor'] as const) {
      const signed = await signedInAs(role);
      expect((await signed.agent.get('/')).status, role).to.equal(200);
      expect((await signed.agent.get('/account')).text, role).to.include('Set up two-step sign-in');
    }
  });

  it('setting off: nobody is forced, admins and auditors included', async () => {
    await requireMfaForPrivileged(false);
    for (const role of ['admin', 'auditor', 'procurement', 'vendor'] as const) {
      const signed = await signedInAs(role);
      expect((await signed.agent.get('/')).status, role).to.equal(200);
    }
  });

  it('setting on: an admin cannot turn their two-step sign-in off; with it off again, they can', async () => {
    const admin = await signedInAs('admin');
    const { secret } = await enrolThroughPages(admin.agent);
    await requireMfaForPrivileged(true);
    const page = await admin.agent.get('/account/mfa/disable');
    expect(page.text).to.include('required for your role');
    expect(page.text).not.to.include('action="/account/mfa/disable"');
    const refused = await postForm(
      admin.agent,
      '/account/mfa/disable',
      {
        password: admin.user.password,
        code: await nextCode(secret, admin.user.id),
      },
      '/account',
    );
    expect(refused.headers.location).to.equal('/account');
    expect((await admin.agent.get('/account')).text).to.include('cannot be turned off');
    expect((await UserModel.findById(admin.user.id).lean())?.mfaEnabled).to.equal(true);

    await requireMfaForPrivileged(false);
    const allowed = await postForm(admin.agent, '/account/mfa/disable', {
      password: admin.user.password,
      code: await nextCode(secret, admin.user.id),
    });
    expect(allowed.headers.location).to.equal('/account');
    expect((await admin.agent.get('/account')).text).to.include('Two-step sign-in is off.');
    expect((await UserModel.findById(admin.user.id).lean())?.mfaEnabled).to.equal(false);
  });

  it('turning it off with a wrong password → 422 with the reason beside the password; it stays on', async () => {
    const buyer = await signedInAs('procurement');
    const { secret } = await enrolThroughPages(buyer.agent);
    const response = await postForm(buyer.agent, '/account/mfa/disable', {
      password: 'Not-The-Password-1',
      code: await nextCode(secret, buyer.user.id),
    });
    expect(response.status).to.equal(422);
    expect(response.text).to.include('id="field-password-error"');
    expect((await UserModel.findById(buyer.user.id).lean())?.mfaEnabled).to.equal(true);
  });
});
