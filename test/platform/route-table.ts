import mongoose from 'mongoose';
import { listOutbox } from '../../src/modules/mail/mailer';
import { UserModel } from '../../src/modules/users/users.model';
import type { Role } from '../../src/modules/users/roles';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { testConfig } from '../helpers/environment';
import { createSupplier, createUser, type TestUser } from '../helpers/factories';

/**
 * Every route of the portal (src/app.ts and src/modules/*\/*.routes.ts), with real ids, a valid
 * form for the state-changing ones and what each kind of visitor must get. Shared by the access
 * matrix and the CSRF tests.
 */

export type Actor = Role | 'anonymous';
export const ACTORS: readonly Actor[] = ['anonymous', 'admin', 'procurement', 'auditor', 'vendor'];

/** Records the routes point at, created once before the tests. */
export interface Fixture {
  agents: Record<Role, SignedIn>;
  /** The supplier the vendor belongs to. */
  ownSupplierId: string;
  /** A supplier the vendor does not belong to. */
  otherSupplierId: string;
  /** A staff account the admin pages work on. */
  targetUserId: string;
  /** A pending vendor invitation (the SHA-256 id of its token). */
  invitationId: string;
  /** A mail in the local outbox. */
  outboxId: string;
}

/** A strong password for forms that set one. */
export const NEW_PASSWORD = 'Quartz-Harbor-Lantern-Meadow-57';
/** A well-formed set-password token that no invitation has. */
export const UNKNOWN_TOKEN = 'unknownTokenThatNoInvitationHas_0123456789';

let unique = 0;
/** A value no other test has used (e-mail addresses must be unique). */
export function uniqueSuffix(): string {
  unique++;
  return `${Date.now().toString(36)}${unique}`;
}

/** What one visitor must get from one route. */
export type Expectation =
  /** Answered: this status, and for redirects this target. */
  | { status: number; location?: string | RegExp }
  /** A page request from a visitor: 303 to the sign-in page. */
  | 'sign-in'
  /** A non-page request from a visitor: 401. */
  | 'unauthorized'
  /** Signed in with a role that may not: 403 and the "Access denied" page. */
  | 'forbidden'
  /** Signed in, but the record is hidden: 404 and the "Page not found" page. */
  | 'not-found';

export interface RouteCase {
  method: 'GET' | 'POST';
  /** The route as written in the router; used in test names. */
  path: string;
  /** Tells apart two rows of the same route (e.g. own and another supplier). */
  note?: string;
  /** The real address; may create a fresh record for this one request. */
  url(fx: Fixture): string | Promise<string>;
  /** A valid form (without _csrf); `me` is the requesting user, undefined for a visitor. */
  form?(fx: Fixture, me: TestUser | undefined): Record<string, string>;
  /** The request would end or replace the shared session: use a fresh signed-in agent. */
  freshAgent?: boolean;
  expect(fx: Fixture): Record<Actor, Expectation>;
}

/** Signed-in users with one of `allowed` roles get `success`, the others 403, visitors sign-in/401. */
function gated(
  method: 'GET' | 'POST',
  allowed: readonly Role[],
  success: Expectation,
  overrides: Partial<Record<Actor, Expectation>> = {},
): Record<Actor, Expectation> {
  const result = {} as Record<Actor, Expectation>;
  for (const actor of ACTORS) {
    result[actor] =
      actor === 'anonymous'
        ? method === 'GET'
          ? 'sign-in'
          : 'unauthorized'
        : allowed.includes(actor)
          ? success
          : 'forbidden';
  }
  return { ...result, ...overrides };
}

/** Everyone, signed in or not, gets `success`. */
function open(
  success: Expectation,
  overrides: Partial<Record<Actor, Expectation>> = {},
): Record<Actor, Expectation> {
  const result = {} as Record<Actor, Expectation>;
  for (const actor of ACTORS) result[actor] = success;
  return { ...result, ...overrides };
}

const ALL: readonly Role[] = ['admin', 'procurement', 'auditor', 'vendor'];
const STAFF: readonly Role[] = ['admin', 'procurement', 'auditor'];
const BUYERS: readonly Role[] = ['admin', 'procurement'];
const ADMIN: readonly Role[] = ['admin'];

const page = { status: 200 };
const redirect = (location: string | RegExp) => ({ status: 303, location });
const toUserList = redirect('/admin/users');
const toInvitations = redirect('/invitations');

/** A fresh staff account for one-shot account actions (disable, reset, …). */
async function freshUserUrl(
  action: string,
  overrides: Parameters<typeof createUser>[0] = {},
): Promise<string> {
  const user = await createUser({ role: 'procurement', ...overrides });
  return `/admin/users/${user.id}/${action}`;
}

export const ROUTES: readonly RouteCase[] = [
  // Health and public pages (src/modules/health, src/modules/auth)
  { method: 'GET', path: '/healthz', url: () => '/healthz', expect: () => open(page) },
  { method: 'GET', path: '/readyz', url: () => '/readyz', expect: () => open(page) },
  {
    method: 'GET',
    path: '/sign-in',
    url: () => '/sign-in',
    // A signed-in user has nothing to do there and is sent home.
    expect: () => open(redirect('/'), { anonymous: page }),
  },
  {
    method: 'POST',
    path: '/sign-in',
    url: () => '/sign-in',
    freshAgent: true,
    form: (fx, me) => {
      const user = me ?? fx.agents.admin.user;
      return { email: user.email, password: user.password };
    },
    expect: () => open(redirect('/')),
  },
  {
    method: 'POST',
    path: '/sign-out',
    url: () => '/sign-out',
    freshAgent: true,
    expect: () => gated('POST', ALL, redirect('/sign-in')),
  },
  {
    method: 'GET',
    path: '/set-password/:token',
    note: 'unknown token',
    url: () => `/set-password/${UNKNOWN_TOKEN}`,
    expect: () => open({ status: 410 }),
  },
  {
    method: 'POST',
    path: '/set-password/:token',
    note: 'unknown token',
    url: () => `/set-password/${UNKNOWN_TOKEN}`,
    form: () => ({ password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    expect: () => open({ status: 410 }),
  },
  {
    method: 'POST',
    path: '/language',
    url: () => '/language',
    form: () => ({ locale: 'en', returnTo: '/account' }),
    expect: () => open(redirect('/account')),
  },

  // Home and own account
  { method: 'GET', path: '/', url: () => '/', expect: () => gated('GET', ALL, page) },
  { method: 'GET', path: '/account', url: () => '/account', expect: () => gated('GET', ALL, page) },
  {
    method: 'POST',
    path: '/account/password',
    url: () => '/account/password',
    freshAgent: true,
    form: (_fx, me) => ({
      currentPassword: me?.password ?? 'Not-Signed-In-Password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }),
    expect: () => gated('POST', ALL, redirect('/account')),
  },

  // User administration (admins only)
  { method: 'GET', path: '/admin/users', url: () => '/admin/users', expect: () => gated('GET', ADMIN, page) },
  {
    method: 'GET',
    path: '/admin/users/new',
    url: () => '/admin/users/new',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/admin/users',
    url: () => '/admin/users',
    form: () => ({ name: 'New Auditor', email: `auditor-${uniqueSuffix()}@example.test`, role: 'auditor' }),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'GET',
    path: '/admin/users/:id',
    url: (fx) => `/admin/users/${fx.targetUserId}`,
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/admin/users/:id',
    url: (fx) => `/admin/users/${fx.targetUserId}`,
    form: () => ({ name: 'Renamed Buyer', role: 'procurement', supplierId: '', locale: '' }),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/disable',
    url: () => freshUserUrl('disable'),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/enable',
    url: () => freshUserUrl('enable', { disabled: true }),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/unlock',
    url: async () => {
      const url = await freshUserUrl('unlock');
      const id = url.split('/')[3];
      await UserModel.updateOne(
        { _id: id },
        { $set: { failedSignIns: 5, lockedUntil: new Date(Date.now() + 10 * 60_000) } },
      );
      return url;
    },
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/reset-password',
    url: () => freshUserUrl('reset-password'),
    expect: () => gated('POST', ADMIN, toUserList),
  },

  // Outbox (admins only)
  {
    method: 'GET',
    path: '/admin/outbox',
    url: () => '/admin/outbox',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'GET',
    path: '/admin/outbox/:id',
    url: (fx) => `/admin/outbox/${fx.outboxId}`,
    expect: () => gated('GET', ADMIN, page),
  },

  // Suppliers
  {
    method: 'GET',
    path: '/suppliers',
    url: () => '/suppliers',
    // A vendor's "list" is their own supplier's page.
    expect: (fx) => gated('GET', ALL, page, { vendor: redirect(`/suppliers/${fx.ownSupplierId}`) }),
  },
  {
    method: 'GET',
    path: '/suppliers/new',
    url: () => '/suppliers/new',
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/suppliers',
    url: () => '/suppliers',
    form: () => ({ name: `Acme ${uniqueSuffix()}` }),
    expect: () => gated('POST', BUYERS, redirect(/^\/suppliers\/[a-f\d]{24}$/)),
  },
  {
    method: 'GET',
    path: '/suppliers/:id',
    note: "the vendor's own supplier",
    url: (fx) => `/suppliers/${fx.ownSupplierId}`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/suppliers/:id',
    note: 'another supplier',
    url: (fx) => `/suppliers/${fx.otherSupplierId}`,
    // The vendor must not even learn that it exists.
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/:id',
    note: 'no such supplier',
    url: () => `/suppliers/${new mongoose.Types.ObjectId().toString()}`,
    expect: () => gated('GET', ALL, 'not-found'),
  },

  // Invitations (admins and procurement)
  {
    method: 'GET',
    path: '/invitations',
    url: () => '/invitations',
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'GET',
    path: '/invitations/new',
    url: (fx) => `/invitations/new?supplierId=${fx.otherSupplierId}`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/invitations',
    url: () => '/invitations',
    form: (fx) => ({
      supplierId: fx.otherSupplierId,
      name: 'Invited Vendor',
      email: `vendor-${uniqueSuffix()}@example.test`,
      locale: '',
    }),
    expect: (fx) => gated('POST', BUYERS, redirect(`/suppliers/${fx.otherSupplierId}`)),
  },
  {
    method: 'POST',
    path: '/invitations/:id/resend',
    url: (fx) => `/invitations/${fx.invitationId}/resend`,
    expect: () => gated('POST', BUYERS, toInvitations),
  },
  {
    method: 'POST',
    path: '/invitations/:id/revoke',
    url: (fx) => `/invitations/${fx.invitationId}/revoke`,
    expect: () => gated('POST', BUYERS, toInvitations),
  },

  // Audit trail (admins and auditors)
  {
    method: 'GET',
    path: '/audit',
    url: () => '/audit',
    expect: () => gated('GET', ['admin', 'auditor'], page),
  },
];

/** The name of a route in test titles: "GET /suppliers/:id (another supplier)". */
export function routeName(route: RouteCase): string {
  return `${route.method} ${route.path}${route.note ? ` (${route.note})` : ''}`;
}

/**
 * Creates the records the routes need: one signed-in user per role (the vendor belongs to its
 * own supplier), another supplier, a staff account, a pending vendor invitation and its mail.
 * Call after resetDatabase().
 */
export async function createFixture(): Promise<Fixture> {
  const admin = await signedInAs('admin');
  const procurement = await signedInAs('procurement');
  const auditor = await signedInAs('auditor');
  const vendor = await signedInAs('vendor');
  const other = await createSupplier({ name: 'Other Supplier Ltd' });
  const target = await createUser({ role: 'procurement', name: 'Target Buyer' });

  const email = `invited-${uniqueSuffix()}@example.test`;
  const invited = await admin.post('/invitations', {
    supplierId: other.id,
    name: 'Invited Person',
    email,
    locale: '',
  });
  if (invited.status !== 303) throw new Error(`fixture invitation failed with ${invited.status}`);
  const invitation = await mongoose.connection.collection('invitations').findOne({ email });
  const mails = await listOutbox(testConfig());
  const mail = mails.find((entry) => entry.to === email);
  if (!invitation || !mail) throw new Error('fixture invitation or its mail is missing');

  return {
    agents: { admin, procurement, auditor, vendor },
    ownSupplierId: vendor.user.supplierId ?? '',
    otherSupplierId: other.id,
    targetUserId: target.id,
    invitationId: String(invitation._id),
    outboxId: mail.id,
  };
}
