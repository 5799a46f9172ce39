import { createHash } from 'node:crypto';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { listOutbox, type OutboxEntry } from '../../src/modules/mail';
import { anonymous, csrfToken, signIn, signedInAs, type Agent, type SignedIn } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import { createSupplier, createUser, type TestSupplier } from '../helpers/factories';

const VENDOR_PASSWORD = 'Granite-Pelican-Saffron-91';

/** An invitation document as stored (only the fields these tests read). */
interface StoredInvitation {
  _id: string;
  email: string;
  expiresAt: Date;
  usedAt?: Date;
  revokedAt?: Date;
}

const invitations = () => mongoose.connection.collection<StoredInvitation>('invitations');
const users = () => mongoose.connection.collection('users');
const auditEvents = () => mongoose.connection.collection('audit_events');

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The newest outbox mail to an address. */
async function latestMailTo(email: string): Promise<OutboxEntry | undefined> {
  return (await listOutbox(testConfig())).find((mail) => mail.to === email);
}

/** The token of the set-password link in a mail. */
function linkToken(mail: OutboxEntry | undefined): string {
  const token = /\/set-password\/([\w-]+)/.exec(mail?.text ?? '')?.[1];
  if (!token) throw new Error(`no set-password link in mail to ${mail?.to ?? '(none)'}`);
  return token;
}

/** Invites a vendor user of a supplier through the invitation form. */
async function inviteVendor(
  inviter: SignedIn,
  supplier: TestSupplier,
  person: { name: string; email: string } = { name: 'Vic Vendor', email: 'vic@vendor.test' },
) {
  return inviter.post('/invitations', { supplierId: supplier.id, ...person, locale: '' });
}

/** Invites a vendor and returns the token of the link they were mailed. */
async function invitedToken(inviter: SignedIn, supplier: TestSupplier, email = 'vic@vendor.test') {
  const response = await inviteVendor(inviter, supplier, { name: 'Vic Vendor', email });
  expect(response.status, 'invitation sent').to.equal(303);
  return linkToken(await latestMailTo(email));
}

/**
 * Posts the set-password form of a link. The CSRF token comes from the sign-in page so that a
 * link that no longer works can be posted to as well.
 */
async function submitPassword(agent: Agent, token: string, password: string, confirmPassword = password) {
  const _csrf = await csrfToken(agent, '/sign-in');
  return agent.post(`/set-password/${token}`).type('form').send({ _csrf, password, confirmPassword });
}

/** The message shown beside a form field, if any. */
function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)?.[1]?.trim();
}

async function invitationFor(email: string) {
  return invitations().findOne({ email }, { sort: { createdAt: -1 } });
}

describe('invitations: vendor users', () => {
  beforeEach(resetDatabase);

  describe('sending', () => {
    it('procurement invites a vendor for a supplier → 303 to the supplier, a pending vendor, a mail naming the supplier', async () => {
      const procurement = await signedInAs({ role: 'procurement', name: 'Petra Buyer' });
      const supplier = await createSupplier({ name: 'Northwind Data Services' });

      const form = await procurement.agent.get(`/invitations/new?supplierId=${supplier.id}`);
      expect(form.status).to.equal(200);
      expect(form.text).to.match(new RegExp(`value="${supplier.id}" selected`));

      const response = await inviteVendor(procurement, supplier, {
        name: 'Vic Vendor',
        email: 'Vic@Vendor.test',
      });
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal(`/suppliers/${supplier.id}`);
      const next = await procurement.agent.get(String(response.headers.location));
      expect(next.text).to.include('An invitation has been sent to vic@vendor.test.');

      const vendor = await users().findOne({ email: 'vic@vendor.test' });
      expect(vendor?.role).to.equal('vendor');
      expect(String(vendor?.supplier)).to.equal(supplier.id);
      expect(vendor).to.not.have.property('passwordHash');

      const mail = await latestMailTo('vic@vendor.test');
      expect(mail?.subject).to.equal('Your Vetted account is ready');
      expect(mail?.text).to.include('Northwind Data Services');
      expect(mail?.text).to.include('Petra Buyer invites you');
      expect(mail?.text).to.include(`${testConfig().publicUrl}/set-password/`);

      const event = await auditEvents().findOne({ action: 'invitations.create' });
      expect(event?.actor?.id).to.equal(procurement.user.id);
      expect(event?.supplier).to.equal(supplier.id);
    });

    it('the database keeps only the SHA-256 of the link token, as the invitation id', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());

      const stored = await invitations().find({}).toArray();
      expect(stored).to.have.length(1);
      expect(stored[0]?._id).to.equal(sha256(token));
      expect(stored[0]?._id).to.match(/^[a-f\d]{64}$/);
      expect(JSON.stringify(stored), 'the raw token is stored nowhere').not.to.include(token);
    });

    it('inviting an email that already has an active account → 422 "already exists" beside the email; no mail', async () => {
      const procurement = await signedInAs('procurement');
      const existing = await createUser({ role: 'procurement', email: 'already@example.test' });
      const response = await inviteVendor(procurement, await createSupplier(), {
        name: 'Someone Else',
        email: existing.email,
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'email')).to.equal(
        'An account with this email address already exists.',
      );
      expect(response.text).to.include('value="Someone Else"');
      expect(await latestMailTo(existing.email)).to.equal(undefined);
      expect(await invitations().countDocuments({})).to.equal(0);
    });

    it('the form sent without a supplier → 422 with an error beside the supplier field and the typed values kept', async () => {
      const procurement = await signedInAs('procurement');
      await createSupplier({ name: 'Some Supplier' });
      const response = await procurement.post('/invitations', {
        supplierId: '',
        name: 'No Supplier',
        email: 'nosupplier@vendor.test',
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'supplierId')).to.be.a('string').and.not.equal('');
      expect(fieldError(response.text, 'name')).to.equal(undefined);
      expect(response.text).to.include('value="No Supplier"');
      expect(response.text).to.include('value="nosupplier@vendor.test"');
      expect(await users().countDocuments({ email: 'nosupplier@vendor.test' })).to.equal(0);
    });

    it('a supplier id that names no supplier → 422 beside the supplier field', async () => {
      const procurement = await signedInAs('procurement');
      const response = await procurement.post('/invitations', {
        supplierId: new mongoose.Types.ObjectId().toString(),
        name: 'Ghost Vendor',
        email: 'ghost@vendor.test',
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'supplierId')).to.equal('Choose one of the options.');
      expect(await users().countDocuments({ email: 'ghost@vendor.test' })).to.equal(0);
    });

    it('auditors and vendors cannot invite → 403; a visitor is sent to sign in', async () => {
      const supplier = await createSupplier();
      for (const role of ['auditor', 'vendor'] as const) {
        const signed = await signedInAs(role);
        expect((await signed.agent.get('/invitations/new')).status, `${role} form`).to.equal(403);
        const response = await inviteVendor(signed, supplier, {
          name: 'X Person',
          email: `${role}-x@vendor.test`,
        });
        expect(response.status, `${role} post`).to.equal(403);
      }
      expect(await users().countDocuments({ email: /-x@vendor\.test$/ })).to.equal(0);
      const visitor = await anonymous().get('/invitations');
      expect(visitor.status).to.equal(303);
      expect(visitor.headers.location).to.equal('/sign-in');
    });
  });

  describe('accepting', () => {
    it('a link works once: the second use shows "already been used" with 410', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());

      const vendor = anonymous();
      const page = await vendor.get(`/set-password/${token}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Accept your invitation');
      expect(page.text).to.include('Welcome, Vic Vendor.');

      const accepted = await submitPassword(vendor, token, VENDOR_PASSWORD);
      expect(accepted.status).to.equal(303);
      expect(accepted.headers.location).to.equal('/');
      expect((await vendor.get('/')).text).to.include('Welcome to Vetted, Vic Vendor.');
      expect((await invitations().findOne({ _id: sha256(token) }))?.usedAt).to.be.instanceOf(Date);

      const again = await anonymous().get(`/set-password/${token}`);
      expect(again.status).to.equal(410);
      expect(again.text).to.include('This link has already been used.');

      const secondPost = await submitPassword(anonymous(), token, 'Another-Quiet-Lantern-27');
      expect(secondPost.status).to.equal(410);
      expect(secondPost.text).to.include('This link has already been used.');
      expect((await signIn(anonymous(), 'vic@vendor.test', 'Another-Quiet-Lantern-27')).status).to.equal(401);
      expect((await signIn(anonymous(), 'vic@vendor.test', VENDOR_PASSWORD)).status).to.equal(303);
      expect(await auditEvents().countDocuments({ action: 'invitations.accept' })).to.equal(1);
    });

    it('an expired link → 410 "expired", and the password cannot be set with it', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());
      await invitations().updateOne(
        { _id: sha256(token) },
        { $set: { expiresAt: new Date(Date.now() - 1000) } },
      );

      const page = await anonymous().get(`/set-password/${token}`);
      expect(page.status).to.equal(410);
      expect(page.text).to.include('This link has expired.');
      const post = await submitPassword(anonymous(), token, VENDOR_PASSWORD);
      expect(post.status).to.equal(410);
      expect(await users().findOne({ email: 'vic@vendor.test' })).to.not.have.property('passwordHash');
    });

    it('a link nobody issued → 410 "not valid"', async () => {
      const page = await anonymous().get(`/set-password/${'x'.repeat(43)}`);
      expect(page.status).to.equal(410);
      expect(page.text).to.include('This link is not valid.');
    });

    it('a too-short password, then a common one → 422 with the reason; the link still works afterwards', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());
      const vendor = anonymous();

      const short = await submitPassword(vendor, token, 'Short-pw-1');
      expect(short.status).to.equal(422);
      expect(fieldError(short.text, 'password')).to.equal('Use at least 12 characters.');
      expect(short.text).not.to.include('Short-pw-1');

      const common = await submitPassword(vendor, token, 'password1234');
      expect(common.status).to.equal(422);
      expect(fieldError(common.text, 'password')).to.include('This password is too easy to guess');

      const stored = await invitations().findOne({ _id: sha256(token) });
      expect(stored).to.not.have.property('usedAt');
      expect((await vendor.get(`/set-password/${token}`)).status).to.equal(200);
      const accepted = await submitPassword(vendor, token, VENDOR_PASSWORD);
      expect(accepted.status).to.equal(303);
    });

    it('a password built from the person’s own name → 422 too easy to guess', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());
      const response = await submitPassword(anonymous(), token, 'VicVendorVicVendor');
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'password')).to.include('too easy to guess');
    });

    it('after an admin renames a pending vendor, a password refused for their new name leaves the link usable', async () => {
      const admin = await signedInAs('admin');
      const supplier = await createSupplier();
      const token = await invitedToken(admin, supplier);
      const vendor = await users().findOne({ email: 'vic@vendor.test' });
      const renamed = await admin.post(`/admin/users/${String(vendor?._id)}`, {
        name: 'Zebulon Quixote',
        role: 'vendor',
        supplierId: supplier.id,
      });
      expect(renamed.status).to.equal(303);

      const refused = await submitPassword(anonymous(), token, 'zebulonquixote');
      expect(refused.status).to.equal(422);
      expect(fieldError(refused.text, 'password')).to.include('too easy to guess');
      expect((await anonymous().get(`/set-password/${token}`)).status, 'the link still works').to.equal(200);
      expect((await submitPassword(anonymous(), token, VENDOR_PASSWORD)).status).to.equal(303);
    });

    it('a confirmation that differs → 422 beside the confirmation; the link still works', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());
      const response = await submitPassword(
        anonymous(),
        token,
        VENDOR_PASSWORD,
        'Granite-Pelican-Saffron-92',
      );
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'confirmPassword')).to.equal('The two passwords do not match.');
      expect(await users().findOne({ email: 'vic@vendor.test' })).to.not.have.property('passwordHash');
      expect((await anonymous().get(`/set-password/${token}`)).status).to.equal(200);
    });

    it('the accepted vendor belongs to that supplier and sees only it: own page yes, another supplier 404', async () => {
      const procurement = await signedInAs('procurement');
      const own = await createSupplier({ name: 'Own Supplier Ltd' });
      const other = await createSupplier({ name: 'Competitor Corp' });
      const token = await invitedToken(procurement, own);
      const vendor = anonymous();
      expect((await submitPassword(vendor, token, VENDOR_PASSWORD)).status).to.equal(303);

      const stored = await users().findOne({ email: 'vic@vendor.test' });
      expect(stored?.role).to.equal('vendor');
      expect(String(stored?.supplier)).to.equal(own.id);

      const list = await vendor.get('/suppliers');
      expect(list.status).to.equal(303);
      expect(list.headers.location).to.equal(`/suppliers/${own.id}`);
      const ownPage = await vendor.get(`/suppliers/${own.id}`);
      expect(ownPage.status).to.equal(200);
      expect(ownPage.text).to.include('Own Supplier Ltd');

      const otherPage = await vendor.get(`/suppliers/${other.id}`);
      expect(otherPage.status).to.equal(404);
      expect(otherPage.text).not.to.include('Competitor Corp');
    });
  });

  describe('revoking and resending', () => {
    it('procurement revokes a pending invitation → its link shows 410 "withdrawn"', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());
      const id = sha256(token);

      const list = await procurement.agent.get('/invitations');
      expect(list.text).to.include(`/invitations/${id}/revoke`);

      const response = await procurement.post(`/invitations/${id}/revoke`);
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal('/invitations');
      const next = await procurement.agent.get('/invitations');
      expect(next.text).to.include('The invitation has been withdrawn.');
      expect(next.text).to.include('Withdrawn');

      const page = await anonymous().get(`/set-password/${token}`);
      expect(page.status).to.equal(410);
      expect(page.text).to.include('This link was withdrawn.');
      expect((await submitPassword(anonymous(), token, VENDOR_PASSWORD)).status).to.equal(410);
      expect(await auditEvents().countDocuments({ action: 'invitations.revoke' })).to.equal(1);
    });

    it('resending an invitation mails a new link and the old one stops working', async () => {
      const procurement = await signedInAs('procurement');
      const oldToken = await invitedToken(procurement, await createSupplier());

      const response = await procurement.post(`/invitations/${sha256(oldToken)}/resend`);
      expect(response.status).to.equal(303);
      const next = await procurement.agent.get('/invitations');
      expect(next.text).to.include('A new link has been sent; the previous one no longer works.');

      const newToken = linkToken(await latestMailTo('vic@vendor.test'));
      expect(newToken).to.not.equal(oldToken);
      const oldPage = await anonymous().get(`/set-password/${oldToken}`);
      expect(oldPage.status).to.equal(410);
      expect(oldPage.text).to.include('This link was withdrawn.');
      expect((await submitPassword(anonymous(), oldToken, VENDOR_PASSWORD)).status).to.equal(410);

      expect((await submitPassword(anonymous(), newToken, VENDOR_PASSWORD)).status).to.equal(303);
      expect(await auditEvents().countDocuments({ action: 'invitations.resend' })).to.equal(1);
    });

    it('inviting a still-pending vendor again sends a fresh link; the first one stops working', async () => {
      const procurement = await signedInAs('procurement');
      const supplier = await createSupplier();
      const first = await invitedToken(procurement, supplier);
      const second = await invitedToken(procurement, supplier);
      expect(second).to.not.equal(first);
      expect(await users().countDocuments({ email: 'vic@vendor.test' })).to.equal(1);
      expect((await anonymous().get(`/set-password/${first}`)).status).to.equal(410);
      expect((await anonymous().get(`/set-password/${second}`)).status).to.equal(200);
    });

    it('resending an accepted invitation → an error on the list and no new mail', async () => {
      const procurement = await signedInAs('procurement');
      const token = await invitedToken(procurement, await createSupplier());
      await submitPassword(anonymous(), token, VENDOR_PASSWORD);
      const mailsBefore = (await listOutbox(testConfig())).length;

      const response = await procurement.post(`/invitations/${sha256(token)}/resend`);
      expect(response.status).to.equal(303);
      const next = await procurement.agent.get('/invitations');
      expect(next.text).to.include('This invitation has already been accepted.');
      expect(await listOutbox(testConfig())).to.have.length(mailsBefore);
    });
  });

  describe('what procurement may see', () => {
    it('staff invitations created by an admin are not in procurement’s list, and revoking one → 403', async () => {
      const admin = await signedInAs('admin');
      const procurement = await signedInAs('procurement');
      await admin.post('/admin/users', {
        name: 'Stella Staff',
        email: 'stella@example.test',
        role: 'auditor',
      });
      const staffToken = linkToken(await latestMailTo('stella@example.test'));
      await invitedToken(procurement, await createSupplier(), 'vic@vendor.test');

      const procurementList = await procurement.agent.get('/invitations');
      expect(procurementList.text).to.include('vic@vendor.test');
      expect(procurementList.text).not.to.include('stella@example.test');
      expect(procurementList.text).to.include('1 invitation');

      const adminList = await admin.agent.get('/invitations');
      expect(adminList.text).to.include('stella@example.test');
      expect(adminList.text).to.include('vic@vendor.test');

      const revoke = await procurement.post(`/invitations/${sha256(staffToken)}/revoke`);
      expect(revoke.status).to.equal(403);
      const resend = await procurement.post(`/invitations/${sha256(staffToken)}/resend`);
      expect(resend.status).to.equal(403);
      expect((await anonymous().get(`/set-password/${staffToken}`)).status, 'the link still works').to.equal(
        200,
      );
    });

    it('an admin’s password-reset link for a staff user: hidden from procurement, and revoking it → 403', async () => {
      const admin = await signedInAs('admin');
      const procurement = await signedInAs('procurement');
      const staff = await createUser({ role: 'auditor', email: 'staff@example.test' });
      await admin.post(`/admin/users/${staff.id}/reset-password`);
      const token = linkToken(await latestMailTo(staff.email));

      expect((await procurement.agent.get('/invitations')).text).not.to.include(staff.email);
      expect((await procurement.post(`/invitations/${sha256(token)}/revoke`)).status).to.equal(403);
      expect((await invitationFor(staff.email))?.revokedAt).to.equal(undefined);
    });

    it('an admin’s password-reset link for a vendor user: hidden from procurement, and revoke/resend → 403', async () => {
      const admin = await signedInAs('admin');
      const procurement = await signedInAs('procurement');
      const vendor = await createUser({ role: 'vendor', email: 'reset-me@vendor.test' });
      await admin.post(`/admin/users/${vendor.id}/reset-password`);
      const token = linkToken(await latestMailTo(vendor.email));
      const mailsBefore = (await listOutbox(testConfig())).length;

      expect((await procurement.agent.get('/invitations')).text).not.to.include(vendor.email);
      expect((await procurement.post(`/invitations/${sha256(token)}/revoke`)).status).to.equal(403);
      expect((await procurement.post(`/invitations/${sha256(token)}/resend`)).status).to.equal(403);
      expect((await anonymous().get(`/set-password/${token}`)).status, 'the reset link still works').to.equal(
        200,
      );
      expect(await listOutbox(testConfig())).to.have.length(mailsBefore);
    });

    it('a malformed or unknown invitation id → 404', async () => {
      const procurement = await signedInAs('procurement');
      expect((await procurement.post('/invitations/not-a-fingerprint/revoke')).status).to.equal(404);
      expect((await procurement.post(`/invitations/${sha256('nothing')}/revoke`)).status).to.equal(404);
    });

    it('the list filters by link state', async () => {
      const procurement = await signedInAs('procurement');
      const supplier = await createSupplier();
      const used = await invitedToken(procurement, supplier, 'used@vendor.test');
      await submitPassword(anonymous(), used, VENDOR_PASSWORD);
      await invitedToken(procurement, supplier, 'waiting@vendor.test');

      const pending = await procurement.agent.get('/invitations?state=pending');
      expect(pending.text).to.include('waiting@vendor.test');
      expect(pending.text).not.to.include('used@vendor.test');
      const accepted = await procurement.agent.get('/invitations?state=used');
      expect(accepted.text).to.include('used@vendor.test');
      expect(accepted.text).not.to.include('waiting@vendor.test');
    });
  });
});
