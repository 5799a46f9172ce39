import { expect } from 'chai';
import mongoose from 'mongoose';
import { generate } from 'otplib';
import { SettingsModel } from '../../src/modules/settings/settings.model';
import { resetSettingsCache } from '../../src/modules/settings';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, csrfToken, signIn, type Agent } from '../helpers/agents';

/**
 * Two-step sign-in as a user goes through it: set up on the account pages (the secret read
 * from the page, as a person types it into an app), codes computed like an authenticator app.
 */

const PERIOD = 30;

/** The TOTP time step of now. */
export function currentStep(): number {
  return Math.floor(Date.now() / 1000 / PERIOD);
}

/** The code an authenticator app shows for `secret` in time step `step`. */
export function codeFor(secret: string, step: number): Promise<string> {
  return generate({ secret, epoch: step * PERIOD });
}

/**
 * A code the portal has not accepted yet: the step after the last one it accepted. The portal
 * takes one step of clock drift either way, so after set-up a test has two codes (now and the
 * next step) before it would have to wait.
 */
export async function nextCode(secret: string, userId: string): Promise<string> {
  const user = await UserModel.findById(userId).lean();
  const last = user?.mfaLastStep ?? currentStep() - 1;
  // Not a step behind now: a code computed just before the half-minute turns stays valid.
  return codeFor(secret, Math.max(last + 1, currentStep()));
}

/** Posts a form with a CSRF token read from `tokenPage`. */
export async function postForm(agent: Agent, path: string, form: Record<string, string>, tokenPage = path) {
  const token = await csrfToken(agent, tokenPage);
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...form });
}

export interface Enrolment {
  /** The Base32 secret as shown on the page, without the spaces. */
  secret: string;
  recoveryCodes: string[];
}

/** The recovery codes listed on a page. */
export function recoveryCodesOn(html: string): string[] {
  const list = /<ol class="recovery-codes"[^>]*>([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [...list.matchAll(/<code>([^<]+)<\/code>/g)].map((match) => match[1]!);
}

/** Sets up two-step sign-in through the account pages of a signed-in agent. */
export async function enrolThroughPages(agent: Agent): Promise<Enrolment> {
  const page = await agent.get('/account/mfa/setup');
  expect(page.status, 'set-up page').to.equal(200);
  const shown = /id="mfa-secret">([A-Z2-7 ]+)<\/code>/.exec(page.text)?.[1];
  expect(shown, 'the secret is shown for typing by hand').to.be.a('string');
  const secret = (shown ?? '').replace(/ /g, '');
  const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  // One step back: the codes of now and the next step stay free for the tests' sign-ins.
  const code = await codeFor(secret, currentStep() - 1);
  const confirmed = await agent.post('/account/mfa/setup').type('form').send({ _csrf: token, code });
  const problem = /class="help is-danger"[^>]*>([^<]*)</.exec(confirmed.text)?.[1];
  expect(confirmed.status, `set-up confirmed (${problem ?? ''})`).to.equal(200);
  const recoveryCodes = recoveryCodesOn(confirmed.text);
  expect(recoveryCodes).to.have.length(10);
  return { secret, recoveryCodes };
}

/** Signs in with the password on a new agent and returns it, waiting at the second step. */
export async function passwordStep(email: string, password: string): Promise<Agent> {
  const agent = anonymous();
  const response = await signIn(agent, email, password);
  expect(response.status).to.equal(303);
  expect(response.headers.location).to.equal('/sign-in/mfa');
  return agent;
}

/** Turns the "two-step sign-in for admins and auditors" setting on or off. */
export async function requireMfaForPrivileged(required: boolean): Promise<void> {
  await SettingsModel.updateOne(
    { _id: 'global' },
    { $set: { mfaRequiredForPrivileged: required } },
    { upsert: true },
  );
  resetSettingsCache();
}

/** The audit events of one action, oldest first. */
export function auditEvents(action: string) {
  return mongoose.connection.collection('audit_events').find({ action }).sort({ seq: 1 }).toArray();
}
