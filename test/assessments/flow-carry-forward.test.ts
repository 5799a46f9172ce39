import { expect } from 'chai';
import mongoose from 'mongoose';
import { csrfToken, signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  auditEvents,
  day,
  fieldsWithErrors,
  flashes,
  follow,
  inputValue,
  insertSupplier,
  selectedValues,
  submit,
  textareaValue,
  textOf,
} from '../suppliers/support';
import {
  answerWell,
  assessmentIdFrom,
  handIn,
  saved,
  sendQuestionnaire,
  sentAssessment,
  storedAnswer,
  storedAssessment,
  type Scenario,
} from './flow-support';

const assessmentCount = () => mongoose.connection.collection('assessments').countDocuments({});

/** A completed first cycle, and a second one sent to the same supplier with the same questionnaire. */
async function secondCycle(): Promise<Scenario & { firstId: string }> {
  const first = await sentAssessment();
  const { buyer, vendor, supplierId, templateId } = first;
  await answerWell(vendor, first.assessmentId);
  await saved(vendor, first.assessmentId, 'ops_contact', { value: 'Wang Fang', note: 'CISO' });
  await submit(buyer.agent, `/assessments/${first.assessmentId}/answers/ops_contact/comments`, {
    text: 'Is this a shared mailbox?',
  });
  await handIn(vendor, first.assessmentId);
  await submit(buyer.agent, `/assessments/${first.assessmentId}/answers/acc_mfa/review`, {
    verdict: 'accepted',
  });
  await submit(buyer.agent, `/assessments/${first.assessmentId}/complete`);
  const assessmentId = assessmentIdFrom(await sendQuestionnaire(buyer, supplierId, templateId));
  return { ...first, firstId: first.assessmentId, assessmentId };
}

describe('assessments: carrying answers forward', () => {
  let scenario: Scenario & { firstId: string };

  beforeEach(async () => {
    await resetDatabase();
    scenario = await secondCycle();
  });

  it('the next assessment starts with the last answers, notes and evidence, marked as not yet confirmed; verdicts and messages stay behind', async () => {
    const { assessmentId, firstId } = scenario;
    expect((await storedAssessment(assessmentId))?.previousId).to.equal(firstId);
    const previous = await storedAnswer(firstId, 'acc_mfa');
    const carried = await storedAnswer(assessmentId, 'acc_mfa');
    expect(carried).to.deep.include({ value: 'yes', previousValue: 'yes', carriedForward: true });
    expect(carried?.evidence).to.deep.equal(previous?.evidence);
    expect(carried?.review).to.equal(undefined);
    const contact = await storedAnswer(assessmentId, 'ops_contact');
    expect(contact).to.deep.include({ value: 'Wang Fang', note: 'CISO', previousNote: 'CISO', thread: [] });
    expect(await storedAnswer(assessmentId, 'ops_pentest')).to.equal(null);
    const [event] = await auditEvents('assessments.send', { 'target.id': assessmentId });
    expect(event?.details).to.deep.include({ carried: 4 });
  });

  it('the vendor sees the pre-filled answers with "Does it still hold?" and a confirm button', async () => {
    const { vendor, assessmentId } = scenario;
    const overview = textOf((await vendor.agent.get(`/assessments/${assessmentId}`)).text);
    expect(overview).to.include(
      'This round is pre-filled with the answers of the last completed assessment.',
    );
    const html = (await vendor.agent.get(`/assessments/${assessmentId}/sections/access`)).text;
    expect(textOf(html)).to.include('This is your answer from the last assessment. Does it still hold?');
    expect(html).to.include(`action="/assessments/${assessmentId}/answers/acc_mfa/confirm"`);
    expect(html).to.match(/name="q_acc_mfa" value="yes" checked>/);
  });

  it('hand-in is refused until each carried answer is confirmed or changed', async () => {
    const { vendor, assessmentId } = scenario;
    const response = await handIn(vendor, assessmentId);
    expect(response.headers.location).to.equal(`/assessments/${assessmentId}/submit`);
    const page = textOf((await follow(vendor.agent, response)).text);
    expect(page).to.include('4 questions still need attention.');
    expect(page.split('Confirm or change the answer from last time').length - 1).to.equal(4);
  });

  it('confirm → the value stays, the mark goes, no history entry; back on the section where the vendor was', async () => {
    const { vendor, assessmentId } = scenario;
    const here = `/assessments/${assessmentId}/sections/access`;
    const response = await submit(vendor.agent, `/assessments/${assessmentId}/answers/acc_mfa/confirm`, {
      returnTo: here,
    });
    expect(response.headers.location).to.equal(`${here}#q-acc_mfa`);
    const confirmed = await storedAnswer(assessmentId, 'acc_mfa');
    expect(confirmed).to.deep.include({ value: 'yes', carriedForward: false, history: [] });
    expect(confirmed?.evidence).to.have.length(1);
    const [event] = await auditEvents('answers.confirm');
    expect(event?.details).to.deep.include({ question: 'acc_mfa', value: 'yes' });
  });

  it('confirming everything (or changing it) lets the vendor hand in', async () => {
    const { vendor, assessmentId } = scenario;
    for (const key of ['acc_mfa', 'acc_review', 'ops_staff']) {
      await submit(vendor.agent, `/assessments/${assessmentId}/answers/${key}/confirm`);
    }
    await saved(vendor, assessmentId, 'ops_contact', { value: 'Zhao Lei' });
    expect((await handIn(vendor, assessmentId)).headers.location).to.equal(`/assessments/${assessmentId}`);
    expect((await storedAssessment(assessmentId))?.status).to.equal('submitted');
  });

  it('the review page marks what changed since the last cycle with the earlier answer; confirmed answers are not marked', async () => {
    const { buyer, vendor, assessmentId } = scenario;
    await submit(vendor.agent, `/assessments/${assessmentId}/answers/acc_mfa/confirm`);
    await saved(vendor, assessmentId, 'acc_review', { value: 'yearly' });
    await saved(vendor, assessmentId, 'ops_contact', { value: 'Wang Fang', note: 'Head of security' });

    const html = (await buyer.agent.get(`/assessments/${assessmentId}/review`)).text;
    const item = (key: string) =>
      textOf(
        new RegExp(`<article class="review-item" id="q-${key}">([\\s\\S]*?)</article>`).exec(html)?.[1] ?? '',
      );
    expect(textOf(html)).to.include(
      'Answers that changed since the last completed round are marked, with the previous answer.',
    );
    expect(item('acc_review')).to.include('Answer: Yearly Changed');
    expect(item('acc_review')).to.include('Last round: Monthly');
    expect(item('ops_contact')).to.include('Changed');
    expect(item('ops_contact')).to.include('Last round: Wang Fang — CISO');
    expect(item('acc_mfa')).not.to.include('Changed');
    expect(item('ops_staff')).to.include('Not yet confirmed');
  });
});

describe('assessments: one open assessment per supplier and questionnaire', () => {
  beforeEach(resetDatabase);

  it('a second send while one is open → 422 with the reason at the top of the form and the input kept; nothing created', async () => {
    const { buyer, supplierId, templateId } = await sentAssessment();
    const response = await sendQuestionnaire(buyer, supplierId, templateId, {
      dueDate: day(20),
      message: 'Second round, please.',
    });
    expect(response.status).to.equal(422);
    expect(
      textOf(
        /<div class="notification is-danger[^>]*id="form-error">([\s\S]*?)<\/div>/.exec(response.text)?.[1] ??
          '',
      ),
    ).to.equal('This supplier already has an open assessment with this questionnaire.');
    expect(fieldsWithErrors(response.text)).to.deep.equal([]);
    expect(selectedValues(response.text, 'supplierId')).to.deep.equal([supplierId]);
    expect(selectedValues(response.text, 'templateId')).to.deep.equal([templateId]);
    expect(inputValue(response.text, 'dueDate')).to.equal(day(20));
    expect(textareaValue(response.text, 'message')).to.equal('Second round, please.');
    expect(await assessmentCount()).to.equal(1);
  });

  it('still refused while submitted or returned; allowed again once completed or cancelled', async () => {
    const { buyer, vendor, supplierId, templateId, assessmentId } = await sentAssessment();
    await answerWell(vendor, assessmentId);
    await handIn(vendor, assessmentId);
    expect((await sendQuestionnaire(buyer, supplierId, templateId)).status).to.equal(422);
    await submit(buyer.agent, `/assessments/${assessmentId}/return`, { note: 'More detail.' });
    expect((await sendQuestionnaire(buyer, supplierId, templateId)).status).to.equal(422);
    await submit(buyer.agent, `/assessments/${assessmentId}/cancel`);
    const again = await sendQuestionnaire(buyer, supplierId, templateId);
    expect(flashes((await follow(buyer.agent, again)).text)).to.deep.equal([
      { type: 'success', text: 'The questionnaire has been sent.' },
    ]);
    expect(await assessmentCount()).to.equal(2);
  });

  it('the same questionnaire to another supplier is fine', async () => {
    const { buyer, templateId } = await sentAssessment();
    const other = await insertSupplier({ name: 'Lotus Payroll' });
    expect((await sendQuestionnaire(buyer, other, templateId)).status).to.equal(303);
    expect(await assessmentCount()).to.equal(2);
  });

  it('"send" clicked twice at once → one assessment', async () => {
    const buyer = await signedInAs('procurement');
    const supplierId = await insertSupplier({ name: 'Harbour Hosting' });
    const { templateId } = await sentAssessment({ supplierName: 'Unrelated' });
    const form = { _csrf: await csrfToken(buyer.agent), supplierId, templateId, dueDate: day(30) };
    const responses = await Promise.all(
      [1, 2].map(() => buyer.agent.post('/assessments').type('form').send(form)),
    );
    expect(responses.map((response) => response.status).sort()).to.deep.equal([303, 422]);
    expect(await assessmentCount()).to.equal(2);
  });
});
