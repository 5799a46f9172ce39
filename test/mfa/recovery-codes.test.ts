import { expect } from 'chai';
import { UserModel } from '../../src/modules/users/users.model';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  enrolThroughPages,
  nextCode,
  passwordStep,
  postForm,
  recoveryCodesOn,
  type Enrolment,
} from './support';

describe('mfa: recovery codes', () => {
  let signed: SignedIn;
  let enrolment: Enrolment;

  beforeEach(async () => {
    await resetDatabase();
    signed = await signedInAs('procurement');
    enrolment = await enrolThroughPages(signed.agent);
  });

  /** Password, then a recovery code, on a new agent. */
  async function signInWithRecoveryCode(code: string) {
    const agent = await passwordStep(signed.user.email, signed.user.password);
    const page = await agent.get('/sign-in/recovery');
    expect(page.text).to.include('Enter one of the recovery codes');
    const response = await postForm(agent, '/sign-in/recovery', { code }, '/sign-in/recovery');
    return { agent, response };
  }

  it('a recovery code signs in once and says how many are left; the same code a second time → refused', async () => {
    const code = enrolment.recoveryCodes[0]!;
    const first = await signInWithRecoveryCode(code);
    expect(first.response.status).to.equal(303);
    expect(first.response.headers.location).to.equal('/');
    const home = await first.agent.get('/');
    expect(home.text).to.include('You signed in with a recovery code. 9 recovery codes are left.');
    const account = await first.agent.get('/account');
    expect(account.text).to.match(/id="recovery-left">9</);

    const second = await signInWithRecoveryCode(code);
    expect(second.response.status).to.equal(401);
    expect(second.response.text).to.include('This code is not correct, or it was used already.');
    expect((await second.agent.get('/')).headers.location).to.equal('/sign-in');
    expect((await UserModel.findById(signed.user.id).lean())?.failedSignIns).to.equal(1);
  });

  it('a recovery code typed in capitals and without its dash still works', async () => {
    const code = enrolment.recoveryCodes[1]!.replace('-', ' ').toUpperCase();
    const { response } = await signInWithRecoveryCode(code);
    expect(response.headers.location).to.equal('/');
  });

  it('with 3 or fewer codes left the user is warned to make new ones, after sign-in and on the account page', async () => {
    for (const code of enrolment.recoveryCodes.slice(0, 6)) {
      expect((await signInWithRecoveryCode(code)).response.headers.location).to.equal('/');
    }
    const { agent, response } = await signInWithRecoveryCode(enrolment.recoveryCodes[6]!);
    expect(response.headers.location).to.equal('/');
    expect((await agent.get('/')).text).to.include('Only 3 recovery codes are left.');
    expect((await agent.get('/account')).text).to.include('Only 3 recovery codes are left.');
  });

  it('making new recovery codes needs a current code; afterwards the old codes are refused and a new one works', async () => {
    const wrong = await postForm(signed.agent, '/account/mfa/recovery-codes', { code: '123456' });
    expect(wrong.status).to.equal(422);
    expect(wrong.text).to.include('id="field-code-error"');

    const made = await postForm(signed.agent, '/account/mfa/recovery-codes', {
      code: await nextCode(enrolment.secret, signed.user.id),
    });
    expect(made.status).to.equal(200);
    expect(made.text).to.include('Your old recovery codes no longer work.');
    expect(made.headers['cache-control']).to.equal('no-store');
    const fresh = recoveryCodesOn(made.text);
    expect(fresh).to.have.length(10);
    expect(fresh).not.to.include.members([enrolment.recoveryCodes[0]!]);

    expect((await signInWithRecoveryCode(enrolment.recoveryCodes[0]!)).response.status).to.equal(401);
    expect((await signInWithRecoveryCode(fresh[0]!)).response.headers.location).to.equal('/');
  });
});
