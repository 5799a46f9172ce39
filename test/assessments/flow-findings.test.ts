import { expect } from 'chai';
import mongoose from 'mongoose';
import { findingDirectory, type FindingRecord } from '../../src/modules/findings';
import { csrfToken, signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  auditEvents,
  day,
  download,
  fieldError,
  flashes,
  follow,
  inputValue,
  makePdf,
  shownDate,
  storedSupplier,
  submit,
  textareaValue,
  textOf,
  upload,
} from '../suppliers/support';
import {
  answerWell,
  decide,
  findingForm,
  handIn,
  sentAssessment,
  storedFindings,
  type Scenario,
} from './flow-support';

/** A handed-in assessment of a new supplier, with a finding raised on acc_mfa; returns its id too. */
async function withFinding(
  options: { supplierName?: string; fields?: Record<string, string> } = {},
): Promise<Scenario & { findingId: string }> {
  const scenario = await sentAssessment({ supplierName: options.supplierName });
  await answerWell(scenario.vendor, scenario.assessmentId);
  await handIn(scenario.vendor, scenario.assessmentId);
  const response = await decide(
    scenario.buyer,
    scenario.assessmentId,
    'acc_mfa',
    findingForm(options.fields),
  );
  expect(response.status, response.text.slice(0, 200)).to.equal(303);
  const findingId = (await storedFindings()).at(-1)?._id.toString() ?? '';
  return { ...scenario, findingId };
}

/** Another finding on the same handed-in assessment. */
async function anotherFinding(
  scenario: Scenario,
  key: string,
  fields: Record<string, string>,
): Promise<string> {
  await decide(scenario.buyer, scenario.assessmentId, key, findingForm(fields));
  return (await storedFindings()).at(-1)?._id.toString() ?? '';
}

async function storedFinding(id: string): Promise<FindingRecord | null> {
  return mongoose.connection
    .collection<FindingRecord>('findings')
    .findOne({ _id: new mongoose.Types.ObjectId(id) });
}

/** Moves a finding's due date (as time passing would), telling the in-memory list. */
async function setDueDate(id: string, dueDate: Date): Promise<void> {
  const updated = await mongoose.connection
    .collection<FindingRecord>('findings')
    .findOneAndUpdate(
      { _id: new mongoose.Types.ObjectId(id) },
      { $set: { dueDate } },
      { returnDocument: 'after' },
    );
  if (updated) await findingDirectory.publish(updated);
}

/** The cells of each row of the (first) findings table on a page, as text. */
function rows(html: string): string[][] {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => textOf(cell[1] ?? '')),
  );
}

/** The titles in the (first) findings table on a page, in the order shown. */
const titles = (html: string): string[] => rows(html).map((cells) => cells[0] ?? '');

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
/** How a due date `days` from today, as the finding form sends it, is shown. */
const dueIn = (days: number) => shownDate(new Date(`${day(days)}T00:00:00Z`));

describe('findings: lists', () => {
  beforeEach(resetDatabase);

  it('across suppliers: unresolved first, most severe first, with the supplier; filters by status, severity and overdue', async () => {
    const harbour = await withFinding({
      supplierName: 'Harbour Hosting',
      fields: { severity: 'medium', title: 'No access reviews' },
    });
    await anotherFinding(harbour, 'ops_staff', { severity: 'critical', title: 'Too many admins' });
    const lotus = await withFinding({
      supplierName: 'Lotus Payroll',
      fields: { severity: 'high', title: 'Weak MFA' },
    });
    const closed = await anotherFinding(lotus, 'acc_review', { severity: 'critical', title: 'Old critical' });
    await submit(lotus.buyer.agent, `/findings/${closed}/close`, { kind: 'resolved' });
    await setDueDate(harbour.findingId, daysAgo(2));

    const buyer = await signedInAs('procurement');
    const all = await buyer.agent.get('/findings');
    expect(textOf(all.text)).to.include('4 findings');
    expect(rows(all.text)).to.deep.equal([
      ['Too many admins', 'Harbour Hosting', 'Critical', 'Open', dueIn(45)],
      ['Weak MFA', 'Lotus Payroll', 'High', 'Open', dueIn(45)],
      ['No access reviews', 'Harbour Hosting', 'Medium', 'Open', `${shownDate(daysAgo(2))} Overdue`],
      ['Old critical', 'Lotus Payroll', 'Critical', 'Resolved', dueIn(45)],
    ]);

    const listed = async (query: string) => titles((await buyer.agent.get(`/findings?${query}`)).text);
    expect(await listed('status=unresolved')).to.deep.equal([
      'Too many admins',
      'Weak MFA',
      'No access reviews',
    ]);
    expect(await listed('status=resolved')).to.deep.equal(['Old critical']);
    expect(await listed('severity=critical')).to.deep.equal(['Too many admins', 'Old critical']);
    expect(await listed('overdue=1')).to.deep.equal(['No access reviews']);
    expect(await listed('severity=high&status=open')).to.deep.equal(['Weak MFA']);
    expect((await buyer.agent.get('/findings?severity=urgent')).status).to.equal(422);
  });

  it("per supplier: the supplier page lists its unresolved findings only; the assessment page lists the assessment's", async () => {
    const harbour = await withFinding({
      supplierName: 'Harbour Hosting',
      fields: { title: 'No access reviews' },
    });
    const resolved = await anotherFinding(harbour, 'ops_staff', { title: 'Too many admins' });
    await submit(harbour.buyer.agent, `/findings/${resolved}/close`, { kind: 'resolved' });
    await withFinding({ supplierName: 'Lotus Payroll', fields: { title: 'Weak MFA' } });

    const supplierPage = (await harbour.buyer.agent.get(`/suppliers/${harbour.supplierId}`)).text;
    expect(textOf(supplierPage)).to.include('Open findings');
    expect(titles(supplierPage.slice(supplierPage.indexOf('Open findings')))).to.deep.equal([
      'No access reviews',
    ]);
    const assessmentPage = (await harbour.buyer.agent.get(`/assessments/${harbour.assessmentId}`)).text;
    expect(titles(assessmentPage.slice(assessmentPage.indexOf('id="findings-heading"')))).to.deep.equal([
      'No access reviews',
      'Too many admins',
    ]);
  });

  it("a vendor's list holds only their supplier's findings, without a supplier column", async () => {
    const harbour = await withFinding({
      supplierName: 'Harbour Hosting',
      fields: { title: 'No access reviews' },
    });
    await withFinding({ supplierName: 'Lotus Payroll', fields: { title: 'Weak MFA' } });
    const page = await harbour.vendor.agent.get('/findings');
    expect(rows(page.text)).to.deep.equal([['No access reviews', 'High', 'Open', dueIn(45)]]);
    expect(textOf(page.text)).not.to.include('Lotus Payroll');
  });

  it('overdue: an unresolved finding past its due date is flagged on the list and its page; a closed one is not', async () => {
    const scenario = await withFinding({ fields: { title: 'No access reviews' } });
    const { buyer, findingId } = scenario;
    const lateClosed = await anotherFinding(scenario, 'ops_staff', { title: 'Too many admins' });
    await submit(buyer.agent, `/findings/${lateClosed}/close`, { kind: 'resolved' });
    await setDueDate(findingId, daysAgo(1));
    await setDueDate(lateClosed, daysAgo(1));

    const list = rows((await buyer.agent.get('/findings')).text);
    expect(list.map((cells) => [cells[0], cells[4]])).to.deep.equal([
      ['No access reviews', `${shownDate(daysAgo(1))} Overdue`],
      ['Too many admins', shownDate(daysAgo(1))],
    ]);
    expect(textOf((await buyer.agent.get(`/findings/${findingId}`)).text)).to.include('Overdue');
    expect(textOf((await buyer.agent.get(`/findings/${lateClosed}`)).text)).not.to.include('Overdue');
  });
});

describe('findings: the vendor responds', () => {
  let scenario: Scenario & { findingId: string };

  beforeEach(async () => {
    await resetDatabase();
    scenario = await withFinding();
  });

  it('a plan → "responded", shown on the page with who sent it; the buyer sees it', async () => {
    const { vendor, buyer, findingId } = scenario;
    const page = (await vendor.agent.get(`/findings/${findingId}`)).text;
    expect(page).to.include(`action="/findings/${findingId}/respond"`);
    const response = await submit(vendor.agent, `/findings/${findingId}/respond`, {
      plan: 'Hardware keys for support staff by the end of the quarter.',
    });
    expect(flashes((await follow(vendor.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'Your remediation plan has been sent.' },
    ]);
    const stored = await storedFinding(findingId);
    expect(stored?.status).to.equal('responded');
    expect(stored?.response).to.deep.include({
      plan: 'Hardware keys for support staff by the end of the quarter.',
      byName: 'Li Na',
    });
    expect(stored?.history.map((event) => event.action)).to.deep.equal(['raised', 'responded']);
    const buyerView = textOf((await buyer.agent.get(`/findings/${findingId}`)).text);
    expect(buyerView).to.include('Vendor responded');
    expect(buyerView).to.include('Hardware keys for support staff by the end of the quarter. Li Na');
  });

  it('an empty plan → "Fill in every required field."; nothing changes', async () => {
    const { vendor, findingId } = scenario;
    const response = await submit(vendor.agent, `/findings/${findingId}/respond`, { plan: '  ' });
    expect(flashes((await follow(vendor.agent, response)).text)).to.deep.equal([
      { type: 'danger', text: 'Fill in every required field.' },
    ]);
    expect((await storedFinding(findingId))?.status).to.equal('open');
  });

  it('evidence: a real PDF is attached with its SHA-256 and downloads intact for the buyer', async () => {
    const { vendor, buyer, findingId } = scenario;
    const pdf = await makePdf('Hardware key roll-out report');
    const response = await upload(vendor.agent, `/findings/${findingId}/evidence`, pdf, 'rollout.pdf');
    expect(flashes((await follow(vendor.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'The file has been attached.' },
    ]);
    const file = (await storedFinding(findingId))?.response?.evidence[0];
    expect(file).to.deep.include({ filename: 'rollout.pdf', kind: 'pdf', length: pdf.length });
    const downloaded = await download(buyer.agent, `/findings/${findingId}/evidence/${file?.fileId ?? ''}`);
    expect(downloaded.status).to.equal(200);
    expect(downloaded.body.equals(pdf)).to.equal(true);
    expect(await auditEvents('findings.evidence_download')).to.have.length(1);
  });

  it('evidence: text passed off as a .pdf → refused with the reason on the finding page; nothing attached', async () => {
    const { vendor, findingId } = scenario;
    const response = await upload(
      vendor.agent,
      `/findings/${findingId}/evidence`,
      Buffer.from('Remediation plan: we will fix it.\n'),
      'plan.pdf',
    );
    expect(response.headers.location).to.equal(`/findings/${findingId}`);
    const [message] = flashes((await follow(vendor.agent, response)).text);
    expect(message?.type).to.equal('danger');
    expect(message?.text).to.include('This file is not of an accepted kind');
    expect((await storedFinding(findingId))?.response).to.equal(undefined);
    expect(await mongoose.connection.collection('fs.files').countDocuments({})).to.be.at.most(1);
  });

  it('only the vendor responds: procurement → 403; another supplier’s vendor → 404', async () => {
    const { buyer, findingId } = scenario;
    expect((await submit(buyer.agent, `/findings/${findingId}/respond`, { plan: 'x' })).status).to.equal(403);
    const stranger = await signedInAs('vendor');
    expect((await submit(stranger.agent, `/findings/${findingId}/respond`, { plan: 'x' })).status).to.equal(
      404,
    );
    expect((await stranger.agent.get(`/findings/${findingId}`)).status).to.equal(404);
    expect((await storedFinding(findingId))?.status).to.equal('open');
  });
});

describe('findings: closing and reopening', () => {
  let scenario: Scenario & { findingId: string };

  beforeEach(async () => {
    await resetDatabase();
    scenario = await withFinding({ fields: { severity: 'critical' } });
  });

  it('resolved → closed, counted off the supplier, the vendor can no longer respond', async () => {
    const { buyer, vendor, supplierId, findingId } = scenario;
    expect((await storedSupplier(supplierId)).summary.findings).to.deep.include({ open: 1, critical: 1 });
    const response = await submit(buyer.agent, `/findings/${findingId}/close`, { kind: 'resolved' });
    expect(flashes((await follow(buyer.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'The finding has been closed.' },
    ]);
    const stored = await storedFinding(findingId);
    expect(stored?.status).to.equal('resolved');
    expect(stored?.closure).to.deep.include({ kind: 'resolved', byName: buyer.user.name });
    expect((await storedSupplier(supplierId)).summary.findings).to.deep.include({ open: 0, critical: 0 });

    const page = (await vendor.agent.get(`/findings/${findingId}`)).text;
    expect(page).not.to.include(`action="/findings/${findingId}/respond"`);
    const late = await submit(vendor.agent, `/findings/${findingId}/respond`, { plan: 'Too late' });
    expect(flashes((await follow(vendor.agent, late)).text)).to.deep.equal([
      { type: 'danger', text: 'The finding is closed.' },
    ]);
    expect(await auditEvents('findings.resolve')).to.have.length(1);
  });

  it('risk accepted without a justification or an approver → 422 with the message beside each field; nothing changes', async () => {
    const { buyer, findingId } = scenario;
    const response = await submit(buyer.agent, `/findings/${findingId}/close`, { kind: 'accepted' });
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'justification')).to.equal('This field is required.');
    expect(fieldError(response.text, 'approver')).to.equal('This field is required.');
    expect(textOf(response.text)).to.include('Please correct the 2 fields marked below.');
    expect((await storedFinding(findingId))?.status).to.equal('open');
  });

  it('risk accepted with a justification but no approver → 422 beside the approver, the justification kept', async () => {
    const { buyer, findingId } = scenario;
    const response = await submit(buyer.agent, `/findings/${findingId}/close`, {
      kind: 'accepted',
      justification: 'Compensating control: support staff have no production access.',
      approver: ' ',
    });
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'approver')).to.equal('This field is required.');
    expect(fieldError(response.text, 'justification')).to.equal(undefined);
    expect(textareaValue(response.text, 'justification')).to.equal(
      'Compensating control: support staff have no production access.',
    );
    expect((await storedFinding(findingId))?.status).to.equal('open');
  });

  it('risk accepted with both → "accepted", with approver and justification on the page and in the audit trail', async () => {
    const { buyer, supplierId, findingId } = scenario;
    const response = await submit(buyer.agent, `/findings/${findingId}/close`, {
      kind: 'accepted',
      justification: 'Compensating control: support staff have no production access.',
      approver: 'Zhang Wei, CISO',
    });
    const page = textOf((await follow(buyer.agent, response)).text);
    expect(page).to.include('Risk accepted');
    expect(page).to.include('Approved by: Zhang Wei, CISO');
    expect(page).to.include('Compensating control: support staff have no production access.');
    expect((await storedFinding(findingId))?.closure).to.deep.include({
      kind: 'accepted',
      approver: 'Zhang Wei, CISO',
      justification: 'Compensating control: support staff have no production access.',
    });
    const [event] = await auditEvents('findings.accept_risk');
    expect(event?.details).to.deep.equal({ approver: 'Zhang Wei, CISO' });
    expect((await storedSupplier(supplierId)).summary.findings).to.deep.include({ open: 0 });
  });

  it('the accept form keeps an approver typed when the justification was missing', async () => {
    const { buyer, findingId } = scenario;
    const response = await submit(buyer.agent, `/findings/${findingId}/close`, {
      kind: 'accepted',
      approver: 'Zhang Wei, CISO',
    });
    expect(response.status).to.equal(422);
    expect(fieldError(response.text, 'justification')).to.equal('This field is required.');
    expect(inputValue(response.text, 'approver')).to.equal('Zhang Wei, CISO');
  });

  it('reopen a responded finding with a note → open again; the note is in its history; the vendor can respond again', async () => {
    const { buyer, vendor, findingId } = scenario;
    await submit(vendor.agent, `/findings/${findingId}/respond`, { plan: 'We will think about it.' });
    const page = (await buyer.agent.get(`/findings/${findingId}`)).text;
    expect(page).to.include(`action="/findings/${findingId}/reopen"`);
    const response = await submit(buyer.agent, `/findings/${findingId}/reopen`, {
      note: 'A plan needs dates and owners.',
    });
    expect(flashes((await follow(buyer.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'The finding is open again.' },
    ]);
    const stored = await storedFinding(findingId);
    expect(stored?.status).to.equal('open');
    expect(stored?.history.map((event) => [event.action, event.note])).to.deep.equal([
      ['raised', 'critical'],
      ['responded', undefined],
      ['reopened', 'A plan needs dates and owners.'],
    ]);
    await submit(vendor.agent, `/findings/${findingId}/respond`, {
      plan: 'Keys ordered; roll-out by 30 June (IT lead).',
    });
    expect((await storedFinding(findingId))?.response?.plan).to.equal(
      'Keys ordered; roll-out by 30 June (IT lead).',
    );
  });

  it('"resolve" clicked three times at once → closed once (one history line, one audit event, the others told it is closed)', async () => {
    const { buyer, findingId } = scenario;
    const form = { _csrf: await csrfToken(buyer.agent), kind: 'resolved' };
    await Promise.all(
      [1, 2, 3].map(() => buyer.agent.post(`/findings/${findingId}/close`).type('form').send(form)),
    );
    const stored = await storedFinding(findingId);
    expect(stored?.history.map((event) => event.action)).to.deep.equal(['raised', 'resolved']);
    expect(await auditEvents('findings.resolve')).to.have.length(1);
  });

  it('vendors and auditors cannot close or reopen (403); the auditor reads the finding', async () => {
    const { vendor, findingId } = scenario;
    const auditor = await signedInAs('auditor');
    for (const who of [vendor, auditor]) {
      expect((await submit(who.agent, `/findings/${findingId}/close`, { kind: 'resolved' })).status).to.equal(
        403,
      );
      expect((await submit(who.agent, `/findings/${findingId}/reopen`, { note: 'x' })).status).to.equal(403);
    }
    const page = await auditor.agent.get(`/findings/${findingId}`);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.include(`action="/findings/${findingId}/close"`);
    expect((await storedFinding(findingId))?.status).to.equal('open');
  });
});
