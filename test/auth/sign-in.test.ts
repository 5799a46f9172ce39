import { expect } from 'chai';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, csrfToken, signIn } from '../helpers/agents';
import { resetDatabase, testDataDir, testEnv } from '../helpers/environment';
import { createUser } from '../helpers/factories';

function sessionCookie(response: supertest.Response): string | undefined {
  const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
  return cookies.find((cookie) => cookie.startsWith('vetted.sid='))?.split(';')[0];
}

describe('auth: sign-in', () => {
  beforeEach(resetDatabase);

  it('sign-in with the right password → home page, on a new session id that stores only the user id', async () => {
    const user = await createUser({ role: 'admin' });
    const agent = anonymous();
    const before = await agent.get('/sign-in');
    expect(before.status).to.equal(200);
    const token = /name="_csrf" value="([^"]+)"/.exec(before.text)?.[1] ?? '';
    const anonymousCookie = sessionCookie(before);
    expect(anonymousCookie, 'the sign-in form starts an anonymous session for its CSRF token').to.be.a(
      'string',
    );

    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email: user.email, password: user.password });
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/');
    const signedInCookie = sessionCookie(response);
    expect(signedInCookie, 'session id is regenerated at sign-in')
      .to.be.a('string')
      .and.not.equal(anonymousCookie);

    const home = await agent.get('/');
    expect(home.status).to.equal(200);
    expect(home.text).to.include(user.name);

    const sessions = await mongoose.connection
      .collection('sessions')
      .find({ 'session.passport.user': user.id })
      .toArray();
    expect(sessions).to.have.length(1);
    const stored = sessions[0]?.session as Record<string, unknown>;
    expect(stored.passport).to.deep.equal({ user: user.id });
    expect(JSON.stringify(stored)).not.to.include(user.email);
  });

  it('sign-in with a wrong password → 401, the form again with the email kept and no password echoed', async () => {
    const user = await createUser();
    const response = await signIn(anonymous(), user.email, 'Not-The-Password-99');
    expect(response.status).to.equal(401);
    expect(response.text).to.include('The email address or password is not correct.');
    expect(response.text).to.include(`value="${user.email}"`);
    expect(response.text).not.to.include('Not-The-Password-99');
  });

  it('sign-in with an unknown email → the same message as a wrong password', async () => {
    const response = await signIn(anonymous(), 'nobody@example.test', 'Whatever-Password-1');
    expect(response.status).to.equal(401);
    expect(response.text).to.include('The email address or password is not correct.');
  });

  it('sign-in with an empty form → 422 with the reason beside each field', async () => {
    const agent = anonymous();
    const token = await csrfToken(agent, '/sign-in');
    const response = await agent
      .post('/sign-in')
      .type('form')
      .send({ _csrf: token, email: '', password: '' });
    expect(response.status).to.equal(422);
    expect(response.text).to.include('id="field-email-error"');
    expect(response.text).to.include('id="field-password-error"');
    expect(response.text).to.include('This field is required.');
  });

  it('five wrong passwords lock the account for 15 minutes, even against the right password', async () => {
    const user = await createUser();
    const agent = anonymous();
    for (let attempt = 1; attempt <= 4; attempt++) {
      expect((await signIn(agent, user.email, `Wrong-Password-${attempt}x`)).text).to.include('not correct');
    }
    const fifth = await signIn(agent, user.email, 'Wrong-Password-5x');
    expect(fifth.text).to.include('This account is locked');
    expect(fifth.text).to.include('15 minutes');

    const rightPassword = await signIn(agent, user.email, user.password);
    expect(rightPassword.status).to.equal(401);
    expect(rightPassword.text).to.include('This account is locked');

    const stored = await UserModel.findById(user.id).lean();
    const minutes = ((stored?.lockedUntil?.getTime() ?? 0) - Date.now()) / 60_000;
    expect(minutes).to.be.within(14, 15.01);
    const lockout = await mongoose.connection.collection('audit_events').findOne({ action: 'auth.lockout' });
    expect(lockout?.target?.id).to.equal(user.id);
  });

  it('a lock that has run out no longer blocks the right password', async () => {
    const user = await createUser();
    await UserModel.updateOne({ _id: user.id }, { $set: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await signIn(anonymous(), user.email, user.password)).status).to.equal(303);
  });

  it('a successful sign-in resets the failure count', async () => {
    const user = await createUser();
    const agent = anonymous();
    for (let attempt = 1; attempt <= 4; attempt++)
      await signIn(agent, user.email, `Wrong-Password-${attempt}x`);
    expect((await signIn(anonymous(), user.email, user.password)).status).to.equal(303);
    const stored = await UserModel.findById(user.id).lean();
    expect(stored?.failedSignIns).to.equal(0);
  });

  it('a disabled account cannot sign in and is told so only after the right password', async () => {
    const user = await createUser({ disabled: true });
    const wrong = await signIn(anonymous(), user.email, 'Wrong-Password-1x');
    expect(wrong.text).to.include('not correct');
    const right = await signIn(anonymous(), user.email, user.password);
    expect(right.status).to.equal(401);
    expect(right.text).to.include('This account is disabled');
  });

  it('sign-out ends the session: the next page asks to sign in again', async () => {
    const user = await createUser();
    const agent = anonymous();
    await signIn(agent, user.email, user.password);
    const token = await csrfToken(agent);
    const out = await agent.post('/sign-out').type('form').send({ _csrf: token });
    expect(out.status).to.equal(303);
    expect(out.headers.location).to.equal('/sign-in');
    const after = await agent.get('/');
    expect(after.status).to.equal(303);
    expect(after.headers.location).to.equal('/sign-in');
    const events = await mongoose.connection
      .collection('audit_events')
      .find({ action: 'auth.sign_out' })
      .toArray();
    expect(events).to.have.length(1);
  });

  it('a page asked for before signing in is shown after signing in', async () => {
    const user = await createUser({ role: 'admin' });
    const agent = anonymous();
    const asked = await agent.get('/admin/users?role=admin');
    expect(asked.status).to.equal(303);
    expect(asked.headers.location).to.equal('/sign-in');
    const response = await signIn(agent, user.email, user.password);
    expect(response.headers.location).to.equal('/admin/users?role=admin');
  });

  it('sign-in attempts beyond the rate limit from one address → 429', async () => {
    const config = loadConfig(testEnv(testDataDir(), { SIGN_IN_RATE_LIMIT: '3' }));
    const { app } = createApp(config, createLogger('silent'));
    const agent = supertest.agent(app);
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) {
      const token = await csrfToken(agent, '/sign-in');
      const response = await agent
        .post('/sign-in')
        .type('form')
        .send({ _csrf: token, email: 'x@example.test', password: 'Wrong-Password-1x' });
      statuses.push(response.status);
    }
    expect(statuses).to.deep.equal([401, 401, 401, 429]);
  });

  it('sign-in and failures are audited with the email tried', async () => {
    const user = await createUser();
    await signIn(anonymous(), user.email, 'Wrong-Password-1x');
    await signIn(anonymous(), user.email, user.password);
    const events = await mongoose.connection
      .collection('audit_events')
      .find({ action: 'auth.sign_in' })
      .sort({ _id: 1 })
      .toArray();
    expect(events.map((event) => event.outcome)).to.deep.equal(['failure', 'success']);
    expect(events[0]?.actor?.email).to.equal(user.email);
    expect(events[0]?.details?.reason).to.equal('wrong_password');
    expect(events[1]?.actor?.id).to.equal(user.id);
  });
});
