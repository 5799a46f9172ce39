import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { anonymous, csrfToken, signedInAs } from '../helpers/agents';
import { resetDatabase, testApp, testDataDir, testEnv } from '../helpers/environment';

const root = path.resolve(__dirname, '..', '..');

/** The Content-Security-Policy header as directive → sources. */
function csp(response: supertest.Response): Map<string, string[]> {
  const header = response.headers['content-security-policy'] ?? '';
  const directives = new Map<string, string[]>();
  for (const part of header.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

function cookiesOf(response: supertest.Response): string[] {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []);
}

function attributes(cookie: string): string[] {
  return cookie
    .split(';')
    .slice(1)
    .map((part) => part.trim().toLowerCase());
}

function viewFiles(): string[] {
  return fs
    .readdirSync(path.join(root, 'views'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ejs'))
    .map((file) => path.join('views', file));
}

/** A view without its EJS comments (which may talk about attributes without being markup). */
function markupOf(file: string): string {
  return fs.readFileSync(path.join(root, file), 'utf8').replace(/<%#[\s\S]*?%>/g, '');
}

function assertStrictHeaders(response: supertest.Response, what: string): void {
  const policy = csp(response);
  expect(policy.get('default-src'), `${what}: default-src`).to.deep.equal(["'self'"]);
  expect(policy.get('script-src'), `${what}: script-src`).to.deep.equal(["'self'"]);
  expect(policy.get('style-src'), `${what}: style-src`).to.deep.equal(["'self'"]);
  expect(policy.get('frame-ancestors'), `${what}: frame-ancestors`).to.deep.equal(["'none'"]);
  expect(policy.get('object-src'), `${what}: object-src`).to.deep.equal(["'none'"]);
  expect(String(response.headers['content-security-policy'])).not.to.match(/unsafe-(inline|eval)/);
  expect(response.headers['x-content-type-options'], what).to.equal('nosniff');
  expect(response.headers['referrer-policy'], what).to.equal('no-referrer');
  expect(response.headers['x-powered-by'], what).to.equal(undefined);
}

describe('platform: security headers and the browser-facing surface', () => {
  before(resetDatabase);

  describe('headers', () => {
    it('the sign-in page has a strict CSP, nosniff, no-referrer and no X-Powered-By', async () => {
      const response = await supertest(testApp()).get('/sign-in');
      expect(response.status).to.equal(200);
      assertStrictHeaders(response, '/sign-in');
      const policy = csp(response);
      expect(policy.get('base-uri')).to.deep.equal(["'none'"]);
      expect(policy.get('form-action')).to.deep.equal(["'self'"]);
      expect(policy.has('upgrade-insecure-requests'), 'not over plain http in test mode').to.equal(false);
    });

    it('signed-in pages, error pages, JSON answers and static files carry the same headers', async () => {
      const { agent } = await signedInAs('admin');
      for (const url of ['/', '/admin/users', '/no-such-page', '/static/js/app.js']) {
        assertStrictHeaders(await agent.get(url), url);
      }
      assertStrictHeaders(await supertest(testApp()).get('/healthz'), '/healthz');
      const { agent: vendor } = await signedInAs('vendor');
      assertStrictHeaders(await vendor.get('/admin/users'), '403 page');
    });

    it('the session cookie is HttpOnly, SameSite=Lax, Path=/ and not Secure in test mode', async () => {
      const response = await supertest(testApp()).get('/sign-in');
      const cookie = cookiesOf(response).find((value) => value.startsWith('vetted.sid='));
      expect(cookie, 'the sign-in form starts a session').to.be.a('string');
      const flags = attributes(cookie!);
      expect(flags).to.include('httponly');
      expect(flags).to.include('samesite=lax');
      expect(flags).to.include('path=/');
      expect(flags).not.to.include('secure');
    });

    it('the session cookie after signing in keeps HttpOnly and SameSite=Lax', async () => {
      const agent = anonymous();
      const { user } = await signedInAs('auditor');
      const token = await csrfToken(agent, '/sign-in');
      const response = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: token, email: user.email, password: user.password });
      const cookie = cookiesOf(response).find((value) => value.startsWith('vetted.sid='));
      expect(cookie).to.be.a('string');
      expect(attributes(cookie!)).to.include.members(['httponly', 'samesite=lax']);
    });

    it('with COOKIE_SECURE=true behind a TLS proxy the cookie is Secure and the CSP upgrades requests', async () => {
      const config = loadConfig(testEnv(testDataDir(), { COOKIE_SECURE: 'true', TRUST_PROXY: '1' }));
      const { app } = createApp(config, createLogger('silent'));
      const response = await supertest(app).get('/sign-in').set('X-Forwarded-Proto', 'https');
      const cookie = cookiesOf(response).find((value) => value.startsWith('vetted.sid='));
      expect(cookie).to.be.a('string');
      expect(attributes(cookie!)).to.include.members(['secure', 'httponly', 'samesite=lax']);
      expect(csp(response).has('upgrade-insecure-requests')).to.equal(true);
    });

    it('a page that does not need a session (health check) sets no cookie', async () => {
      const response = await supertest(testApp()).get('/healthz');
      expect(cookiesOf(response)).to.deep.equal([]);
    });

    it('every response carries an X-Request-Id, different for each request', async () => {
      const app = supertest(testApp());
      const responses = [
        await app.get('/sign-in'),
        await app.get('/no-such-page'),
        await app.get('/healthz'),
        await app.get('/static/css/app.css'),
        await app.post('/sign-in').type('form').send({}),
      ];
      const ids = responses.map((response) => response.headers['x-request-id'] ?? '');
      for (const id of ids) expect(id).to.match(/^[\w.-]{8,64}$/);
      expect(new Set(ids).size).to.equal(ids.length);
    });

    it('a well-formed X-Request-Id from the proxy is kept; a malformed one is replaced', async () => {
      const kept = await supertest(testApp()).get('/sign-in').set('X-Request-Id', 'proxy-id-12345678');
      expect(kept.headers['x-request-id']).to.equal('proxy-id-12345678');
      const replaced = await supertest(testApp()).get('/sign-in').set('X-Request-Id', '<script>x</script>');
      expect(replaced.headers['x-request-id']).to.match(/^[\w.-]{8,64}$/);
      expect(replaced.headers['x-request-id']).not.to.include('script');
    });

    it('the error page shows the request id as a support reference', async () => {
      const response = await supertest(testApp())
        .get('/no-such-page')
        .set('X-Request-Id', 'support-ref-0001');
      expect(response.status).to.equal(404);
      expect(response.text).to.include('support-ref-0001');
    });
  });

  describe('request size', () => {
    it('a form body over 100 kB → 413 "Too large"', async () => {
      const response = await supertest(testApp())
        .post('/sign-in')
        .type('form')
        .send({ email: 'x@example.test', password: 'p'.repeat(150 * 1024) });
      expect(response.status).to.equal(413);
      expect(response.text).to.include('Too large');
    });

    it('a JSON body over 100 kB → 413', async () => {
      const response = await supertest(testApp())
        .post('/language')
        .set('Accept', 'application/json')
        .send({ locale: 'en', padding: 'x'.repeat(150 * 1024) });
      expect(response.status).to.equal(413);
      expect(response.type).to.equal('application/json');
    });

    it('a form body just under the limit is read (and then refused for its missing token, not its size)', async () => {
      const response = await supertest(testApp())
        .post('/sign-in')
        .type('form')
        .send({ email: 'x@example.test', password: 'p'.repeat(90 * 1024) });
      expect(response.status).to.equal(403);
    });
  });

  describe('static assets', () => {
    const assets: [string, RegExp][] = [
      ['/static/css/app.css', /^text\/css/],
      ['/static/js/app.js', /javascript/],
      ['/static/vendor/bulma/bulma.min.css', /^text\/css/],
      ['/static/img/favicon.svg', /^image\/svg\+xml/],
    ];
    for (const [url, type] of assets) {
      it(`${url} → 200 with its content type`, async () => {
        const response = await supertest(testApp()).get(url);
        expect(response.status).to.equal(200);
        expect(response.headers['content-type']).to.match(type);
        expect(Number(response.headers['content-length'] ?? response.text.length)).to.be.greaterThan(100);
      });
    }

    it('a missing asset → 404, and no folder listing', async () => {
      expect((await supertest(testApp()).get('/static/css/nope.css')).status).to.equal(404);
      expect((await supertest(testApp()).get('/static/css/')).status).to.equal(404);
    });

    it('files outside public/ cannot be reached through /static', async () => {
      for (const url of [
        '/static/../package.json',
        '/static/%2e%2e/package.json',
        '/static/vendor/bulma/../../../package.json',
      ]) {
        const response = await supertest(testApp()).get(url);
        expect(response.text, url).not.to.include('"dependencies"');
      }
    });

    it('every asset the page layout links to is served', async () => {
      const page = await supertest(testApp()).get('/sign-in');
      const links = [...page.text.matchAll(/(?:href|src)="(\/static\/[^"]+)"/g)].map((match) => match[1]!);
      expect(links.length).to.be.at.least(3);
      for (const link of links) expect((await supertest(testApp()).get(link)).status, link).to.equal(200);
    });
  });

  describe('views (static scan of views/**/*.ejs)', () => {
    const files = viewFiles();

    it('finds the views', () => {
      expect(files.length).to.be.greaterThan(20);
    });

    for (const file of files) {
      it(`${file}: no inline script, no style= attribute, no on…= handler`, () => {
        const markup = markupOf(file);
        for (const match of markup.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
          expect(match[2]!.trim(), `inline script in ${file}`).to.equal('');
          expect(match[1], `external script in ${file}`).to.match(/\bsrc="\/static\//);
        }
        expect(markup, `style= in ${file}`).not.to.match(/\sstyle\s*=/i);
        expect(markup, `<style> in ${file}`).not.to.match(/<style\b/i);
        expect(markup, `event handler in ${file}`).not.to.match(/\son[a-z]+\s*=/i);
        expect(markup, `javascript: URL in ${file}`).not.to.match(/javascript:/i);
      });
    }
  });
});
