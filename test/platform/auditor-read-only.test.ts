import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { csrfToken, signedInAs, type Agent } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import type { TestUser } from '../helpers/factories';
import { NAMING_FIXTURE, assertAnswer, describeExpectation } from './route-checks';
import {
  ROUTES,
  UPLOAD_ROUTES,
  createFixture,
  routeName,
  type Expectation,
  type Fixture,
  type RouteCase,
} from './route-table';
import { changeEventCount } from '../helpers/audit-trail';

/**
 * Auditors are read-only everywhere: every route that changes something refuses them, except
 * the few that act on the auditor's own session, account, notifications or calendar feed.
 */

const SOURCE = path.resolve(__dirname, '../../src');

/**
 * What an auditor may post: their own actions, which change no supplier data. A route listed
 * here that the route table does not have yet is no failure.
 */
const AUDITORS_OWN_ACTIONS: ReadonlyMap<string, string> = new Map([
  ['/sign-in', 'starts their own session'],
  ['/sign-out', 'ends their own session'],
  ['/language', 'switches the language of their own pages'],
  ['/account/password', 'changes their own password'],
  ['/notifications/read-all', 'marks their own notifications read'],
  ['/notifications/:id/open', 'opens one of their own notifications, which marks it read'],
  ['/notifications/:id/unread', 'marks one of their own notifications unread'],
  ['/schedule/feed', 'makes the secret address of their own calendar feed'],
  ['/schedule/feed/revoke', 'revokes the address of their own calendar feed'],
  ['/verify', 'checks that a PDF is one the portal issued: a read that changes nothing'],
  ['/sign-in/mfa', 'finishes their own sign-in with a code'],
  ['/sign-in/recovery', 'finishes their own sign-in with a recovery code'],
  ['/account/mfa/setup', 'sets up two-step sign-in for their own account'],
  ['/account/mfa/recovery-codes', 'makes new recovery codes for their own account'],
  ['/account/mfa/disable', 'turns off two-step sign-in for their own account'],
  ['/audit/verify', 'recomputes the audit chain: a read that changes nothing but its own audit event'],
]);

/** Every state-changing row of the route table; the upload routes are kept in a list of their own. */
const STATE_CHANGING: readonly RouteCase[] = [...ROUTES, ...UPLOAD_ROUTES].filter(
  (route) => route.method === 'POST',
);

/** One route the source declares. */
interface DeclaredRoute {
  method: string;
  /** With its mount prefix, parameters named `:param`. */
  path: string;
  file: string;
}

/** `/suppliers/:supplierId/reviews/` → `/suppliers/:param/reviews`: names of parameters differ by file. */
function normalised(routePath: string): string {
  const joined = routePath.replace(/\/{2,}/g, '/').replace(/:[A-Za-z_]\w*/g, ':param');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

/**
 * The state-changing routes (post, put, patch, delete) of src/app.ts and
 * src/modules/*\/*.routes.ts, read from their text rather than from the running app, so that
 * a route nobody added to the route table still shows up. The parsing is deliberately simple:
 *
 * - app.ts: `app.use('/prefix', createXRouter(…))` (or without a prefix) gives each router
 *   factory its mount prefix.
 * - a routes file: its `export function createXRouter` names the factory; every
 *   `.post(path, …)` (also put, patch, delete) declares a route. The path must be a string
 *   literal, a template literal, or a name bound by `const name = '…'` in the same file (the
 *   assessments router writes `${answer}/confirm`).
 *
 * Anything else — a path built at run time, `.route()` or `.all()`, a router mounted inside
 * another, a factory app.ts does not mount with a literal prefix — is reported as unreadable,
 * so that the test fails instead of skipping a route.
 */
function declaredRoutes(): { routes: DeclaredRoute[]; unreadable: string[] } {
  const routes: DeclaredRoute[] = [];
  const unreadable: string[] = [];
  const appFile = path.join(SOURCE, 'app.ts');
  const appSource = fs.readFileSync(appFile, 'utf8');

  const prefixes = new Map<string, string[]>();
  for (const mount of appSource.matchAll(/app\.use\(\s*(?:(['"])([^'"]*)\1\s*,\s*)?(create\w+Router)\(/g)) {
    const factory = mount[3] ?? '';
    prefixes.set(factory, [...(prefixes.get(factory) ?? []), mount[2] ?? '']);
  }

  const routeFiles = fs
    .readdirSync(path.join(SOURCE, 'modules'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((folder) =>
      fs
        .readdirSync(path.join(SOURCE, 'modules', folder.name))
        .filter((name) => name.endsWith('.routes.ts'))
        .map((name) => path.join(SOURCE, 'modules', folder.name, name)),
    );

  const read = (file: string, source: string, mountedAt: readonly string[]) => {
    const where = path.relative(SOURCE, file);
    const constants = new Map<string, string>();
    for (const binding of source.matchAll(/const (\w+)\s*=\s*(['"])([^'"]*)\2\s*;/g))
      constants.set(binding[1] ?? '', binding[3] ?? '');
    const resolve = (argument: string): string | undefined => {
      const quoted = /^(['"])([^'"]*)\1$/.exec(argument);
      if (quoted) return quoted[2];
      const template = /^`([^`]*)`$/.exec(argument);
      if (template) {
        // Only `${name}` of a known constant; anything else (an expression, an unknown name) stays
        // unreplaced and makes the path unreadable.
        const text = (template[1] ?? '').replace(
          /\$\{\s*(\w+)\s*\}/g,
          (match, name: string) => constants.get(name) ?? match,
        );
        return text.includes('${') ? undefined : text;
      }
      return constants.get(argument);
    };

    for (const call of source.matchAll(/\.(post|put|patch|delete)\(\s*([^,)]*?)\s*[,)]/g)) {
      const method = call[1] ?? '';
      const routePath = resolve(call[2] ?? '');
      if (routePath === undefined) {
        unreadable.push(`${where}: .${method}(${call[2] ?? ''}, …) — the path is not a literal`);
        continue;
      }
      for (const prefix of mountedAt)
        routes.push({ method: method.toUpperCase(), path: normalised(prefix + routePath), file: where });
    }
    for (const call of source.matchAll(/\.(route|all)\(/g))
      unreadable.push(`${where}: .${call[1] ?? ''}(…) — declares routes this test cannot read`);
  };

  read(appFile, appSource, ['']);
  for (const file of routeFiles) {
    const source = fs.readFileSync(file, 'utf8');
    const where = path.relative(SOURCE, file);
    const factories = [...source.matchAll(/export function (create\w+Router)\(/g)].map(
      (match) => match[1] ?? '',
    );
    const nested = [...source.matchAll(/(create\w+Router)\(/g)]
      .map((match) => match[1] ?? '')
      .filter((name) => !factories.includes(name));
    if (nested.length > 0) unreadable.push(`${where}: mounts another router (${nested.join(', ')})`);
    const factory = factories[0];
    const mountedAt = factory === undefined ? undefined : prefixes.get(factory);
    if (factories.length !== 1 || !mountedAt) {
      unreadable.push(`${where}: no single router factory that app.ts mounts with a literal prefix`);
      continue;
    }
    read(file, source, mountedAt);
  }
  return { routes, unreadable };
}

/** A refusal: the auditor is turned away (403, 404 or another 4xx), not answered or redirected. */
function isRefusal(expected: Expectation): boolean {
  if (expected === 'forbidden' || expected === 'not-found' || expected === 'unauthorized') return true;
  if (expected === 'sign-in') return false;
  return expected.status >= 400 && expected.status < 500;
}

function isAuditorsOwnAction(route: RouteCase): boolean {
  const routePath = normalised(route.path);
  return [...AUDITORS_OWN_ACTIONS.keys()].some((allowed) => normalised(allowed) === routePath);
}

/** The collections an auditor's refused request must leave as they were (counted, not compared). */
const WATCHED_COLLECTIONS = [
  'suppliers',
  'agreements',
  'assessments',
  'answers',
  'findings',
  'reviews',
  'users',
  'invitations',
  'settings',
  'notifications',
  // Uploaded files (agreement PDFs, evidence).
  'fs.files',
] as const;

async function traces(): Promise<Record<string, number>> {
  const count = (name: string, filter: Record<string, unknown> = {}) =>
    mongoose.connection.collection(name).countDocuments(filter);
  const result: Record<string, number> = {};
  for (const name of WATCHED_COLLECTIONS) result[name] = await count(name);
  result['audit_events (changes)'] = await changeEventCount();
  return result;
}

/** Sends a route's valid request: a URL-encoded form, or a multipart upload with the token in the query. */
async function send(
  route: RouteCase,
  agent: Agent,
  url: string,
  token: string,
  form: Record<string, string>,
  file: Buffer | undefined,
): Promise<supertest.Response> {
  if (!route.upload || !file)
    return agent
      .post(url)
      .type('form')
      .send({ _csrf: token, ...form });
  let request = agent.post(`${url}?_csrf=${encodeURIComponent(token)}`);
  for (const [name, value] of Object.entries(form)) request = request.field(name, value);
  return request.attach('file', file, route.upload.filename);
}

describe('platform: auditors are read-only (the route table against the source)', () => {
  it('every state-changing route in src/app.ts and src/modules/*/*.routes.ts is a POST row of the route table', () => {
    const { routes, unreadable } = declaredRoutes();
    expect(unreadable, `routes this test cannot read:\n  ${unreadable.join('\n  ')}`).to.deep.equal([]);
    // A guard against a parser that silently reads nothing.
    expect(routes.map((route) => `${route.method} ${route.path}`)).to.include(
      'POST /suppliers/:param/status',
    );

    const inTable = new Set(STATE_CHANGING.map((route) => normalised(route.path)));
    const missing = [
      ...new Set(
        routes
          .filter((route) => route.method !== 'POST' || !inTable.has(route.path))
          .map((route) => `${route.method} ${route.path} (${route.file})`),
      ),
    ];
    expect(
      missing,
      `state-changing routes missing from ROUTES/UPLOAD_ROUTES in test/platform/route-table.ts:\n  ${missing.join('\n  ')}`,
    ).to.deep.equal([]);
  });

  it("every state-changing route refuses auditors, except the auditor's own actions in the allow-list", () => {
    const allowed = STATE_CHANGING.filter((route) => !isRefusal(route.expect(NAMING_FIXTURE).auditor));
    const offending = allowed
      .filter((route) => !isAuditorsOwnAction(route))
      .map((route) => `${routeName(route)} → ${describeExpectation(route.expect(NAMING_FIXTURE).auditor)}`);
    expect(
      offending,
      `routes that let an auditor change something:\n  ${offending.join('\n  ')}`,
    ).to.deep.equal([]);
  });
});

describe('platform: auditors are read-only (each refused route, sent for real)', () => {
  let fx: Fixture;

  before(async function () {
    this.timeout(60_000);
    await resetDatabase();
    fx = await createFixture();
  });

  for (const route of STATE_CHANGING.filter((item) => isRefusal(item.expect(NAMING_FIXTURE).auditor))) {
    it(`${routeName(route)}: an auditor is refused and nothing changes`, async () => {
      const expected = route.expect(fx).auditor;
      // The request may end the session: a fresh auditor then, like the access matrix.
      const auditor = route.freshAgent ? await signedInAs('auditor') : fx.agents.auditor;
      const me: TestUser = auditor.user;
      const url = await route.url(fx);
      const form = route.form?.(fx, me) ?? {};
      const file = route.upload ? await route.upload.content(fx) : undefined;
      // A valid token, so that what answers is the authorization check, not the CSRF check.
      const token = await csrfToken(auditor.agent);

      const before = await traces();
      const response = await send(route, auditor.agent, url, token, form, file);
      assertAnswer(response, expected);
      expect(response.status, 'a refusal').to.be.within(400, 499);
      expect(await traces(), 'a refused request changes nothing').to.deep.equal(before);
    });
  }
});
