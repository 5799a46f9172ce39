import { expect } from 'chai';
import mongoose from 'mongoose';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, signIn, signedInAs } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import {
  auditEvents,
  codeFor,
  currentStep,
  enrolThroughPages,
  nextCode,
  passwordStep,
  postForm,
  type Enrolment,
} from './support';

describe('mfa: signing in with a code from an authenticator app', () => {
  let email: string;
  let password: string;
  let userId: string;
  let enrolment: Enrolment;

  beforeEach(async () => {
    await resetDatabase();
    const signed = await signedInAs('admin');
    ({ email, password, id: userId } = signed.user);
    enrolment = await enrolThroughPages(signed.agent);
  });

  it('password right → the code page, not signed in yet; the right code → home page on a new session id, audited with the factor', async () => {
    const agent = await passwordStep(email, password);
    const codePage = await agent.get('/sign-in/mfa');
    expect(codePage.status).to.equal(200);
    expect(codePage.text).to.include('Enter the 6-digit code your authenticator app shows');
    expect(codePage.text).to.include('Use a recovery code instead');
    expect((await agent.get('/')).headers.location, 'not signed in by the password alone').to.equal(
      '/sign-in',
    );
    expect(
      (await auditEvents('auth.sign_in')).filter(
        (event) => event.outcome === 'success' && event.details?.factor !== 'password',
      ),
      'no completed sign-in recorded after the password step',
    ).to.have.length(0);

    const pendingSession = await mongoose.connection
      .collection('sessions')
      .findOne({ 'session.mfaPending.userId': userId });
    expect(pendingSession, 'the session only notes whose code it awaits').not.to.equal(null);
    const response = await postForm(
      agent,
      '/sign-in/mfa',
      { code: await nextCode(enrolment.secret, userId) },
      '/sign-in/mfa',
    );
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/');
    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include('Hello,');
    const stale = await mongoose.connection.collection('sessions').findOne({ _id: pendingSession?._id });
    expect(stale, 'the half-signed-in session id is discarded').to.equal(null);

    const signIns = (await auditEvents('auth.sign_in')).filter((event) => event.details?.factor === 'totp');
    expect(signIns).to.have.length(1);
    expect(signIns[0]?.actor?.email).to.equal(email);
    const steps = await auditEvents('auth.mfa');
    expect(steps.map((event) => event.outcome)).to.deep.equal(['success']);
  });

  it('a wrong code → 401 with the reason beside the field, counted as a failed sign-in and audited with e-mail and ip', async () => {
    const agent = await passwordStep(email, password);
    const response = await postForm(agent, '/sign-in/mfa', { code: '000000' }, '/sign-in/mfa');
    expect(response.status).to.equal(401);
    expect(response.text).to.include('id="field-code-error"');
    expect(response.text).to.include('This code is not correct');
    const user = await UserModel.findById(userId).lean();
    expect(user?.failedSignIns).to.equal(1);
    const failures = await auditEvents('auth.mfa');
    expect(failures).to.have.length(1);
    expect(failures[0]?.outcome).to.equal('failure');
    expect(failures[0]?.actor?.email).to.equal(email);
    expect(failures[0]?.ip).to.be.a('string').and.not.equal('');
    expect((await agent.get('/')).headers.location, 'still not signed in').to.equal('/sign-in');
  });

  it('wrong codes up to the lock-out threshold lock the account like wrong passwords; the password then gets "locked"', async () => {
    const agent = await passwordStep(email, password);
    const threshold = testConfig().lockoutThreshold;
    let last;
    for (let attempt = 0; attempt < threshold; attempt++) {
      last = await postForm(agent, '/sign-in/mfa', { code: '999999' }, '/sign-in/mfa');
    }
    expect(last?.status).to.equal(303);
    expect(last?.headers.location).to.equal('/sign-in');
    const page = await agent.get('/sign-in');
    expect(page.text).to.include('This account is locked');
    expect((await UserModel.findById(userId).lean())?.lockedUntil).to.be.instanceOf(Date);
    expect(await auditEvents('auth.lockout')).to.have.length(1);
    const again = await signIn(anonymous(), email, password);
    expect(again.status).to.equal(401);
    expect(again.text).to.include('This account is locked');
  });

  it('the same code replayed for a second sign-in within its time step → refused', async () => {
    const code = await nextCode(enrolment.secret, userId);
    const first = await passwordStep(email, password);
    expect((await postForm(first, '/sign-in/mfa', { code }, '/sign-in/mfa')).headers.location).to.equal('/');
    const second = await passwordStep(email, password);
    const replay = await postForm(second, '/sign-in/mfa', { code }, '/sign-in/mfa');
    expect(replay.status).to.equal(401);
    expect(replay.text).to.include('This code is not correct, or it was used already.');
  });

  it('a code from a time step long past → refused', async () => {
    const agent = await passwordStep(email, password);
    const old = await codeFor(enrolment.secret, currentStep() - 10);
    const response = await postForm(agent, '/sign-in/mfa', { code: old }, '/sign-in/mfa');
    expect(response.status).to.equal(401);
  });

  it('after 5 minutes the waiting second step expires: the code page and a right code send back to the password', async () => {
    const agent = await passwordStep(email, password);
    await mongoose.connection
      .collection('sessions')
      .updateMany(
        { 'session.mfaPending.userId': userId },
        { $set: { 'session.mfaPending.at': Date.now() - 5 * 60_000 - 1000 } },
      );
    const response = await postForm(
      agent,
      '/sign-in/mfa',
      { code: await nextCode(enrolment.secret, userId) },
      '/sign-in',
    );
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/sign-in');
    const page = await agent.get('/sign-in');
    expect(page.text).to.include('The sign-in took too long or was interrupted.');
    expect((await agent.get('/')).headers.location).to.equal('/sign-in');
    expect((await agent.get('/sign-in/mfa')).headers.location, 'nothing waits any more').to.equal('/sign-in');
  });

  it('a user without two-step sign-in is signed in by the password alone, audited with factor "password"', async () => {
    const plain = await createUser({ role: 'procurement' });
    const response = await signIn(anonymous(), plain.email, plain.password);
    expect(response.headers.location).to.equal('/');
    const events = (await auditEvents('auth.sign_in')).filter((event) => event.actor?.email === plain.email);
    expect(events.map((event) => event.details?.factor)).to.deep.equal(['password']);
  });
});
