import { expect } from 'chai';
import { anonymous, signedInAs } from '../helpers/agents';
import {
  resetDatabase,
  restartDatabase,
  stopDatabase,
  usesEmbeddedDatabase,
  waitForDisconnect,
} from '../helpers/environment';

describe('resilience: database down while running', function () {
  this.timeout(90_000);
  before(function () {
    // Only the embedded server can be stopped and started by the test itself.
    if (!usesEmbeddedDatabase()) this.skip();
  });
  beforeEach(resetDatabase);

  it('database stopped → pages answer 503 with a clear page, health stays up, and everything recovers when it returns', async () => {
    const admin = await signedInAs('admin');
    expect((await admin.agent.get('/')).status).to.equal(200);

    await stopDatabase();
    try {
      await waitForDisconnect();
      const page = await anonymous().get('/sign-in').set('Accept', 'text/html');
      expect(page.status).to.equal(503);
      expect(page.headers['retry-after']).to.equal('5');
      expect(page.text).to.include('Vetted cannot reach its database right now.');
      expect(page.text).to.include('Your data is safe.');

      const chinese = await anonymous().get('/sign-in').set('Accept-Language', 'zh-CN');
      expect(chinese.status).to.equal(503);
      expect(chinese.text).to.include('Vetted 目前无法连接数据库。');

      expect((await admin.agent.get('/admin/users')).status).to.equal(503);
      const json = await anonymous().get('/suppliers').set('Accept', 'application/json');
      expect(json.status).to.equal(503);
      expect(json.body.error.message).to.include('cannot reach its database');

      expect((await anonymous().get('/healthz')).status).to.equal(200);
      expect((await anonymous().get('/readyz')).status).to.equal(503);
    } finally {
      await restartDatabase();
    }

    expect((await anonymous().get('/readyz')).status).to.equal(200);
    expect((await anonymous().get('/sign-in')).status).to.equal(200);
    // Sessions live in the database, so the admin is still signed in after the outage.
    const home = await admin.agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include(admin.user.name);
  });
});
