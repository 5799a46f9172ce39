import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'chai';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { signIn } from '../helpers/agents';
import { resetDatabase, testDataDir, testEnv } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';
import { day, textOf } from './support';

const STORE_DELAY_MS = 300;

/**
 * A browser follows a 303 as soon as its headers arrive. These tests do the same with fetch
 * (which resolves on the headers) against an app whose session store answers slowly, as a
 * loaded database does.
 */
describe('agreements: messages after a redirect', () => {
  let server: http.Server | undefined;
  let base: string;
  let cookie: string;

  beforeEach(async () => {
    await resetDatabase();
    const { app, sessions } = createApp(loadConfig(testEnv(testDataDir())), createLogger('silent'));
    const store = sessions.store;
    const set = store.set.bind(store);
    store.set = (sid, session, callback) => {
      setTimeout(() => set(sid, session, callback), STORE_DELAY_MS);
    };
    const user = await createUser({ role: 'procurement' });
    const signedIn = await signIn(supertest.agent(app), user.email, user.password);
    expect(signedIn.status).to.equal(303);
    cookie = ([] as string[])
      .concat(signedIn.headers['set-cookie'] ?? [])
      .map((line) => line.split(';')[0])
      .join('; ');
    const listening = http.createServer(app);
    await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
    server = listening;
    base = `http://127.0.0.1:${(listening.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    const running = server;
    server = undefined;
    if (!running) return;
    running.closeAllConnections();
    await new Promise<void>((resolve) => running.close(() => resolve()));
  });

  it('recording an agreement with a slow session store → the page the redirect leads to still says it was recorded', async () => {
    const supplier = await createSupplier({ name: 'Acme Cloud' });
    const account = await (await fetch(`${base}/account`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]+)"/.exec(account)?.[1] ?? '';
    const form = new URLSearchParams({
      _csrf: token,
      type: 'nda',
      status: 'signed',
      effectiveDate: day(-1),
      expiryDate: day(700),
      sig_name_0: 'Wang Fang',
      sig_party_0: 'company',
    });
    const posted = await fetch(`${base}/suppliers/${supplier.id}/agreements`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      redirect: 'manual',
    });
    expect(posted.status).to.equal(303);
    const location = posted.headers.get('location') ?? '';
    expect(location).to.match(/\/agreements\/[a-f\d]{24}$/);

    const page = await fetch(`${base}${location}`, { headers: { cookie } });
    expect(page.status).to.equal(200);
    expect(textOf(await page.text())).to.include('The agreement has been recorded.');
    await posted.arrayBuffer();
  });
});
