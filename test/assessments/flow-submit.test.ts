import { expect } from 'chai';
import { csrfToken, signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  auditEvents,
  flashes,
  follow,
  makePdf,
  storedSupplier,
  submit,
  textOf,
  upload,
} from '../suppliers/support';
import {
  answerWell,
  attachPdf,
  autosave,
  handIn,
  saved,
  sentAssessment,
  storedAnswer,
  storedAssessment,
  type Scenario,
} from './flow-support';

/** The "still needs attention" list of the submit page: link and reason per question. */
function missingList(html: string): { href: string; text: string; reason: string }[] {
  const list = /<ol class="missing-list">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? '';
  return [
    ...list.matchAll(/<a href="([^"]+)">([^<]*)<\/a>\s*<span class="help is-inline">([^<]*)<\/span>/g),
  ].map((match) => ({ href: match[1] ?? '', text: textOf(match[2] ?? ''), reason: textOf(match[3] ?? '') }));
}

describe('assessments: handing in', () => {
  let scenario: Scenario;

  beforeEach(async () => {
    await resetDatabase();
    scenario = await sentAssessment();
  });

  it('nothing answered → the submit page lists each required question with a link to it and no hand-in button', async () => {
    const { vendor, assessmentId } = scenario;
    const html = (await vendor.agent.get(`/assessments/${assessmentId}/submit`)).text;
    expect(textOf(html)).to.include('2 questions still need attention before you can hand in:');
    // acc_review is hidden until acc_mfa is answered yes or partly.
    expect(missingList(html)).to.deep.equal([
      {
        href: `/assessments/${assessmentId}/sections/access#q-acc_mfa`,
        text: 'Is MFA enforced for administrators?',
        reason: 'Section access · Not answered',
      },
      {
        href: `/assessments/${assessmentId}/sections/operations#q-ops_staff`,
        text: 'How many staff can reach customer data?',
        reason: 'Section operations · Not answered',
      },
    ]);
    expect(html).not.to.include(`action="/assessments/${assessmentId}/submit"`);
  });

  it('hand in with an answer lacking its evidence and a question shown by it → refused with the count; the list names evidence and answer; nothing changes', async () => {
    const { vendor, assessmentId } = scenario;
    await saved(vendor, assessmentId, 'acc_mfa', { value: 'yes' });
    await saved(vendor, assessmentId, 'ops_staff', { value: 4 });
    const response = await handIn(vendor, assessmentId);
    expect(response.headers.location).to.equal(`/assessments/${assessmentId}/submit`);
    const page = await follow(vendor.agent, response);
    expect(flashes(page.text)).to.deep.equal([{ type: 'danger', text: '2 questions still need attention.' }]);
    expect(missingList(page.text).map((item) => [item.href.split('#')[1], item.reason])).to.deep.equal([
      ['q-acc_mfa', 'Section access · Evidence missing'],
      ['q-acc_review', 'Section access · Not answered'],
    ]);
    expect((await storedAssessment(assessmentId))?.status).to.equal('in_progress');
    expect(await auditEvents('assessments.submit')).to.deep.equal([]);
  });

  it('"not applicable" needs no evidence, and hides the questions that depend on it', async () => {
    const { vendor, assessmentId } = scenario;
    await saved(vendor, assessmentId, 'acc_mfa', { value: 'na' });
    await saved(vendor, assessmentId, 'ops_staff', { value: 4 });
    const response = await handIn(vendor, assessmentId);
    expect(response.headers.location).to.equal(`/assessments/${assessmentId}`);
    expect((await storedAssessment(assessmentId))?.status).to.equal('submitted');
  });

  it('a complete hand-in → "Thank you", status submitted, one audit event', async () => {
    const { vendor, assessmentId } = scenario;
    await answerWell(vendor, assessmentId);
    const ready = (await vendor.agent.get(`/assessments/${assessmentId}/submit`)).text;
    expect(textOf(ready)).to.include('Every required question is answered.');
    const response = await handIn(vendor, assessmentId);
    expect(flashes((await follow(vendor.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'Thank you: the assessment has been handed in for review.' },
    ]);
    const stored = await storedAssessment(assessmentId);
    expect(stored?.status).to.equal('submitted');
    expect(stored?.submittedAt).to.be.instanceOf(Date);
    expect(await auditEvents('assessments.submit')).to.have.length(1);
  });

  it('hand-in clicked twice at once → handed in once (one history line, one audit event)', async () => {
    const { vendor, assessmentId } = scenario;
    await answerWell(vendor, assessmentId);
    const form = { _csrf: await csrfToken(vendor.agent) };
    const responses = await Promise.all(
      [1, 2].map(() => vendor.agent.post(`/assessments/${assessmentId}/submit`).type('form').send(form)),
    );
    expect(responses.map((response) => response.status).sort()).to.deep.equal([303, 409]);
    const history = (await storedAssessment(assessmentId))?.history.map((event) => event.action);
    expect(history?.filter((action) => action === 'submitted')).to.have.length(1);
    expect(await auditEvents('assessments.submit')).to.have.length(1);
  });

  it('only the supplier’s vendor users hand in: procurement and auditors → 403', async () => {
    const { assessmentId } = scenario;
    for (const role of ['procurement', 'admin', 'auditor'] as const) {
      const who = await signedInAs(role);
      expect((await handIn(who, assessmentId)).status, role).to.equal(403);
    }
  });
});

describe('assessments: after handing in', () => {
  let scenario: Scenario;

  beforeEach(async () => {
    await resetDatabase();
    scenario = await sentAssessment();
    await answerWell(scenario.vendor, scenario.assessmentId);
    expect((await handIn(scenario.vendor, scenario.assessmentId)).status).to.equal(303);
  });

  it('the vendor can no longer change anything: autosave, section form, evidence, confirm and hand-in are refused; answers stay as they were', async () => {
    const { vendor, assessmentId } = scenario;
    const before = await storedAnswer(assessmentId, 'acc_mfa');

    const save = await autosave(vendor, assessmentId, 'acc_mfa', { value: 'no' });
    expect(save.status).to.equal(409);
    expect(save.body).to.deep.equal({ error: { message: 'This assessment can no longer be changed.' } });

    const section = await submit(vendor.agent, `/assessments/${assessmentId}/sections/access`, {
      q_acc_mfa: 'no',
      note_acc_mfa: '',
    });
    expect(section.status).to.equal(409);
    expect(textOf(section.text)).to.include('This assessment can no longer be changed.');

    const uploaded = await upload(
      vendor.agent,
      `/assessments/${assessmentId}/answers/acc_mfa/evidence`,
      await makePdf('Late evidence'),
      'late.pdf',
    );
    expect(flashes((await follow(vendor.agent, uploaded)).text)).to.deep.equal([
      { type: 'danger', text: 'This assessment can no longer be changed.' },
    ]);

    const fileId = before?.evidence[0]?.fileId ?? '';
    const removed = await submit(
      vendor.agent,
      `/assessments/${assessmentId}/answers/acc_mfa/evidence/${fileId}/delete`,
    );
    expect(removed.status).to.equal(409);
    expect(
      (await submit(vendor.agent, `/assessments/${assessmentId}/answers/acc_mfa/confirm`)).status,
    ).to.equal(409);
    expect((await handIn(vendor, assessmentId)).status).to.equal(409);

    expect(await storedAnswer(assessmentId, 'acc_mfa')).to.deep.equal(before);
    expect((await storedAssessment(assessmentId))?.status).to.equal('submitted');
  });

  it('the section page says it is handed in and shows the answers without editable fields', async () => {
    const { vendor, assessmentId } = scenario;
    const html = (await vendor.agent.get(`/assessments/${assessmentId}/sections/access`)).text;
    expect(textOf(html)).to.include('This assessment has been handed in and cannot be changed now.');
    expect(html).to.include('data-editable="false"');
    expect(html).to.match(/name="q_acc_mfa" value="yes" checked disabled>/);
  });

  it('procurement returns it with a note → returned; the vendor sees the note, can change answers and hand in again', async () => {
    const { buyer, vendor, assessmentId } = scenario;
    const returned = await submit(buyer.agent, `/assessments/${assessmentId}/return`, {
      note: 'Please attach the MFA policy signed by the CISO.',
    });
    expect(flashes((await follow(buyer.agent, returned)).text)).to.deep.equal([
      { type: 'success', text: 'The assessment has been returned to the vendor.' },
    ]);
    expect((await storedAssessment(assessmentId))?.status).to.equal('returned');

    const overview = textOf((await vendor.agent.get(`/assessments/${assessmentId}`)).text);
    expect(overview).to.include(
      'The reviewer has returned this assessment for changes. “Please attach the MFA policy signed by the CISO.”',
    );
    expect((await saved(vendor, assessmentId, 'acc_mfa', { value: 'partial' })).value).to.equal('partial');
    await attachPdf(vendor, assessmentId, 'acc_mfa', 'signed-policy.pdf');
    expect((await handIn(vendor, assessmentId)).headers.location).to.equal(`/assessments/${assessmentId}`);
    const history = (await storedAssessment(assessmentId))?.history.map((event) => event.action);
    expect(history).to.deep.equal(['sent', 'in_progress', 'submitted', 'returned', 'submitted']);
  });

  it('return without a note → "Say what should change."; the assessment stays submitted', async () => {
    const { buyer, assessmentId } = scenario;
    const response = await submit(buyer.agent, `/assessments/${assessmentId}/return`, { note: '  ' });
    expect(flashes((await follow(buyer.agent, response)).text)).to.deep.equal([
      { type: 'danger', text: 'Say what should change.' },
    ]);
    expect((await storedAssessment(assessmentId))?.status).to.equal('submitted');
  });

  it('vendors cannot return or complete (403)', async () => {
    const { vendor, assessmentId } = scenario;
    expect(
      (await submit(vendor.agent, `/assessments/${assessmentId}/return`, { note: 'x' })).status,
    ).to.equal(403);
    expect((await submit(vendor.agent, `/assessments/${assessmentId}/complete`)).status).to.equal(403);
  });
});

describe('assessments: completing', () => {
  beforeEach(resetDatabase);

  it('complete → section and overall scores stored and shown, residual tier on the assessment', async () => {
    const { buyer, vendor, assessmentId } = await sentAssessment({ tier: 'medium' });
    await saved(vendor, assessmentId, 'acc_mfa', { value: 'yes' });
    await attachPdf(vendor, assessmentId, 'acc_mfa');
    await saved(vendor, assessmentId, 'acc_review', { value: 'yearly' });
    await saved(vendor, assessmentId, 'ops_tools', { value: ['ids'] });
    await saved(vendor, assessmentId, 'ops_staff', { value: 12 });
    await saved(vendor, assessmentId, 'ops_summary', { value: 'Kept for a year.' });
    await handIn(vendor, assessmentId);

    const response = await submit(buyer.agent, `/assessments/${assessmentId}/complete`);
    const page = await follow(buyer.agent, response);
    expect(flashes(page.text)).to.deep.equal([
      { type: 'success', text: 'The assessment is completed and scored.' },
    ]);
    const stored = await storedAssessment(assessmentId);
    // access: (3 × 1 + 2 × 0.5) ÷ 5 = 80; operations: (0.5 + 1 + 0 + 0) ÷ 4 = 37.5; overall 5.5 ÷ 9 = 61.1
    expect(stored?.scores).to.deep.equal({
      sections: [
        { key: 'access', score: 80, weight: 5 },
        { key: 'operations', score: 38, weight: 4 },
      ],
      overall: 61,
    });
    expect(stored).to.deep.include({ status: 'completed', residualTier: 'medium' });
    expect(page.text).to.match(/<p class="stat-number">61<span/);
    expect(page.text).to.include('data-score="80"');
    expect(textOf(page.text)).to.include('Residual risk: Medium');
    const [event] = await auditEvents('assessments.complete');
    expect(event?.details).to.deep.include({
      score: 61,
      residual: 'medium',
      inherent: 'medium',
      openFindings: 0,
    });
  });

  it("a good score lowers the supplier's tier: the supplier page shows the residual tier and the score; the vendor sees the score but not the tier", async () => {
    const { buyer, vendor, supplierId, assessmentId } = await sentAssessment({ tier: 'high' });
    await answerWell(vendor, assessmentId);
    await saved(vendor, assessmentId, 'ops_tools', { value: ['siem'] });
    await saved(vendor, assessmentId, 'ops_pentest', { value: '2026-01-15' });
    await saved(vendor, assessmentId, 'ops_contact', { value: 'Wang Fang' });
    await handIn(vendor, assessmentId);
    await submit(buyer.agent, `/assessments/${assessmentId}/complete`);

    expect((await storedSupplier(supplierId)).summary.assessment).to.deep.include({
      assessmentId,
      score: 100,
      residualTier: 'medium',
    });
    const supplierPage = textOf((await buyer.agent.get(`/suppliers/${supplierId}`)).text);
    expect(supplierPage).to.match(/Residual risk: Medium score 100 on \w{3} \d{1,2}, \d{4}/);
    expect(supplierPage).not.to.include('Residual risk appears once an assessment is completed.');

    const vendorView = (await vendor.agent.get(`/assessments/${assessmentId}`)).text;
    expect(vendorView).to.match(/<p class="stat-number">100<span/);
    expect(textOf(vendorView)).not.to.include('Residual risk');
  });

  it('complete or return before the vendor hands in → "The vendor has not handed this assessment in."; nothing is scored', async () => {
    const { buyer, assessmentId, supplierId } = await sentAssessment();
    for (const [action, form] of [
      ['complete', {}],
      ['return', { note: 'Too early.' }],
    ] as const) {
      const response = await submit(buyer.agent, `/assessments/${assessmentId}/${action}`, form);
      expect(flashes((await follow(buyer.agent, response)).text), action).to.deep.equal([
        { type: 'danger', text: 'The vendor has not handed this assessment in.' },
      ]);
    }
    const stored = await storedAssessment(assessmentId);
    expect(stored?.status).to.equal('sent');
    expect(stored?.scores).to.equal(undefined);
    expect((await storedSupplier(supplierId)).summary.assessment).to.equal(undefined);
  });
});
