import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { listOutbox } from '../../src/modules/mail/mailer';
import { anonymous, csrfToken, signIn, signedInAs, type Agent } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import { ROUTES, createFixture, routeName, type Fixture } from './route-table';

const FORM_EXPIRED = 'The form expired or was sent from another site.';

/** A token of the right shape that this session never issued. */
const WRONG_TOKEN = 'f'.repeat(64);

function assertCsrfRefusal(response: supertest.Response): void {
  expect(response.status, `got ${response.status} ${response.headers.location ?? ''}`).to.equal(403);
  expect(response.text).to.include(FORM_EXPIRED);
}

/** Everything a state-changing request could leave behind. */
async function snapshot(userId: string): Promise<Record<string, unknown>> {
  const count = (name: string) => mongoose.connection.collection(name).countDocuments();
  const me = await mongoose.connection
    .collection('users')
    .findOne({ _id: new mongoose.Types.ObjectId(userId) });
  return {
    users: await count('users'),
    suppliers: await count('suppliers'),
    invitations: await count('invitations'),
    auditEvents: await count('audit_events'),
    mails: (await listOutbox(testConfig())).length,
    locale: me?.locale,
    passwordHash: me?.passwordHash,
  };
}

describe('platform: CSRF protection', () => {
  const postRoutes = ROUTES.filter((route) => route.method === 'POST');

  describe('every state-changing route, for a signed-in admin', () => {
    let fx: Fixture;
    let admin: Agent;
    let adminId: string;

    before(async function () {
      this.timeout(60_000);
      await resetDatabase();
      fx = await createFixture();
      admin = fx.agents.admin.agent;
      adminId = fx.agents.admin.user.id;
    });

    for (const route of postRoutes) {
      it(`${routeName(route)} without the _csrf field → 403 "form expired"; nothing changes, still signed in`, async () => {
        const url = await route.url(fx);
        const form = route.form?.(fx, fx.agents.admin.user) ?? {};
        const before = await snapshot(adminId);
        const response = await admin.post(url).type('form').send(form);
        assertCsrfRefusal(response);
        expect(await snapshot(adminId)).to.deep.equal(before);
        expect(response.headers['set-cookie'] ?? [], 'no language cookie').not.to.satisfy(
          (cookies: string[]) => cookies.some((cookie) => cookie.startsWith('lang=')),
        );
        expect((await admin.get('/account')).status, 'the session survives').to.equal(200);
      });

      it(`${routeName(route)} with a wrong token → 403 "form expired"; nothing changes`, async () => {
        const url = await route.url(fx);
        const form = route.form?.(fx, fx.agents.admin.user) ?? {};
        await csrfToken(admin); // the session has a real token; the request sends another one
        const before = await snapshot(adminId);
        const response = await admin
          .post(url)
          .type('form')
          .send({ ...form, _csrf: WRONG_TOKEN });
        assertCsrfRefusal(response);
        expect(await snapshot(adminId)).to.deep.equal(before);
      });
    }
  });

  describe('tokens', () => {
    beforeEach(resetDatabase);

    it('the sign-in form without a token → 403 "form expired" and the visitor is not signed in', async () => {
      const user = await createUser();
      const agent = anonymous();
      await csrfToken(agent, '/sign-in');
      const response = await agent
        .post('/sign-in')
        .type('form')
        .send({ email: user.email, password: user.password });
      assertCsrfRefusal(response);
      const home = await agent.get('/');
      expect(home.status).to.equal(303);
      expect(home.headers.location).to.equal('/sign-in');
    });

    it('the sign-in form posted with no session at all → 403 "form expired"', async () => {
      const user = await createUser();
      const response = await anonymous()
        .post('/sign-in')
        .type('form')
        .send({ email: user.email, password: user.password, _csrf: WRONG_TOKEN });
      assertCsrfRefusal(response);
    });

    it("a token taken from another user's session → 403; no supplier is created", async () => {
      const alice = await signedInAs('admin');
      const mallory = await signedInAs('admin');
      const aliceToken = await csrfToken(alice.agent);
      await csrfToken(mallory.agent);
      const response = await mallory.agent
        .post('/suppliers')
        .type('form')
        .send({ _csrf: aliceToken, name: 'Planted Supplier' });
      assertCsrfRefusal(response);
      expect(
        await mongoose.connection.collection('suppliers').countDocuments({ name: 'Planted Supplier' }),
      ).to.equal(0);
    });

    it("a visitor's token from before signing in no longer works after signing in (new session)", async () => {
      const user = await createUser({ role: 'admin' });
      const agent = anonymous();
      const oldToken = await csrfToken(agent, '/sign-in');
      expect(
        (
          await agent
            .post('/sign-in')
            .type('form')
            .send({ _csrf: oldToken, email: user.email, password: user.password })
        ).status,
      ).to.equal(303);
      const response = await agent
        .post('/suppliers')
        .type('form')
        .send({ _csrf: oldToken, name: 'Stale Token Ltd' });
      assertCsrfRefusal(response);
    });

    it('the token in the x-csrf-token header instead of the field → accepted: the supplier is created', async () => {
      const { agent } = await signedInAs('procurement');
      const token = await csrfToken(agent);
      const response = await agent
        .post('/suppliers')
        .type('form')
        .set('x-csrf-token', token)
        .send({ name: 'Header Token Ltd' });
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.match(/^\/suppliers\/[a-f\d]{24}$/);
      expect(
        await mongoose.connection.collection('suppliers').countDocuments({ name: 'Header Token Ltd' }),
      ).to.equal(1);
    });

    it('a wrong token in the x-csrf-token header → 403 "form expired"', async () => {
      const { agent } = await signedInAs('procurement');
      await csrfToken(agent);
      const response = await agent
        .post('/suppliers')
        .type('form')
        .set('x-csrf-token', WRONG_TOKEN)
        .send({ name: 'Wrong Header Ltd' });
      assertCsrfRefusal(response);
    });

    it('a script (JSON) request without a token → 403 as JSON, not a page', async () => {
      const { agent } = await signedInAs('procurement');
      const response = await agent
        .post('/suppliers')
        .set('Accept', 'application/json')
        .send({ name: 'Json Ltd' });
      expect(response.status).to.equal(403);
      expect(response.type).to.equal('application/json');
      expect((response.body as { error: { message: string } }).error.message).to.include(FORM_EXPIRED);
    });

    it('the same token keeps working for several forms of one session', async () => {
      const { agent } = await signedInAs('procurement');
      const token = await csrfToken(agent);
      for (const name of ['First Ltd', 'Second Ltd']) {
        const response = await agent.post('/suppliers').type('form').send({ _csrf: token, name });
        expect(response.status, name).to.equal(303);
      }
    });

    it('a signed-in page renders its token into every form (sign-out and language switch)', async () => {
      const user = await createUser({ role: 'auditor' });
      const agent = anonymous();
      await signIn(agent, user.email, user.password);
      const page = await agent.get('/account');
      const forms = page.text.match(/<form[^>]*method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length).to.be.greaterThan(1);
      for (const form of forms) expect(form).to.match(/name="_csrf" value="[^"]{20,}"/);
    });
  });
});
