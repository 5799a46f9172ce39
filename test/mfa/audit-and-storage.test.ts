import { expect } from 'chai';
import mongoose from 'mongoose';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, signIn, signedInAs } from '../helpers/agents';
import { listOutbox } from '../../src/modules/mail';
import { resetDatabase, testConfig } from '../helpers/environment';
import { auditEvents, enrolThroughPages, nextCode, passwordStep, postForm } from './support';

describe('mfa: audit trail and what the database keeps', () => {
  beforeEach(resetDatabase);

  it('set-up, new recovery codes, a used recovery code and turning it off each leave an audit event of the user', async () => {
    const buyer = await signedInAs('procurement');
    const { secret, recoveryCodes } = await enrolThroughPages(buyer.agent);
    const regenerated = await postForm(buyer.agent, '/account/mfa/recovery-codes', {
      code: await nextCode(secret, buyer.user.id),
    });
    expect(regenerated.status).to.equal(200);
    const fresh = /<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/.exec(regenerated.text)?.[1] ?? '';

    const agent = await passwordStep(buyer.user.email, buyer.user.password);
    expect(
      (await postForm(agent, '/sign-in/recovery', { code: fresh }, '/sign-in/recovery')).headers.location,
    ).to.equal('/');
    const disabled = await postForm(agent, '/account/mfa/disable', {
      password: buyer.user.password,
      code: await nextCode(secret, buyer.user.id),
    });
    expect(disabled.headers.location).to.equal('/account');

    for (const action of ['mfa.enrol', 'mfa.recovery_regenerate', 'mfa.recovery_used', 'mfa.disable']) {
      const events = (await auditEvents(action)).filter((event) => event.outcome === 'success');
      expect(events, action).to.have.length(1);
      expect(events[0]?.target?.id, action).to.equal(buyer.user.id);
    }
    const used = await auditEvents('mfa.recovery_used');
    expect(used[0]?.details?.left).to.equal(9);
    expect(recoveryCodes).not.to.include(fresh);
  });

  it('the database holds the secret only encrypted and the recovery codes only as hashes; sessions hold neither', async () => {
    const admin = await signedInAs('admin');
    const { secret, recoveryCodes } = await enrolThroughPages(admin.agent);
    const raw = await mongoose.connection
      .collection('users')
      .findOne({ _id: new mongoose.Types.ObjectId(admin.user.id) });
    expect(raw?.mfaSecret)
      .to.be.a('string')
      .and.match(/^enc:v1:/);
    expect(raw?.mfaPendingSecret, 'the pending secret is gone once confirmed').to.equal(undefined);
    expect(raw?.recoveryCodes).to.have.length(10);
    for (const stored of raw?.recoveryCodes as string[]) expect(stored).to.match(/^[0-9a-f]{64}$/);
    const everything =
      JSON.stringify(raw) + JSON.stringify(await mongoose.connection.collection('sessions').find().toArray());
    expect(everything).not.to.include(secret);
    for (const code of recoveryCodes) {
      expect(everything).not.to.include(code);
      expect(everything).not.to.include(code.replace('-', ''));
    }
  });

  it('a secret shown for set-up but not confirmed is stored encrypted and does not switch two-step sign-in on', async () => {
    const buyer = await signedInAs('procurement');
    const page = await buyer.agent.get('/account/mfa/setup');
    const secret = (/id="mfa-secret">([A-Z2-7 ]+)</.exec(page.text)?.[1] ?? '').replace(/ /g, '');
    const raw = await UserModel.findById(buyer.user.id).lean();
    expect(raw?.mfaPendingSecret).to.match(/^enc:v1:/);
    expect(JSON.stringify(raw)).not.to.include(secret);
    expect(raw?.mfaEnabled).to.equal(false);
    const again = await signIn(anonymous(), buyer.user.email, buyer.user.password);
    expect(again.headers.location, 'the password alone still signs in').to.equal('/');
  });

  it("an admin resets the two-step sign-in of a user who lost their phone: audited, the user's sessions end, and the password alone signs in again", async () => {
    const buyer = await signedInAs('procurement');
    await enrolThroughPages(buyer.agent);
    const admin = await signedInAs('admin');
    const page = await admin.agent.get(`/admin/users/${buyer.user.id}`);
    expect(page.text).to.include(`action="/admin/users/${buyer.user.id}/reset-mfa"`);

    const reset = await admin.post(`/admin/users/${buyer.user.id}/reset-mfa`);
    expect(reset.headers.location).to.equal('/admin/users');
    expect((await admin.agent.get('/admin/users')).text).to.include('has been reset');
    const signedOut = await buyer.agent.get('/account');
    expect(signedOut.status, 'the session opened with the lost phone has ended').to.equal(303);
    expect(signedOut.headers.location).to.match(/^\/sign-in/);
    const events = await auditEvents('mfa.reset_by_admin');
    expect(events).to.have.length(1);
    expect(events[0]?.actor?.id).to.equal(admin.user.id);
    expect(events[0]?.target?.id).to.equal(buyer.user.id);
    const raw = await UserModel.findById(buyer.user.id).lean();
    expect(raw?.mfaEnabled).to.equal(false);
    expect(raw?.mfaSecret).to.equal(undefined);
    expect(raw?.recoveryCodes ?? []).to.have.length(0);
    expect((await signIn(anonymous(), buyer.user.email, buyer.user.password)).headers.location).to.equal('/');
  });

  it('an admin cannot reset their own two-step sign-in from the user page (only with password and code)', async () => {
    const admin = await signedInAs('admin');
    await enrolThroughPages(admin.agent);
    const reset = await admin.post(`/admin/users/${admin.user.id}/reset-mfa`);
    expect(reset.headers.location).to.equal('/admin/users');
    expect((await admin.agent.get('/admin/users')).text).to.include(
      'Turn off your own two-step sign-in on your account page',
    );
    expect((await UserModel.findById(admin.user.id).lean())?.mfaEnabled).to.equal(true);
    expect(await auditEvents('mfa.reset_by_admin')).to.have.length(0);
  });
});

describe('mfa: a password reset by link', () => {
  beforeEach(resetDatabase);

  it('for a user with two-step sign-in: the new password is set, but the code is still asked for before signing in', async () => {
    const buyer = await signedInAs('procurement');
    const { secret } = await enrolThroughPages(buyer.agent);
    const admin = await signedInAs('admin');
    expect((await admin.post(`/admin/users/${buyer.user.id}/reset-password`)).headers.location).to.equal(
      '/admin/users',
    );
    const mail = (await listOutbox(testConfig())).find((entry) => entry.to === buyer.user.email);
    const token = /\/set-password\/([\w-]+)/.exec(mail?.text ?? '')?.[1] ?? '';
    const agent = anonymous();
    const newPassword = 'Quartz-Harbor-Lantern-Meadow-57';
    const set = await postForm(agent, `/set-password/${token}`, {
      password: newPassword,
      confirmPassword: newPassword,
    });
    expect(set.headers.location).to.equal('/sign-in/mfa');
    expect((await agent.get('/')).headers.location, 'not signed in by the link alone').to.equal('/sign-in');
    const codePage = await agent.get('/sign-in/mfa');
    expect(codePage.text).to.include('Your new password is set. Enter a code to finish signing in.');
    const done = await postForm(agent, '/sign-in/mfa', { code: await nextCode(secret, buyer.user.id) });
    expect(done.headers.location).to.equal('/');
    expect((await agent.get('/')).status).to.equal(200);
  });
});
