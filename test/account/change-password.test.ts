import { expect } from 'chai';
import mongoose from 'mongoose';
import { anonymous, signIn, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { TEST_PASSWORD } from '../helpers/factories';

const NEW_PASSWORD = 'Meadow-Cobalt-Juniper-64';

const auditEvents = () => mongoose.connection.collection('audit_events');
const users = () => mongoose.connection.collection('users');

/** Submits the change-password form of the account page. */
function changePassword(
  signed: SignedIn,
  currentPassword: string,
  newPassword: string,
  confirmPassword = newPassword,
) {
  return signed.post('/account/password', { currentPassword, newPassword, confirmPassword });
}

/** The message shown beside a form field, if any. */
function fieldError(html: string, field: string): string | undefined {
  return new RegExp(`id="field-${field}-error">([^<]*)<`).exec(html)?.[1]?.trim();
}

async function storedHash(userId: string): Promise<unknown> {
  return (await users().findOne({ _id: new mongoose.Types.ObjectId(userId) }))?.passwordHash;
}

describe('account: change password', () => {
  beforeEach(resetDatabase);

  it('the account page shows the profile and the change-password form; a visitor is sent to sign in', async () => {
    const signed = await signedInAs({ role: 'auditor', name: 'Aria Auditor' });
    const page = await signed.agent.get('/account');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Aria Auditor');
    expect(page.text).to.include(signed.user.email);
    expect(page.text).to.include('action="/account/password"');

    const visitor = await anonymous().get('/account');
    expect(visitor.status).to.equal(303);
    expect(visitor.headers.location).to.equal('/sign-in');
  });

  it('a wrong current password → 422 "current password is not correct"; nothing changes and it is audited', async () => {
    const signed = await signedInAs('procurement');
    const hashBefore = await storedHash(signed.user.id);
    const response = await changePassword(signed, 'Not-My-Password-11', NEW_PASSWORD);
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'currentPassword')).to.equal('The current password is not correct.');
    expect(response.text).not.to.include('Not-My-Password-11');
    expect(response.text).not.to.include(NEW_PASSWORD);
    expect(await storedHash(signed.user.id)).to.equal(hashBefore);

    const event = await auditEvents().findOne({ action: 'account.password_change' });
    expect(event?.outcome).to.equal('failure');
    expect(event?.actor?.id).to.equal(signed.user.id);
    expect(event?.details?.reason).to.equal('wrong_current_password');
  });

  it('a new password that is too short → 422 with the minimum length beside the field', async () => {
    const signed = await signedInAs('procurement');
    const response = await changePassword(signed, signed.user.password, 'Tiny-pass-1');
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'newPassword')).to.equal('Use at least 12 characters.');
    expect((await signIn(anonymous(), signed.user.email, signed.user.password)).status).to.equal(303);
  });

  it('a common new password → 422 too easy to guess', async () => {
    const signed = await signedInAs('procurement');
    const response = await changePassword(signed, signed.user.password, 'password1234');
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'newPassword')).to.include('This password is too easy to guess');
    expect((await signIn(anonymous(), signed.user.email, 'password1234')).status).to.equal(401);
  });

  it('a confirmation that differs → 422 beside the confirmation field', async () => {
    const signed = await signedInAs('procurement');
    const response = await changePassword(signed, signed.user.password, NEW_PASSWORD, `${NEW_PASSWORD}x`);
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'confirmPassword')).to.equal('The two passwords do not match.');
    expect((await signIn(anonymous(), signed.user.email, NEW_PASSWORD)).status).to.equal(401);
  });

  it('a new password equal to the current one → 422 "choose a different password"', async () => {
    const signed = await signedInAs('procurement');
    const hashBefore = await storedHash(signed.user.id);
    const response = await changePassword(signed, TEST_PASSWORD, TEST_PASSWORD);
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'newPassword')).to.equal(
      'Choose a password different from the current one.',
    );
    expect(await storedHash(signed.user.id)).to.equal(hashBefore);
  });

  it('empty fields → 422 with "required" beside each', async () => {
    const signed = await signedInAs('procurement');
    const response = await signed.post('/account/password', {
      currentPassword: '',
      newPassword: '',
      confirmPassword: '',
    });
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'currentPassword')).to.equal('This field is required.');
    expect(fieldError(response.text, 'newPassword')).to.equal('This field is required.');
  });

  it('success → 303 to /account with a message; the new password signs in and the old one no longer does', async () => {
    const signed = await signedInAs('vendor');
    const response = await changePassword(signed, signed.user.password, NEW_PASSWORD);
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/account');

    const next = await signed.agent.get('/account');
    expect(next.status).to.equal(200);
    expect(next.text).to.include('Your password has been changed.');
    // The message is shown once only.
    expect((await signed.agent.get('/account')).text).not.to.include('Your password has been changed.');

    expect((await signIn(anonymous(), signed.user.email, NEW_PASSWORD)).status).to.equal(303);
    const old = await signIn(anonymous(), signed.user.email, signed.user.password);
    expect(old.status).to.equal(401);
    expect(old.text).to.include('The email address or password is not correct.');
  });

  it('success ends the user’s other sessions while the current one continues', async () => {
    const signed = await signedInAs('procurement');
    const elsewhere = anonymous();
    expect((await signIn(elsewhere, signed.user.email, signed.user.password)).status).to.equal(303);
    expect((await elsewhere.get('/account')).status).to.equal(200);
    const other = await signedInAs('procurement');

    const response = await changePassword(signed, signed.user.password, NEW_PASSWORD);
    expect(response.status).to.equal(303);

    expect((await signed.agent.get('/account')).status, 'the current session continues').to.equal(200);
    const ended = await elsewhere.get('/account');
    expect(ended.status, 'the other session is ended').to.equal(303);
    expect(ended.headers.location).to.equal('/sign-in');
    expect((await other.agent.get('/account')).status, 'another user is not affected').to.equal(200);
    expect(
      await mongoose.connection
        .collection('sessions')
        .countDocuments({ 'session.passport.user': signed.user.id }),
    ).to.equal(1);
  });

  it('success is audited as account.password_change by the user', async () => {
    const signed = await signedInAs('auditor');
    await changePassword(signed, signed.user.password, NEW_PASSWORD);
    const events = await auditEvents().find({ action: 'account.password_change' }).toArray();
    expect(events).to.have.length(1);
    expect(events[0]?.outcome).to.equal('success');
    expect(events[0]?.actor?.id).to.equal(signed.user.id);
    expect(events[0]?.target?.id).to.equal(signed.user.id);
    expect(JSON.stringify(events[0])).not.to.include(NEW_PASSWORD);
  });

  it('a form without a CSRF token → 403 and the password is unchanged', async () => {
    const signed = await signedInAs('procurement');
    const response = await signed.agent.post('/account/password').type('form').send({
      currentPassword: signed.user.password,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(response.status).to.equal(403);
    expect((await signIn(anonymous(), signed.user.email, signed.user.password)).status).to.equal(303);
  });
});
