import { expect } from 'chai';
import type { Document } from 'mongodb';
import mongoose from 'mongoose';
import { verifyAuditChain } from '../../src/modules/audit';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { sha256 } from '../agreements/support';
import { auditEvents, makePdf, submit, upload } from '../suppliers/support';
import {
  answerEverything,
  attachEvidence,
  autosave,
  findingForm,
  handIn,
  publishedDefaultTemplate,
  raiseFindingOn,
  saved,
  sendAssessment,
  storedAnswer,
} from './records';

/** The one audit event of `action` about `targetId`; fails unless there is exactly one. */
async function theEvent(action: string, targetId: string): Promise<Document> {
  const events = await auditEvents(action, { 'target.id': targetId });
  expect(events, `${action} events about ${targetId}`).to.have.length(1);
  return events[0]!;
}

/** Checks who an event names as the actor. */
function expectActor(event: Document | undefined, who: SignedIn): void {
  expect(event?.actor).to.deep.equal({ id: who.user.id, email: who.user.email, role: who.user.role });
}

describe('assessments: audit trail', () => {
  let buyer: SignedIn;
  let vendor: SignedIn;
  let supplierId: string;
  let templateId: string;

  before(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplierId = (await createSupplier({ name: 'Harbour Hosting' })).id;
    vendor = await signedInAs({ role: 'vendor', supplierId });
    templateId = await publishedDefaultTemplate();
  });

  /** Each test works on an assessment of its own; one per questionnaire may be open, so the last is cancelled. */
  let assessmentId: string;
  beforeEach(async () => {
    assessmentId = await sendAssessment(buyer, supplierId, templateId);
  });
  afterEach(async () => {
    await submit(buyer.agent, `/assessments/${assessmentId}/cancel`, { note: 'Next test' });
  });

  it('answers: every change of an answer is audited with who, when, the old and the new value', async () => {
    const started = new Date();
    await saved(vendor, assessmentId, 'iam_01', { value: 'yes' });
    await saved(vendor, assessmentId, 'iam_01', { value: 'partial' });
    const section = await submit(vendor.agent, `/assessments/${assessmentId}/sections/access_control`, {
      q_iam_01: 'no',
    });
    expect(section.status).to.equal(303);
    const finished = new Date();

    const events = await auditEvents('answers.change', { 'target.id': `${assessmentId}:iam_01` });
    expect(events.map((event) => [event.details?.old, event.details?.new])).to.deep.equal([
      ['', 'yes'],
      ['yes', 'partial'],
      ['partial', 'no'],
    ]);
    for (const event of events) {
      expectActor(event, vendor);
      expect(event.outcome).to.equal('success');
      expect(event.supplier).to.equal(supplierId);
      expect(event.target).to.deep.equal({ type: 'answer', id: `${assessmentId}:iam_01`, label: 'iam_01' });
      expect(event.details).to.include({ question: 'iam_01', noteChanged: false });
      expect(event.at).to.be.within(started, finished);
    }
  });

  it('answers: choices, notes and clearing are audited: several choices as a list, a note-only change with its old and new text, a cleared answer with an empty new value', async () => {
    await saved(vendor, assessmentId, 'gov_05', { value: ['soc2_type2', 'iso27001'] });
    await saved(vendor, assessmentId, 'gov_05', {
      value: ['iso27001', 'soc2_type2'],
      note: 'Both renewed in 2026',
    });
    await saved(vendor, assessmentId, 'gov_05', { value: [] });

    const events = await auditEvents('answers.change', { 'target.id': `${assessmentId}:gov_05` });
    expect(events.map((event) => event.details)).to.deep.equal([
      { question: 'gov_05', old: '', new: 'iso27001, soc2_type2', noteChanged: false, overwrote: false },
      {
        question: 'gov_05',
        old: 'iso27001, soc2_type2',
        new: 'iso27001, soc2_type2',
        noteChanged: true,
        oldNote: '',
        newNote: 'Both renewed in 2026',
        overwrote: false,
      },
      { question: 'gov_05', old: 'iso27001, soc2_type2', new: '', noteChanged: false, overwrote: false },
    ]);
  });

  it('answers: a save retried with the same saveId is applied and audited once', async () => {
    const body = { value: 'yes', saveId: 'retried-save-0001' };
    expect((await autosave(vendor, assessmentId, 'enc_01', body)).status).to.equal(200);
    expect((await autosave(vendor, assessmentId, 'enc_01', body)).status).to.equal(200);
    expect(await auditEvents('answers.change', { 'target.id': `${assessmentId}:enc_01` })).to.have.length(1);
  });

  it('answers: evidence added and removed, a carried-forward answer confirmed and comments are each audited', async () => {
    const pdf = await makePdf('MFA policy');
    const uploaded = await upload(
      vendor.agent,
      `/assessments/${assessmentId}/answers/gov_01/evidence`,
      pdf,
      'mfa-policy.pdf',
    );
    expect(uploaded.status).to.equal(303);
    const added = await theEvent('answers.evidence_add', `${assessmentId}:gov_01`);
    expectActor(added, vendor);
    expect(added.target?.label).to.equal('mfa-policy.pdf');
    expect(added.details).to.deep.equal({ question: 'gov_01', sha256: sha256(pdf), bytes: pdf.length });

    const fileId = (await storedAnswer(assessmentId, 'gov_01'))?.evidence[0]?.fileId;
    await submit(vendor.agent, `/assessments/${assessmentId}/answers/gov_01/evidence/${fileId}/delete`);
    const removed = await theEvent('answers.evidence_remove', `${assessmentId}:gov_01`);
    expectActor(removed, vendor);
    expect(removed.details).to.deep.equal({ question: 'gov_01', sha256: sha256(pdf) });

    // As a new cycle leaves an answer carried forward from the last completed one.
    await saved(vendor, assessmentId, 'hr_01', { value: 'yes' });
    await mongoose.connection
      .collection('answers')
      .updateOne({ _id: `${assessmentId}:hr_01` as never }, { $set: { carriedForward: true } });
    await submit(vendor.agent, `/assessments/${assessmentId}/answers/hr_01/confirm`);
    const confirmed = await theEvent('answers.confirm', `${assessmentId}:hr_01`);
    expectActor(confirmed, vendor);
    expect(confirmed.details).to.deep.equal({ question: 'hr_01', value: 'yes' });

    await submit(vendor.agent, `/assessments/${assessmentId}/answers/hr_02/comments`, {
      text: 'Which standard?',
    });
    await submit(buyer.agent, `/assessments/${assessmentId}/answers/hr_02/comments`, {
      text: 'Any you follow.',
    });
    const comments = await auditEvents('answers.comment', { 'target.id': `${assessmentId}:hr_02` });
    expect(comments.map((event) => [event.actor?.id, event.details?.side])).to.deep.equal([
      [vendor.user.id, 'vendor'],
      [buyer.user.id, 'staff'],
    ]);
  });

  it('assessments: sending, handing in, returning, every review decision and completing are each audited', async () => {
    const sent = await theEvent('assessments.send', assessmentId);
    expectActor(sent, buyer);
    expect(sent.supplier).to.equal(supplierId);
    expect(sent.details).to.include({ template: templateId, version: 1 });

    await answerEverything(assessmentId);
    await handIn(vendor, assessmentId);
    await submit(buyer.agent, `/assessments/${assessmentId}/return`, { note: 'Please add the policy' });
    await attachEvidence(vendor, assessmentId, 'gov_01');
    await handIn(vendor, assessmentId);

    const submits = await auditEvents('assessments.submit', { 'target.id': assessmentId });
    expect(submits).to.have.length(2);
    for (const event of submits) expectActor(event, vendor);
    const returned = await theEvent('assessments.return', assessmentId);
    expectActor(returned, buyer);
    expect(returned.details).to.deep.equal({ note: 'Please add the policy' });

    const review = `/assessments/${assessmentId}/answers`;
    await submit(buyer.agent, `${review}/gov_02/review`, { verdict: 'accepted' });
    await submit(buyer.agent, `${review}/gov_03/review`, { verdict: 'clarification', message: 'Who is it?' });
    await submit(buyer.agent, `${review}/gov_01/review`, findingForm({ severity: 'critical' }));
    const decisions = await auditEvents('assessments.review_answer', {
      'target.id': { $in: ['gov_02', 'gov_03', 'gov_01'].map((key) => `${assessmentId}:${key}`) },
    });
    const findingId = (await storedAnswer(assessmentId, 'gov_01'))?.review?.findingId;
    expect(decisions.map((event) => [event.target?.id, event.details])).to.deep.equal([
      [`${assessmentId}:gov_02`, { verdict: 'accepted' }],
      [`${assessmentId}:gov_03`, { verdict: 'clarification' }],
      [`${assessmentId}:gov_01`, { verdict: 'finding', finding: findingId }],
    ]);
    for (const event of decisions) expectActor(event, buyer);

    await submit(buyer.agent, `/assessments/${assessmentId}/complete`);
    const completed = await theEvent('assessments.complete', assessmentId);
    expectActor(completed, buyer);
    expect(completed.details).to.include({ openFindings: 1 });
    expect(completed.details).to.have.keys(['score', 'residual', 'inherent', 'openFindings']);
  });

  it('assessments: cancelling is audited with the reason', async () => {
    await submit(buyer.agent, `/assessments/${assessmentId}/cancel`, { note: 'Contract not signed' });
    const cancelled = await theEvent('assessments.cancel', assessmentId);
    expectActor(cancelled, buyer);
    expect(cancelled.details).to.deep.equal({ note: 'Contract not signed' });
  });

  it('findings: raising, responding, evidence, reopening, resolving, accepting the risk and comments are each audited', async () => {
    await answerEverything(assessmentId);
    await handIn(vendor, assessmentId);
    const findingId = await raiseFindingOn(buyer, assessmentId, 'gov_07', {
      severity: 'medium',
      dueDate: '2031-03-31',
    });
    const raised = await theEvent('findings.raise', findingId);
    expectActor(raised, buyer);
    expect(raised.supplier).to.equal(supplierId);
    expect(raised.target?.label).to.equal('Policy not reviewed this year');
    expect(raised.details).to.deep.equal({ severity: 'medium', question: 'gov_07', due: '2031-03-31' });

    await submit(vendor.agent, `/findings/${findingId}/respond`, { plan: 'Board approval in March' });
    const pdf = await makePdf('Board minutes');
    await upload(vendor.agent, `/findings/${findingId}/evidence`, pdf, 'board-minutes.pdf');
    await submit(buyer.agent, `/findings/${findingId}/reopen`, { note: 'Which board meeting?' });
    await submit(vendor.agent, `/findings/${findingId}/comments`, { text: 'The one on 12 March' });
    await submit(buyer.agent, `/findings/${findingId}/close`, { kind: 'resolved' });

    expectActor(await theEvent('findings.respond', findingId), vendor);
    const evidence = await theEvent('findings.evidence_add', findingId);
    expectActor(evidence, vendor);
    expect(evidence.details).to.deep.equal({ sha256: sha256(pdf) });
    expectActor(await theEvent('findings.reopen', findingId), buyer);
    expectActor(await theEvent('findings.comment', findingId), vendor);
    expectActor(await theEvent('findings.resolve', findingId), buyer);

    const accepted = await raiseFindingOn(buyer, assessmentId, 'gov_02', { severity: 'low' });
    await submit(buyer.agent, `/findings/${accepted}/close`, {
      kind: 'accepted',
      justification: 'Compensating control: yearly external audit',
      approver: 'Chen Jing, CISO',
    });
    const acceptance = await theEvent('findings.accept_risk', accepted);
    expectActor(acceptance, buyer);
    expect(acceptance.details).to.deep.equal({ approver: 'Chen Jing, CISO' });
  });

  it('audit: with all these events the audit chain still verifies', async () => {
    const stored = await mongoose.connection.collection('audit_events').countDocuments({});
    expect(await verifyAuditChain()).to.deep.equal({ ok: true, checked: stored });
  });
});
