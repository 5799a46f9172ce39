import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { createCan } from '../../src/lib/authz';
import { hashPassword } from '../../src/lib/passwords';
import { can } from '../../src/modules/access';
import { listOutbox } from '../../src/modules/mail/mailer';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, csrfToken, signIn, signedInAs, type Agent } from '../helpers/agents';
import { changeEventCount } from '../helpers/audit-trail';
import { resetDatabase, testConfig } from '../helpers/environment';
import { TEST_PASSWORD, createSupplier, type TestUser } from '../helpers/factories';
import type { SessionUser } from '../../src/types/session-user';
import {
  ACTORS,
  ROUTES,
  createFixture,
  routeName,
  type Actor,
  type Fixture,
  type RouteCase,
} from './route-table';
import { NAMING_FIXTURE, assertAnswer, describeExpectation } from './route-checks';

/** The agent (and user) that makes the request for one actor. */
async function requester(
  route: RouteCase,
  actor: Actor,
  fx: Fixture,
): Promise<{ agent: Agent; me: TestUser | undefined }> {
  if (actor === 'anonymous') return { agent: anonymous(), me: undefined };
  if (route.freshAgent) {
    const fresh = await signedInAs(
      actor === 'vendor' ? { role: 'vendor', supplierId: fx.ownSupplierId } : { role: actor },
    );
    return { agent: fresh.agent, me: fresh.user };
  }
  return { agent: fx.agents[actor].agent, me: fx.agents[actor].user };
}

/**
 * What a refused request must not have done: create records, send mail or record a change.
 * An alert that access monitoring raises about a refused request (and its mail to admins) is
 * the portal's reaction to it, not a change the request made, so it is left out.
 */
async function traces(): Promise<Record<string, number>> {
  const changes = await changeEventCount();
  const count = (name: string, filter: Record<string, unknown> = {}) =>
    mongoose.connection.collection(name).countDocuments(filter);
  const mails = await listOutbox(testConfig());
  return {
    users: await count('users'),
    suppliers: await count('suppliers'),
    invitations: await count('invitations'),
    changes,
    mails: mails.filter((mail) => !mail.text.includes('/alerts')).length,
  };
}

describe('platform: access matrix (every route × every role)', () => {
  let fx: Fixture;

  before(async function () {
    this.timeout(60_000);
    await resetDatabase();
    fx = await createFixture();
  });

  for (const route of ROUTES) {
    for (const actor of ACTORS) {
      const named = route.expect(NAMING_FIXTURE)[actor];
      it(`${routeName(route)}: ${actor} → ${describeExpectation(named)}`, async () => {
        const expected = route.expect(fx)[actor];
        const { agent, me } = await requester(route, actor, fx);
        const url = await route.url(fx);
        const refused = typeof expected === 'string' && expected !== 'sign-in';

        let response: supertest.Response;
        if (route.method === 'GET') {
          response = await agent.get(url);
        } else {
          // A valid token, so that what answers is the authorization check, not the CSRF check.
          const token = await csrfToken(agent, actor === 'anonymous' ? '/sign-in' : '/account');
          const before = refused ? await traces() : undefined;
          response = await agent
            .post(url)
            .type('form')
            .send({ _csrf: token, ...(route.form?.(fx, me) ?? {}) });
          if (before) expect(await traces(), 'a refused request changes nothing').to.deep.equal(before);
        }
        assertAnswer(response, expected);
      });
    }
  }

  it('GET /suppliers/:id: the page a vendor gets for another supplier is the same as for one that does not exist', async () => {
    const vendor = fx.agents.vendor.agent;
    const missingId = new mongoose.Types.ObjectId().toString();
    const other = await vendor.get(`/suppliers/${fx.otherSupplierId}`);
    const missing = await vendor.get(`/suppliers/${missingId}`);
    // Only the address itself (echoed in the language switch) and the request id may differ.
    const strip = (html: string) =>
      html
        .replaceAll(fx.otherSupplierId, '<id>')
        .replaceAll(missingId, '<id>')
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<request id>');
    expect(other.status).to.equal(missing.status);
    expect(strip(other.text)).to.equal(strip(missing.text));
    expect(other.text).not.to.include('Other Supplier Ltd');
  });

  it("GET /suppliers/:id: a vendor's own supplier page shows their supplier, not another", async () => {
    const response = await fx.agents.vendor.agent.get(`/suppliers/${fx.ownSupplierId}`);
    expect(response.status).to.equal(200);
    const own = await mongoose.connection
      .collection('suppliers')
      .findOne({ _id: new mongoose.Types.ObjectId(fx.ownSupplierId) });
    expect(response.text).to.include(`<h1 class="title">${String(own?.name)}</h1>`);
    expect(response.text).not.to.include('Other Supplier Ltd');
  });

  it('GET /set-password/:token with a malformed (truncated) token → 410, the same "link not valid" page as an unknown token', async () => {
    for (const token of ['abc', 'x'.repeat(19), 'y'.repeat(101), 'has.dots.in.it.0123456789']) {
      const response = await anonymous().get(`/set-password/${token}`);
      expect(response.status, token).to.equal(410);
      expect(response.text).to.include('This link cannot be used');
      expect(response.text).to.include('Check that you copied the whole address.');
    }
  });

  it('POST /set-password/:token with a malformed token → 410 like an unknown token', async () => {
    const agent = anonymous();
    const token = await csrfToken(agent, '/sign-in');
    const response = await agent.post('/set-password/abc').type('form').send({
      _csrf: token,
      password: 'Quartz-Harbor-Lantern-Meadow-57',
      confirmPassword: 'Quartz-Harbor-Lantern-Meadow-57',
    });
    expect(response.status).to.equal(410);
  });
});

describe('platform: vendor scoping without a supplier link', () => {
  before(resetDatabase);

  it('a vendor account that has lost its supplier link sees no supplier at all (not the whole register)', async () => {
    await createSupplier({ name: 'Confidential Alpha' });
    await createSupplier({ name: 'Confidential Beta' });
    await UserModel.create({
      email: 'orphan-vendor@example.test',
      name: 'Orphan Vendor',
      role: 'vendor',
      passwordHash: await hashPassword(TEST_PASSWORD),
    });
    const agent = anonymous();
    expect((await signIn(agent, 'orphan-vendor@example.test', TEST_PASSWORD)).status).to.equal(303);
    const list = await agent.get('/suppliers');
    expect(list.text).not.to.include('Confidential Alpha');
    expect(list.text).not.to.include('Confidential Beta');
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).not.to.include('Confidential');
  });
});

describe('platform: the policy layer (src/lib/authz.ts, src/modules/access.ts)', () => {
  const user = (role: SessionUser['role'], supplierId?: string): SessionUser => ({
    id: new mongoose.Types.ObjectId().toString(),
    email: `${role}@example.test`,
    name: role,
    role,
    supplierId,
    locale: undefined,
  });

  it('no user, an unknown action or an inherited property name → denied', () => {
    expect(can(undefined, 'suppliers.list')).to.equal(false);
    const loose = can as unknown as (user: SessionUser, action: string) => boolean;
    expect(loose(user('admin'), 'suppliers.delete')).to.equal(false);
    expect(loose(user('admin'), 'toString')).to.equal(false);
    expect(loose(user('admin'), '__proto__')).to.equal(false);
  });

  it('a vendor may read only their own supplier; staff may read any', () => {
    const own = new mongoose.Types.ObjectId().toString();
    const other = new mongoose.Types.ObjectId().toString();
    expect(can(user('vendor', own), 'suppliers.read', { id: own })).to.equal(true);
    expect(can(user('vendor', own), 'suppliers.read', { id: other })).to.equal(false);
    expect(can(user('vendor'), 'suppliers.read', { id: other }), 'a vendor without a supplier').to.equal(
      false,
    );
    for (const role of ['admin', 'procurement', 'auditor'] as const)
      expect(can(user(role), 'suppliers.read', { id: other }), role).to.equal(true);
  });

  it('only buyers create suppliers and invite vendors; only admins manage users and read the outbox', () => {
    const roles = ['admin', 'procurement', 'auditor', 'vendor'] as const;
    const allowed = (check: (subject: SessionUser) => boolean) => roles.filter((role) => check(user(role)));
    expect(allowed((subject) => can(subject, 'suppliers.create'))).to.deep.equal(['admin', 'procurement']);
    expect(allowed((subject) => can(subject, 'invitations.inviteVendor', { id: 'x' }))).to.deep.equal([
      'admin',
      'procurement',
    ]);
    expect(allowed((subject) => can(subject, 'users.manage'))).to.deep.equal(['admin']);
    expect(allowed((subject) => can(subject, 'outbox.read'))).to.deep.equal(['admin']);
    expect(allowed((subject) => can(subject, 'audit.read'))).to.deep.equal(['admin', 'auditor']);
    expect(allowed((subject) => can(subject, 'suppliers.overview'))).to.deep.equal([
      'admin',
      'procurement',
      'auditor',
    ]);
  });

  it('only a literal true from a rule grants access; a truthy non-boolean is a denial', () => {
    const rules = {
      sloppy: ((subject: SessionUser) => subject.role as unknown as boolean) as (
        subject: SessionUser,
      ) => boolean,
    };
    const check = createCan(rules);
    expect(check(user('vendor'), 'sloppy')).to.equal(false);
  });
});
