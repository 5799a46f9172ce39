import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { listOutbox, type OutboxEntry } from '../../src/modules/mail';
import { anonymous, csrfToken, signIn, signedInAs, type Agent } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';

const NEW_PASSWORD = 'Harbour-Thistle-Quartz-58';

const users = () => mongoose.connection.collection('users');
const auditEvents = () => mongoose.connection.collection('audit_events');

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

/** Sets a password through a set-password link, as the person who got the mail would. */
async function setPasswordFromLink(agent: Agent, token: string, password: string) {
  const _csrf = await csrfToken(agent, `/set-password/${token}`);
  return agent
    .post(`/set-password/${token}`)
    .type('form')
    .send({ _csrf, password, confirmPassword: password });
}

/** The message shown beside a form field, if any. */
function fieldError(html: string, field: string): string | undefined {
  const pattern = new RegExp(`id="field-${field}-error">([^<]*)<`);
  return pattern.exec(html)?.[1]?.trim();
}

/** The email addresses listed in the user table. */
function listedEmails(html: string): string[] {
  return [...html.matchAll(/<td>([^<\s@]+@[^<\s]+)<\/td>/g)].map((match) => match[1] ?? '');
}

/** The page a redirect leads to (where flash messages are shown). */
async function followRedirect(agent: Agent, response: supertest.Response) {
  expect(response.status, 'a form post answers with a redirect').to.equal(303);
  return agent.get(String(response.headers.location));
}

async function storedUser(id: string) {
  return users().findOne({ _id: new mongoose.Types.ObjectId(id) });
}

async function auditActions(targetId: string): Promise<string[]> {
  const events = await auditEvents().find({ 'target.id': targetId }).sort({ _id: 1 }).toArray();
  return events.map((event) => String(event.action));
}

describe('users: admin pages', () => {
  beforeEach(resetDatabase);

  describe('access', () => {
    it('procurement, auditor and vendor open the user admin → 403; a visitor is sent to sign in', async () => {
      for (const role of ['procurement', 'auditor', 'vendor'] as const) {
        const { agent } = await signedInAs(role);
        const response = await agent.get('/admin/users');
        expect(response.status, role).to.equal(403);
        expect(response.text).to.include('Your role does not allow this action.');
      }
      const visitor = await anonymous().get('/admin/users');
      expect(visitor.status).to.equal(303);
      expect(visitor.headers.location).to.equal('/sign-in');
    });

    it('procurement posts a disable of another user → 403 and the account stays enabled', async () => {
      const target = await createUser({ role: 'auditor' });
      const procurement = await signedInAs('procurement');
      const response = await procurement.post(`/admin/users/${target.id}/disable`);
      expect(response.status).to.equal(403);
      expect((await storedUser(target.id))?.disabled).to.equal(false);
    });

    it('edit page of an unknown or malformed id → 404', async () => {
      const admin = await signedInAs('admin');
      expect(
        (await admin.agent.get(`/admin/users/${new mongoose.Types.ObjectId().toString()}`)).status,
      ).to.equal(404);
      expect((await admin.agent.get('/admin/users/not-an-id')).status).to.equal(404);
    });
  });

  describe('list', () => {
    it('filters by role, state and a search text on name or email', async () => {
      const admin = await signedInAs({ role: 'admin', name: 'Ada Admin', email: 'ada@example.test' });
      await createUser({ role: 'procurement', name: 'Alice Buyer', email: 'alice@example.test' });
      await createUser({
        role: 'auditor',
        name: 'Pending Auditor',
        email: 'pat@example.test',
        withoutPassword: true,
      });
      await createUser({
        role: 'vendor',
        name: 'Victor Vendor',
        email: 'victor@supplier.test',
        disabled: true,
      });
      const locked = await createUser({
        role: 'procurement',
        name: 'Larry Locked',
        email: 'larry@example.test',
      });
      await users().updateOne(
        { _id: new mongoose.Types.ObjectId(locked.id) },
        { $set: { lockedUntil: new Date(Date.now() + 10 * 60_000) } },
      );

      const all = await admin.agent.get('/admin/users');
      expect(all.status).to.equal(200);
      expect(listedEmails(all.text)).to.have.members([
        'ada@example.test',
        'alice@example.test',
        'pat@example.test',
        'victor@supplier.test',
        'larry@example.test',
      ]);
      expect(all.text).to.include('5 users');

      const byRole = await admin.agent.get('/admin/users?role=procurement');
      expect(listedEmails(byRole.text)).to.have.members(['alice@example.test', 'larry@example.test']);

      const pending = await admin.agent.get('/admin/users?state=pending');
      expect(listedEmails(pending.text)).to.deep.equal(['pat@example.test']);
      expect(pending.text).to.include('Waiting for password');

      const lockedList = await admin.agent.get('/admin/users?state=locked');
      expect(listedEmails(lockedList.text)).to.deep.equal(['larry@example.test']);

      const disabled = await admin.agent.get('/admin/users?state=disabled');
      expect(listedEmails(disabled.text)).to.deep.equal(['victor@supplier.test']);

      const active = await admin.agent.get('/admin/users?state=active');
      expect(listedEmails(active.text)).to.have.members(['ada@example.test', 'alice@example.test']);

      const byName = await admin.agent.get('/admin/users?q=ALICE');
      expect(listedEmails(byName.text)).to.deep.equal(['alice@example.test']);

      const byEmail = await admin.agent.get('/admin/users?q=supplier.test');
      expect(listedEmails(byEmail.text)).to.deep.equal(['victor@supplier.test']);

      const combined = await admin.agent.get('/admin/users?role=procurement&state=active&q=a');
      expect(listedEmails(combined.text)).to.deep.equal(['alice@example.test']);
    });

    it('a search text is taken literally, not as a pattern', async () => {
      const admin = await signedInAs('admin');
      await createUser({ name: 'Plain Person' });
      const response = await admin.agent.get('/admin/users?q=.*');
      expect(response.status).to.equal(200);
      expect(listedEmails(response.text)).to.deep.equal([]);
      expect(response.text).to.include('No users match these filters.');
    });

    it('an unknown role or state in the filter → 422, not a crash', async () => {
      const admin = await signedInAs('admin');
      expect((await admin.agent.get('/admin/users?role=superuser')).status).to.equal(422);
      expect((await admin.agent.get('/admin/users?state=sleeping')).status).to.equal(422);
    });
  });

  describe('create', () => {
    it('add a user → 303, a pending account without password hash, and an invitation mail with a link', async () => {
      const admin = await signedInAs('admin');
      expect((await admin.agent.get('/admin/users/new')).status).to.equal(200);

      const response = await admin.post('/admin/users', {
        name: 'Nora Newhire',
        email: 'Nora.Newhire@Example.test',
        role: 'procurement',
        supplierId: '',
        locale: '',
      });
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal('/admin/users');
      const next = await admin.agent.get('/admin/users');
      expect(next.text).to.include('nora.newhire@example.test has been added and invited by email.');
      expect(next.text).to.include('Waiting for password');

      const stored = await users().findOne({ email: 'nora.newhire@example.test' });
      expect(stored, 'stored with a lower-case email').to.not.equal(null);
      expect(stored?.name).to.equal('Nora Newhire');
      expect(stored?.role).to.equal('procurement');
      expect(stored).to.not.have.property('passwordHash');
      expect(stored?.supplier).to.equal(undefined);

      const mail = await latestMailTo('nora.newhire@example.test');
      expect(mail, 'an invitation mail in the outbox').to.not.equal(undefined);
      expect(mail?.subject).to.equal('Your Vetted account is ready');
      expect(mail?.text).to.include('Hello Nora Newhire');
      expect(mail?.text).to.include(`${testConfig().publicUrl}/set-password/`);
      expect(linkToken(mail)).to.have.length.of.at.least(32);
    });

    it('the invitation link sets the password and signs in; afterwards the user signs in normally', async () => {
      const admin = await signedInAs('admin');
      await admin.post('/admin/users', { name: 'Nora Newhire', email: 'nora@example.test', role: 'auditor' });
      const token = linkToken(await latestMailTo('nora@example.test'));

      const invitee = anonymous();
      const page = await invitee.get(`/set-password/${token}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Accept your invitation');
      expect(page.text).to.include('nora@example.test');

      const set = await setPasswordFromLink(invitee, token, NEW_PASSWORD);
      expect(set.status).to.equal(303);
      expect(set.headers.location).to.equal('/');
      const home = await invitee.get('/');
      expect(home.status).to.equal(200);
      expect(home.text).to.include('Welcome to Vetted, Nora Newhire.');

      const stored = await users().findOne({ email: 'nora@example.test' });
      expect(stored?.passwordHash)
        .to.be.a('string')
        .and.match(/^\$argon2id\$/);

      const later = await signIn(anonymous(), 'nora@example.test', NEW_PASSWORD);
      expect(later.status).to.equal(303);
      expect(later.headers.location).to.equal('/');
    });

    it('an invalid email → 422 with the reason beside the email field and the typed values kept', async () => {
      const admin = await signedInAs('admin');
      const response = await admin.post('/admin/users', {
        name: 'Typed Name',
        email: 'not-an-email',
        role: 'procurement',
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'email')).to.equal('Enter an email address such as name@example.com.');
      expect(fieldError(response.text, 'name')).to.equal(undefined);
      expect(response.text).to.include('value="Typed Name"');
      expect(response.text).to.include('value="not-an-email"');
      expect(await users().countDocuments({ name: 'Typed Name' })).to.equal(0);
      expect(await listOutbox(testConfig())).to.have.length(0);
    });

    it('an email that already has an account (in any letter case) → 422 "already exists" beside the email', async () => {
      const admin = await signedInAs('admin');
      await createUser({ email: 'taken@example.test' });
      const response = await admin.post('/admin/users', {
        name: 'Second Person',
        email: 'Taken@Example.test',
        role: 'procurement',
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'email')).to.equal(
        'An account with this email address already exists.',
      );
      expect(response.text).to.include('value="Second Person"');
      expect(await users().countDocuments({ email: 'taken@example.test' })).to.equal(1);
      expect(await listOutbox(testConfig())).to.have.length(0);
    });

    it('a vendor without a supplier → 422 beside the supplier field; no account is created', async () => {
      const admin = await signedInAs('admin');
      const response = await admin.post('/admin/users', {
        name: 'Vera Vendor',
        email: 'vera@supplier.test',
        role: 'vendor',
        supplierId: '',
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'supplierId')).to.equal('Vendor users must belong to a supplier.');
      expect(response.text).to.include('value="Vera Vendor"');
      expect(await users().countDocuments({ email: 'vera@supplier.test' })).to.equal(0);
    });

    it('a staff user with a supplier → 422 beside the supplier field', async () => {
      const admin = await signedInAs('admin');
      const supplier = await createSupplier();
      const response = await admin.post('/admin/users', {
        name: 'Sam Staff',
        email: 'sam@example.test',
        role: 'procurement',
        supplierId: supplier.id,
      });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'supplierId')).to.equal(
        'Only vendor users belong to a supplier; leave this empty for staff.',
      );
      expect(await users().countDocuments({ email: 'sam@example.test' })).to.equal(0);
    });

    it('a vendor with a supplier → stored as that supplier’s user, and the mail names the supplier', async () => {
      const admin = await signedInAs('admin');
      const supplier = await createSupplier({ name: 'Blue Harbour Logistics' });
      const response = await admin.post('/admin/users', {
        name: 'Vera Vendor',
        email: 'vera@supplier.test',
        role: 'vendor',
        supplierId: supplier.id,
      });
      expect(response.status).to.equal(303);
      const stored = await users().findOne({ email: 'vera@supplier.test' });
      expect(String(stored?.supplier)).to.equal(supplier.id);
      expect((await latestMailTo('vera@supplier.test'))?.text).to.include('Blue Harbour Logistics');
    });
  });

  describe('edit', () => {
    it('change name and role → 303 to the list with a message; stored and audited with what changed', async () => {
      const admin = await signedInAs('admin');
      const target = await createUser({ role: 'procurement', name: 'Old Name' });

      const form = await admin.agent.get(`/admin/users/${target.id}`);
      expect(form.status).to.equal(200);
      expect(form.text).to.include('Edit Old Name');
      expect(form.text).to.include('value="Old Name"');

      const response = await admin.post(`/admin/users/${target.id}`, {
        name: 'New Name',
        role: 'auditor',
        supplierId: '',
        locale: '',
      });
      const next = await followRedirect(admin.agent, response);
      expect(response.headers.location).to.equal('/admin/users');
      expect(next.text).to.include(`${target.email} has been updated.`);

      const stored = await storedUser(target.id);
      expect(stored?.name).to.equal('New Name');
      expect(stored?.role).to.equal('auditor');

      const event = await auditEvents().findOne({ action: 'users.update', 'target.id': target.id });
      expect(event?.actor?.id).to.equal(admin.user.id);
      expect(String(event?.details?.changed).split(',')).to.have.members(['name', 'role']);
    });

    it('an empty name on edit → 422 beside the name field; nothing changes', async () => {
      const admin = await signedInAs('admin');
      const target = await createUser({ name: 'Kept Name' });
      const response = await admin.post(`/admin/users/${target.id}`, { name: '  ', role: 'procurement' });
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'name')).to.equal('This field is required.');
      expect((await storedUser(target.id))?.name).to.equal('Kept Name');
    });

    it('changing a role ends that user’s sessions: their next page asks them to sign in', async () => {
      const admin = await signedInAs('admin');
      const target = await signedInAs('procurement');
      expect((await target.agent.get('/')).status).to.equal(200);

      const response = await admin.post(`/admin/users/${target.user.id}`, {
        name: target.user.name,
        role: 'auditor',
      });
      expect(response.status).to.equal(303);

      const after = await target.agent.get('/');
      expect(after.status).to.equal(303);
      expect(after.headers.location).to.equal('/sign-in');
      expect(
        await mongoose.connection
          .collection('sessions')
          .countDocuments({ 'session.passport.user': target.user.id }),
      ).to.equal(0);
      // The admin's own session is untouched.
      expect((await admin.agent.get('/admin/users')).status).to.equal(200);
    });

    it('changing only the name leaves that user signed in', async () => {
      const admin = await signedInAs('admin');
      const target = await signedInAs('procurement');
      const response = await admin.post(`/admin/users/${target.user.id}`, {
        name: 'Renamed Person',
        role: 'procurement',
      });
      expect(response.status).to.equal(303);
      const after = await target.agent.get('/');
      expect(after.status).to.equal(200);
      expect(after.text).to.include('Renamed Person');
    });
  });

  describe('disable and enable', () => {
    it('disable → the user’s open session stops at once and sign-in says the account is disabled', async () => {
      const admin = await signedInAs('admin');
      const target = await signedInAs('procurement');
      expect((await target.agent.get('/')).status).to.equal(200);

      const response = await admin.post(`/admin/users/${target.user.id}/disable`);
      expect(response.headers.location).to.equal('/admin/users');
      const next = await followRedirect(admin.agent, response);
      expect(next.text).to.include(`${target.user.email} has been disabled and signed out.`);

      expect((await storedUser(target.user.id))?.disabled).to.equal(true);
      const after = await target.agent.get('/');
      expect(after.status).to.equal(303);
      expect(after.headers.location).to.equal('/sign-in');

      const again = await signIn(anonymous(), target.user.email, target.user.password);
      expect(again.status).to.equal(401);
      expect(again.text).to.include('This account is disabled.');

      const event = await auditEvents().findOne({ action: 'users.disable', 'target.id': target.user.id });
      expect(event?.actor?.id).to.equal(admin.user.id);
    });

    it('enable a disabled account → it can sign in again', async () => {
      const admin = await signedInAs('admin');
      const target = await createUser({ disabled: true });

      const editPage = await admin.agent.get(`/admin/users/${target.id}`);
      expect(editPage.text).to.include('Enable account');

      const response = await admin.post(`/admin/users/${target.id}/enable`);
      const next = await followRedirect(admin.agent, response);
      expect(next.text).to.include(`${target.email} has been enabled.`);
      expect((await storedUser(target.id))?.disabled).to.equal(false);

      const signedIn = await signIn(anonymous(), target.email, target.password);
      expect(signedIn.status).to.equal(303);
      expect(await auditActions(target.id)).to.include('users.enable');
    });

    it('an admin disabling their own account → an error on the list, and the account stays enabled', async () => {
      const admin = await signedInAs('admin');
      await createUser({ role: 'admin' });
      const response = await admin.post(`/admin/users/${admin.user.id}/disable`);
      expect(response.headers.location).to.equal('/admin/users');
      const next = await followRedirect(admin.agent, response);
      expect(next.text).to.match(/role="alert">\s*You cannot disable your own account\./);

      expect((await storedUser(admin.user.id))?.disabled).to.equal(false);
      expect((await admin.agent.get('/admin/users')).status).to.equal(200);
      expect(await auditEvents().countDocuments({ action: 'users.disable' })).to.equal(0);
    });

    it('another admin may be disabled while one active admin remains', async () => {
      const admin = await signedInAs('admin');
      const other = await createUser({ role: 'admin' });
      const response = await admin.post(`/admin/users/${other.id}/disable`);
      expect(response.status).to.equal(303);
      expect((await storedUser(other.id))?.disabled).to.equal(true);
    });
  });

  describe('the last active administrator', () => {
    it('the only admin demoting themself → refused with an explanation; still an admin', async () => {
      const admin = await signedInAs('admin');
      const response = await admin.post(`/admin/users/${admin.user.id}`, {
        name: admin.user.name,
        role: 'procurement',
      });
      expect(response.status).to.equal(409);
      expect(response.text).to.include(
        'This is the last active administrator; add another administrator first.',
      );
      expect((await storedUser(admin.user.id))?.role).to.equal('admin');
      expect((await admin.agent.get('/admin/users')).status).to.equal(200);
    });

    it('a disabled second admin does not count: demoting the remaining admin is refused', async () => {
      const admin = await signedInAs('admin');
      await createUser({ role: 'admin', disabled: true });
      const response = await admin.post(`/admin/users/${admin.user.id}`, {
        name: admin.user.name,
        role: 'auditor',
      });
      expect(response.status).to.equal(409);
      expect(response.text).to.include('last active administrator');
      expect((await storedUser(admin.user.id))?.role).to.equal('admin');
    });

    it('an admin who never set a password does not count: demoting the only active admin is refused', async () => {
      const admin = await signedInAs('admin');
      await createUser({ role: 'admin', withoutPassword: true });
      const response = await admin.post(`/admin/users/${admin.user.id}`, {
        name: admin.user.name,
        role: 'procurement',
      });
      expect(response.status).to.equal(409);
      expect(response.text).to.include('last active administrator');
      expect((await storedUser(admin.user.id))?.role).to.equal('admin');
    });

    it('with a second active admin, demoting is allowed', async () => {
      const admin = await signedInAs('admin');
      const other = await createUser({ role: 'admin' });
      const response = await admin.post(`/admin/users/${other.id}`, { name: other.name, role: 'auditor' });
      expect(response.status).to.equal(303);
      expect((await storedUser(other.id))?.role).to.equal('auditor');
    });
  });

  describe('reset password', () => {
    it('reset → old password and sessions stop working, a reset mail arrives, its link sets a new password', async () => {
      const admin = await signedInAs('admin');
      const target = await signedInAs('procurement');

      const response = await admin.post(`/admin/users/${target.user.id}/reset-password`);
      const next = await followRedirect(admin.agent, response);
      expect(next.text).to.include(
        `The password of ${target.user.email} was reset; a link to choose a new one has been sent.`,
      );

      expect(await storedUser(target.user.id)).to.not.have.property('passwordHash');
      const openSession = await target.agent.get('/');
      expect(openSession.status).to.equal(303);
      expect(openSession.headers.location).to.equal('/sign-in');
      const oldPassword = await signIn(anonymous(), target.user.email, target.user.password);
      expect(oldPassword.status).to.equal(401);
      expect(oldPassword.text).to.include('The email address or password is not correct.');

      const mail = await latestMailTo(target.user.email);
      expect(mail?.subject).to.equal('Choose a new Vetted password');
      expect(mail?.text).to.include('Your old password no longer works.');
      const token = linkToken(mail);

      const person = anonymous();
      const page = await person.get(`/set-password/${token}`);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('Choose a new password');
      const set = await setPasswordFromLink(person, token, NEW_PASSWORD);
      const home = await followRedirect(person, set);
      expect(set.headers.location).to.equal('/');
      expect(home.text).to.include('Your new password is set and you are signed in.');

      expect((await signIn(anonymous(), target.user.email, NEW_PASSWORD)).status).to.equal(303);
      expect((await signIn(anonymous(), target.user.email, target.user.password)).status).to.equal(401);
      expect(await auditActions(target.user.id)).to.include.members([
        'users.reset_password',
        'account.password_reset',
      ]);
    });

    it('reset of a disabled account → an error on the list; no mail is sent', async () => {
      const admin = await signedInAs('admin');
      const target = await createUser({ disabled: true });
      const response = await admin.post(`/admin/users/${target.id}/reset-password`);
      const next = await followRedirect(admin.agent, response);
      expect(next.text).to.include('Enable the account before resetting its password.');
      expect(await storedUser(target.id)).to.have.property('passwordHash');
      expect(await latestMailTo(target.email)).to.equal(undefined);
    });
  });

  describe('unlock', () => {
    it('unlock clears a sign-in lock: the right password works again at once', async () => {
      const admin = await signedInAs('admin');
      const target = await createUser({ role: 'auditor' });
      await users().updateOne(
        { _id: new mongoose.Types.ObjectId(target.id) },
        { $set: { lockedUntil: new Date(Date.now() + 15 * 60_000), failedSignIns: 3 } },
      );
      const blocked = await signIn(anonymous(), target.email, target.password);
      expect(blocked.status).to.equal(401);
      expect(blocked.text).to.include('This account is locked');

      const editPage = await admin.agent.get(`/admin/users/${target.id}`);
      expect(editPage.text).to.include(`/admin/users/${target.id}/unlock`);

      const response = await admin.post(`/admin/users/${target.id}/unlock`);
      const next = await followRedirect(admin.agent, response);
      expect(next.text).to.include(`${target.email} has been unlocked.`);

      const stored = await storedUser(target.id);
      expect(stored).to.not.have.property('lockedUntil');
      expect(stored?.failedSignIns).to.equal(0);
      expect(listedEmails((await admin.agent.get('/admin/users?state=locked')).text)).to.deep.equal([]);
      expect((await signIn(anonymous(), target.email, target.password)).status).to.equal(303);
    });
  });

  describe('audit trail', () => {
    it('create, update, disable, enable, unlock and reset are each audited with the admin and the user', async () => {
      const admin = await signedInAs('admin');
      await admin.post('/admin/users', {
        name: 'Audited Person',
        email: 'audited@example.test',
        role: 'auditor',
      });
      const created = await users().findOne({ email: 'audited@example.test' });
      const id = String(created?._id);
      await setPasswordFromLink(
        anonymous(),
        linkToken(await latestMailTo('audited@example.test')),
        NEW_PASSWORD,
      );

      await admin.post(`/admin/users/${id}`, { name: 'Audited Person', role: 'procurement' });
      await admin.post(`/admin/users/${id}/disable`);
      await admin.post(`/admin/users/${id}/enable`);
      await users().updateOne(
        { _id: created?._id },
        { $set: { lockedUntil: new Date(Date.now() + 60_000) } },
      );
      await admin.post(`/admin/users/${id}/unlock`);
      await admin.post(`/admin/users/${id}/reset-password`);

      const expected = [
        'users.create',
        'users.update',
        'users.disable',
        'users.enable',
        'users.unlock',
        'users.reset_password',
      ];
      const events = await auditEvents()
        .find({ action: { $in: expected }, 'target.id': id })
        .sort({ _id: 1 })
        .toArray();
      expect(events.map((event) => event.action)).to.deep.equal(expected);
      for (const event of events) {
        expect(event.actor?.id, String(event.action)).to.equal(admin.user.id);
        expect(event.outcome, String(event.action)).to.equal('success');
        expect(event.target?.label, String(event.action)).to.equal('audited@example.test');
      }
    });
  });
});
