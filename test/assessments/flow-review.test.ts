import { expect } from 'chai';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { auditEvents, day, flashes, follow, storedSupplier, submit, textOf } from '../suppliers/support';
import {
  answerWell,
  decide,
  findingForm,
  handIn,
  saved,
  sentAssessment,
  storedAnswer,
  storedAssessment,
  storedFindings,
  type Scenario,
} from './flow-support';

/** The review page's block for one question. */
function reviewItem(html: string, key: string): string {
  return (
    new RegExp(`<article class="review-item" id="q-${key}">([\\s\\S]*?)</article>`).exec(html)?.[1] ?? ''
  );
}

/** The message shown beside a field of a question's decision forms (ids like "ft-acc_mfa"). */
function besideField(html: string, id: string): string | undefined {
  const match = new RegExp(`<p class="help is-danger" id="${id}-error">([^<]*)</p>`).exec(html);
  return match?.[1] === undefined ? undefined : textOf(match[1]);
}

describe('assessments: reviewing answers', () => {
  let scenario: Scenario;

  beforeEach(async () => {
    await resetDatabase();
    scenario = await sentAssessment({ tier: 'low' });
    await answerWell(scenario.vendor, scenario.assessmentId);
    await saved(scenario.vendor, scenario.assessmentId, 'ops_contact', { value: 'Wang Fang', note: 'CISO' });
    await handIn(scenario.vendor, scenario.assessmentId);
  });

  it('accept → "The answer is accepted.", the verdict stored and shown, audited', async () => {
    const { buyer, assessmentId } = scenario;
    const response = await decide(buyer, assessmentId, 'acc_mfa', { verdict: 'accepted' });
    expect(response.headers.location).to.equal(`/assessments/${assessmentId}/review#q-acc_mfa`);
    const page = await follow(buyer.agent, response);
    expect(flashes(page.text)).to.deep.equal([{ type: 'success', text: 'The answer is accepted.' }]);
    expect(textOf(reviewItem(page.text, 'acc_mfa'))).to.include('Answer: Yes Accepted');
    expect((await storedAnswer(assessmentId, 'acc_mfa'))?.review).to.deep.include({ verdict: 'accepted' });
    const [event] = await auditEvents('assessments.review_answer');
    expect(event?.details).to.deep.equal({ verdict: 'accepted' });
  });

  it('clarification → the question goes to the thread; the vendor sees it on the section and can answer there', async () => {
    const { buyer, vendor, assessmentId } = scenario;
    const response = await decide(buyer, assessmentId, 'ops_contact', {
      verdict: 'clarification',
      message: 'Is this a personal or a shared mailbox?',
    });
    expect(flashes((await follow(buyer.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'Your question has been sent to the vendor.' },
    ]);
    const stored = await storedAnswer(assessmentId, 'ops_contact');
    expect(stored?.review?.verdict).to.equal('clarification');
    expect(stored?.thread.map((message) => [message.side, message.text])).to.deep.equal([
      ['staff', 'Is this a personal or a shared mailbox?'],
    ]);
    // The answer itself is untouched.
    expect(stored).to.deep.include({ value: 'Wang Fang', note: 'CISO' });

    const section = (await vendor.agent.get(`/assessments/${assessmentId}/sections/operations`)).text;
    const question =
      /<article class="box question" id="q-ops_contact"[\s\S]*?<\/article>/.exec(section)?.[0] ?? '';
    expect(textOf(question)).to.include('Clarification asked');
    expect(textOf(question)).to.match(
      /Discussion \(1\).*reviewer .*Is this a personal or a shared mailbox\?/,
    );

    await submit(vendor.agent, `/assessments/${assessmentId}/answers/ops_contact/comments`, {
      text: 'Personal: wang.fang@harbour.example',
      returnTo: `/assessments/${assessmentId}/sections/operations`,
    });
    const review = textOf(
      reviewItem((await buyer.agent.get(`/assessments/${assessmentId}/review`)).text, 'ops_contact'),
    );
    expect(review).to.match(/Discussion \(2\).*Li Na · supplier .*Personal: wang\.fang@harbour\.example/);
  });

  it('clarification without a question → 422, the review page again with the message beside the field; nothing stored', async () => {
    const { buyer, assessmentId } = scenario;
    const response = await decide(buyer, assessmentId, 'ops_contact', {
      verdict: 'clarification',
      message: ' ',
    });
    expect(response.status).to.equal(422);
    expect(besideField(response.text, 'clarify-ops_contact')).to.equal('This field is required.');
    expect(response.text).to.match(
      /<details class="verdict-forms" open>[\s\S]*?action="\/assessments\/[a-f\d]{24}\/answers\/ops_contact\/review"/,
    );
    expect((await storedAnswer(assessmentId, 'ops_contact'))?.review).to.equal(undefined);
  });

  it('raise a finding → stored with severity, due date, question and answer as they were; linked from the answer; counted on the supplier', async () => {
    const { buyer, supplierId, assessmentId } = scenario;
    const response = await decide(
      buyer,
      assessmentId,
      'acc_mfa',
      findingForm({ severity: 'critical', dueDate: day(45) }),
    );
    const page = await follow(buyer.agent, response);
    expect(flashes(page.text)).to.deep.equal([{ type: 'success', text: 'The finding has been raised.' }]);

    const [finding] = await storedFindings();
    expect(finding).to.deep.include({
      supplierId,
      supplierName: 'Harbour Hosting',
      assessmentId,
      questionKey: 'acc_mfa',
      severity: 'critical',
      status: 'open',
      title: 'MFA not enforced for support staff',
      description: 'Support staff sign in to the admin console with a password only.',
      answerText: 'yes',
      raisedByName: buyer.user.name,
    });
    expect(finding?.questionText.en).to.equal('Is MFA enforced for administrators?');
    expect(finding?.dueDate.toISOString().slice(0, 10)).to.equal(day(45));
    expect(finding?.evidence.map((file) => file.filename)).to.deep.equal(['mfa-policy.pdf']);

    const findingId = finding?._id.toString() ?? '';
    expect((await storedAnswer(assessmentId, 'acc_mfa'))?.review).to.deep.include({
      verdict: 'finding',
      findingId,
    });
    expect(reviewItem(page.text, 'acc_mfa')).to.include(`href="/findings/${findingId}"`);
    expect((await storedSupplier(supplierId)).summary.findings).to.deep.include({ open: 1, critical: 1 });
  });

  const badFindings: { name: string; form: Record<string, string>; field: string; message: string }[] = [
    { name: 'no title', form: { title: '' }, field: 'ft', message: 'This field is required.' },
    { name: 'no description', form: { description: '   ' }, field: 'fd', message: 'This field is required.' },
    {
      name: 'an unknown severity',
      form: { severity: 'urgent' },
      field: 'fs',
      message: 'Choose one of the options.',
    },
    {
      name: 'a malformed due date',
      form: { dueDate: '31/12/2026' },
      field: 'fdue',
      message: 'Enter a date (YYYY-MM-DD).',
    },
    {
      name: 'a due date in the past',
      form: { dueDate: day(-3) },
      field: 'fdue',
      message: 'The due date cannot be in the past.',
    },
  ];
  for (const { name, form, field, message } of badFindings) {
    it(`a finding with ${name} → 422 "${message}" beside the field, the other input kept; no finding`, async () => {
      const { buyer, assessmentId } = scenario;
      const sent = findingForm({ severity: 'high', ...form });
      const response = await decide(buyer, assessmentId, 'acc_mfa', sent);
      expect(response.status).to.equal(422);
      expect(besideField(response.text, `${field}-acc_mfa`)).to.equal(message);
      expect(textOf(/id="verdict-error-acc_mfa">([^<]*)</.exec(response.text)?.[1] ?? '')).to.equal(
        'Please correct the field marked below.',
      );
      const item = reviewItem(response.text, 'acc_mfa');
      if (field !== 'ft') expect(item).to.include('value="MFA not enforced for support staff"');
      if (field !== 'fd')
        expect(item).to.include(
          '>Support staff sign in to the admin console with a password only.</textarea>',
        );
      if (field !== 'fs') expect(item).to.include('<option value="high" selected>');
      if (field !== 'fdue') expect(item).to.include(`value="${day(45)}"`);
      // The other questions' forms stay empty and closed.
      expect(reviewItem(response.text, 'ops_staff')).not.to.include('MFA not enforced');
      expect(reviewItem(response.text, 'ops_staff')).to.include('<details class="verdict-forms">');
      expect(await storedFindings()).to.deep.equal([]);
      expect((await storedAnswer(assessmentId, 'acc_mfa'))?.review).to.equal(undefined);
    });
  }

  it('several problems at once → each beside its field, counted in the summary', async () => {
    const { buyer, assessmentId } = scenario;
    const response = await decide(
      buyer,
      assessmentId,
      'acc_mfa',
      findingForm({ title: '', description: '', dueDate: '' }),
    );
    expect(response.status).to.equal(422);
    expect(besideField(response.text, 'ft-acc_mfa')).to.equal('This field is required.');
    expect(besideField(response.text, 'fd-acc_mfa')).to.equal('This field is required.');
    expect(besideField(response.text, 'fdue-acc_mfa')).to.equal('Enter a date (YYYY-MM-DD).');
    expect(response.text).to.include('Please correct the 3 fields marked below.');
  });

  it('a finding counts the question 0 and an open critical one keeps the residual tier at least high', async () => {
    const { buyer, supplierId, assessmentId } = scenario;
    await decide(buyer, assessmentId, 'acc_mfa', findingForm({ severity: 'critical' }));
    await submit(buyer.agent, `/assessments/${assessmentId}/complete`);
    const stored = await storedAssessment(assessmentId);
    // access: acc_mfa 0 × 3 + acc_review 1 × 2 → 40; operations: ops_staff and ops_contact 1, others 0 → 50
    expect(stored?.scores?.sections.map((section) => section.score)).to.deep.equal([40, 50]);
    expect(stored?.scores?.overall).to.equal(44);
    // Inherent low, a poor score raises it to medium, the critical finding to high.
    expect(stored?.residualTier).to.equal('high');
    expect((await storedSupplier(supplierId)).summary.assessment?.residualTier).to.equal('high');
  });

  it('decisions need a handed-in assessment: after completion → "The vendor has not handed this assessment in."', async () => {
    const { buyer, assessmentId } = scenario;
    await submit(buyer.agent, `/assessments/${assessmentId}/complete`);
    const response = await decide(buyer, assessmentId, 'acc_mfa', { verdict: 'accepted' });
    expect(flashes((await follow(buyer.agent, response)).text)).to.deep.equal([
      { type: 'danger', text: 'The vendor has not handed this assessment in.' },
    ]);
    expect((await storedAnswer(assessmentId, 'acc_mfa'))?.review).to.equal(undefined);
  });

  it('vendors and auditors cannot decide (403); the auditor reads the review page without decision forms', async () => {
    const { vendor, assessmentId } = scenario;
    const auditor = await signedInAs('auditor');
    for (const who of [vendor, auditor]) {
      expect(
        (await decide(who, assessmentId, 'acc_mfa', { verdict: 'accepted' })).status,
        who.user.role,
      ).to.equal(403);
    }
    const page = await auditor.agent.get(`/assessments/${assessmentId}/review`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.include('class="verdict-forms"');
    expect((await vendor.agent.get(`/assessments/${assessmentId}/review`)).status).to.equal(403);
  });
});
