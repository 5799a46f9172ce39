import { expect } from 'chai';
import mongoose from 'mongoose';
import { anonymous, csrfToken, signedInAs, type Agent } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import type { TestUser } from '../helpers/factories';
import {
  ACTORS,
  UPLOAD_ROUTES,
  createFixture,
  routeName,
  type Fixture,
  type RouteCase,
} from '../platform/route-table';
import { NAMING_FIXTURE, assertAnswer, describeExpectation } from '../platform/route-checks';
import { changeEventCount } from '../helpers/audit-trail';

/** Everything a refused upload could leave behind. */
async function traces() {
  const count = (name: string, filter: Record<string, unknown> = {}) =>
    mongoose.connection.collection(name).countDocuments(filter);
  return {
    suppliers: await count('suppliers'),
    agreements: await count('agreements'),
    previews: await count('supplier_imports'),
    answerPreviews: await count('answer_imports'),
    files: await count('fs.files'),
    chunks: await count('fs.chunks'),
    changes: await changeEventCount(),
  };
}

/** The file a route uploads, made before the "before" snapshot (making one may leave traces). */
async function fileFor(route: RouteCase, fx: Fixture): Promise<Buffer> {
  if (!route.upload) throw new Error(`${routeName(route)} is not an upload`);
  return route.upload.content(fx);
}

async function send(
  route: RouteCase,
  agent: Agent,
  url: string,
  token: string | undefined,
  file: Buffer,
  fx: Fixture,
  me?: TestUser,
) {
  if (!route.upload) throw new Error(`${routeName(route)} is not an upload`);
  const address = token === undefined ? url : `${url}?_csrf=${encodeURIComponent(token)}`;
  let request = agent.post(address);
  for (const [name, value] of Object.entries(route.form?.(fx, me) ?? {}))
    request = request.field(name, value);
  return request.attach('file', file, route.upload.filename);
}

describe('suppliers: upload routes × every role (multipart, CSRF token in the query)', () => {
  let fx: Fixture;

  before(async function () {
    this.timeout(60_000);
    await resetDatabase();
    fx = await createFixture();
  });

  for (const route of UPLOAD_ROUTES) {
    for (const actor of ACTORS) {
      const named = route.expect(NAMING_FIXTURE)[actor];
      it(`${routeName(route)}: ${actor} → ${describeExpectation(named)}`, async () => {
        const expected = route.expect(fx)[actor];
        const url = await route.url(fx);
        const signed = actor === 'anonymous' ? undefined : fx.agents[actor];
        const agent: Agent = signed?.agent ?? anonymous();
        const me = signed?.user;
        const token = await csrfToken(agent, actor === 'anonymous' ? '/sign-in' : '/account');
        const file = await fileFor(route, fx);
        const before = await traces();
        const response = await send(route, agent, url, token, file, fx, me);
        assertAnswer(response, expected);
        const after = await traces();
        if (typeof expected === 'string') {
          expect(after, 'a refused upload leaves nothing behind').to.deep.equal(before);
        } else if (route.upload?.storesFile) {
          expect(after.files - before.files, 'the accepted file is stored').to.equal(1);
        } else {
          expect(after.files, 'the import reads the file and keeps nothing of it').to.equal(before.files);
        }
      });
    }
  }

  for (const route of UPLOAD_ROUTES) {
    it(`${routeName(route)} without the CSRF token → 403 "form expired"; nothing stored`, async () => {
      const uploader = route.expect(fx).vendor === 'forbidden' ? fx.agents.admin : fx.agents.vendor;
      const url = await route.url(fx);
      await csrfToken(uploader.agent);
      const file = await fileFor(route, fx);
      const before = await traces();
      const response = await send(route, uploader.agent, url, undefined, file, fx, uploader.user);
      expect(response.status).to.equal(403);
      expect(response.text).to.include('The form expired or was sent from another site.');
      expect(await traces()).to.deep.equal(before);
    });

    it(`${routeName(route)} with the token in a form field only → 403; the upload is read only after the check`, async () => {
      const uploader = route.expect(fx).vendor === 'forbidden' ? fx.agents.admin : fx.agents.vendor;
      const url = await route.url(fx);
      const token = await csrfToken(uploader.agent);
      const file = await fileFor(route, fx);
      const before = await traces();
      const response = await uploader.agent
        .post(url)
        .field('_csrf', token)
        .attach('file', file, route.upload?.filename);
      expect(response.status).to.equal(403);
      expect(await traces()).to.deep.equal(before);
    });
  }

  it('a vendor countersigning for their own supplier → accepted; for another supplier → 404 and an access.denied event', async () => {
    const vendor = await signedInAs({ role: 'vendor', supplierId: fx.ownSupplierId });
    const [own, other] = UPLOAD_ROUTES.filter((route) => route.path.endsWith('/countersigned'));
    if (!own || !other) throw new Error('countersigned routes missing');
    const token = await csrfToken(vendor.agent);
    assertAnswer(
      await send(own, vendor.agent, await own.url(fx), token, await fileFor(own, fx), fx),
      own.expect(fx).vendor,
    );
    assertAnswer(
      await send(other, vendor.agent, await other.url(fx), token, await fileFor(other, fx), fx),
      'not-found',
    );
    const denied = await mongoose.connection
      .collection('audit_events')
      .find({ action: 'access.denied', 'actor.id': vendor.user.id })
      .toArray();
    expect(denied, 'the attempt on another supplier is audited').to.have.length(1);
    expect(denied[0]?.target?.id).to.equal(fx.otherSupplierId);
  });
});
