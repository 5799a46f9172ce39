import { expect } from 'chai';
import type supertest from 'supertest';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, type TestSupplier } from '../helpers/factories';
import {
  auditEvents,
  day,
  download,
  idFrom,
  makePdf,
  recordAgreement,
  sha256,
  storedAgreement,
  storedCounts,
  upload,
} from './support';

describe('agreements: vendor isolation', () => {
  let buyer: SignedIn;
  let vendorOfA: SignedIn;
  let supplierA: TestSupplier;
  let supplierB: TestSupplier;
  let agreementOfA: string;
  let agreementOfB: string;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplierA = await createSupplier({ name: 'Acme Cloud' });
    supplierB = await createSupplier({ name: 'Borealis Payroll 北极星' });
    vendorOfA = await signedInAs({ role: 'vendor', supplierId: supplierA.id });
    agreementOfA = await recordAgreement(buyer, supplierA.id, { type: 'nda' });
    agreementOfB = await recordAgreement(buyer, supplierB.id, {
      type: 'dpa',
      title: 'Borealis payroll DPA',
    });
    await upload(
      buyer.agent,
      `/suppliers/${supplierA.id}/agreements/${agreementOfA}/file`,
      await makePdf('Acme NDA'),
      'acme.pdf',
    );
    await upload(
      buyer.agent,
      `/suppliers/${supplierB.id}/agreements/${agreementOfB}/file`,
      await makePdf('Borealis DPA'),
      'borealis-dpa.pdf',
    );
  });

  /** Runs a request and expects a 404 that names nothing of supplier B and leaves one access.denied event. */
  async function expectHiddenAndAudited(request: () => Promise<supertest.Response>, targetId: string) {
    const before = (await auditEvents('access.denied')).length;
    const response = await request();
    expect(response.status).to.equal(404);
    const body = Buffer.isBuffer(response.body) ? response.body.toString('utf8') : response.text;
    expect(body).not.to.include('Borealis');
    expect(body).not.to.include('%PDF');
    const events = await auditEvents('access.denied');
    expect(events).to.have.length(before + 1);
    const event = events.at(-1)!;
    expect(event.outcome).to.equal('denied');
    expect(event.actor?.id).to.equal(vendorOfA.user.id);
    expect(event.target?.id).to.equal(targetId);
  }

  it("supplier B's agreements list → 404, audited", async () => {
    await expectHiddenAndAudited(
      () => vendorOfA.agent.get(`/suppliers/${supplierB.id}/agreements`),
      supplierB.id,
    );
  });

  it("an agreement of B through B's URL → 404, audited", async () => {
    await expectHiddenAndAudited(
      () => vendorOfA.agent.get(`/suppliers/${supplierB.id}/agreements/${agreementOfB}`),
      supplierB.id,
    );
  });

  it("an agreement of B through A's own URL → 404, audited", async () => {
    await expectHiddenAndAudited(
      () => vendorOfA.agent.get(`/suppliers/${supplierA.id}/agreements/${agreementOfB}`),
      agreementOfB,
    );
  });

  it("B's document download, through B's URL or A's → 404, audited, no bytes sent", async () => {
    await expectHiddenAndAudited(
      () => download(vendorOfA.agent, `/suppliers/${supplierB.id}/agreements/${agreementOfB}/download`),
      supplierB.id,
    );
    await expectHiddenAndAudited(
      () => download(vendorOfA.agent, `/suppliers/${supplierA.id}/agreements/${agreementOfB}/download`),
      agreementOfB,
    );
    expect(await auditEvents('agreements.download')).to.have.length(0);
  });

  it('a countersigned copy posted to B → 404, audited, nothing stored and no new version', async () => {
    const before = await storedCounts();
    await expectHiddenAndAudited(
      () =>
        upload(
          vendorOfA.agent,
          `/suppliers/${supplierB.id}/agreements/${agreementOfB}/countersigned`,
          Buffer.from('%PDF-1.4\n% not really\n'),
          'countersigned.pdf',
        ),
      supplierB.id,
    );
    await expectHiddenAndAudited(
      () =>
        upload(
          vendorOfA.agent,
          `/suppliers/${supplierA.id}/agreements/${agreementOfB}/countersigned`,
          Buffer.from('%PDF-1.4\n% not really\n'),
          'countersigned.pdf',
        ),
      agreementOfB,
    );
    expect(await storedCounts()).to.deep.equal(before);
    expect((await storedAgreement(agreementOfB)).supersededById).to.equal(undefined);
    expect(await auditEvents('agreements.countersigned_upload')).to.have.length(0);
  });

  it("the vendor's own supplier still works: its list and download → 200", async () => {
    const list = await vendorOfA.agent.get(`/suppliers/${supplierA.id}/agreements`);
    expect(list.status).to.equal(200);
    expect(list.text).to.include('acme.pdf');
    expect(list.text).not.to.include('borealis-dpa.pdf');
    const file = await download(
      vendorOfA.agent,
      `/suppliers/${supplierA.id}/agreements/${agreementOfA}/download`,
    );
    expect(file.status).to.equal(200);
    expect(await auditEvents('access.denied')).to.have.length(0);
  });
});

describe('agreements: the auditor reads but never writes', () => {
  let buyer: SignedIn;
  let auditor: SignedIn;
  let supplier: TestSupplier;
  let ndaId: string;
  let dpaId: string;
  let pendingId: string;
  let pdf: Buffer;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    auditor = await signedInAs('auditor');
    supplier = await createSupplier({ name: 'Acme Cloud' });
    const vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
    ndaId = await recordAgreement(buyer, supplier.id, { type: 'nda', status: 'sent', notes: 'Staff remark' });
    dpaId = await recordAgreement(buyer, supplier.id, { type: 'dpa', status: 'draft' });
    pdf = await makePdf('NDA for the auditor');
    await upload(buyer.agent, `/suppliers/${supplier.id}/agreements/${ndaId}/file`, pdf, 'nda.pdf');
    const countersigned = await upload(
      vendor.agent,
      `/suppliers/${supplier.id}/agreements/${ndaId}/countersigned`,
      await makePdf('countersigned'),
      'countersigned.pdf',
    );
    pendingId = idFrom(countersigned);
  });

  it('the auditor reads the list and an agreement, and downloads the document (audited)', async () => {
    const base = `/suppliers/${supplier.id}/agreements`;
    const list = await auditor.agent.get(base);
    expect(list.status).to.equal(200);
    expect(list.text).to.include('nda.pdf');
    expect(list.text, 'no "record an agreement" button').not.to.include(`href="${base}/new"`);
    const page = await auditor.agent.get(`${base}/${ndaId}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Staff remark');
    expect(page.text, 'no edit or upload forms').not.to.match(
      /action="[^"]*\/(versions|file|countersigned)\?/,
    );
    const file = await download(auditor.agent, `${base}/${ndaId}/download`);
    expect(file.status).to.equal(200);
    expect(sha256(file.body)).to.equal(sha256(pdf));
    expect((await auditEvents('agreements.download')).map((event) => event.actor?.id)).to.deep.equal([
      auditor.user.id,
    ]);
  });

  it('every write route → 403 for the auditor, and nothing changes', async () => {
    const base = `/suppliers/${supplier.id}/agreements`;
    const agent = auditor.agent;
    const token = await csrfToken(agent);
    const before = await storedCounts();
    const form = { status: 'signed', effectiveDate: day(-1), expiryDate: day(100), sig_party_0: 'company' };
    const attempts: [string, () => Promise<supertest.Response>][] = [
      ['GET new', () => agent.get(`${base}/new`)],
      ['POST create', () => auditor.post(base, { ...form, type: 'nda' })],
      ['GET edit', () => agent.get(`${base}/${ndaId}/edit`)],
      ['POST update', () => auditor.post(`${base}/${ndaId}`, form)],
      ['POST file', () => upload(agent, `${base}/${dpaId}/file`, pdf, 'x.pdf')],
      ['POST versions', () => upload(agent, `${base}/${ndaId}/versions`, pdf, 'x.pdf', { status: 'signed' })],
      ['POST countersigned', () => upload(agent, `${base}/${ndaId}/countersigned`, pdf, 'x.pdf')],
      ['POST approve', () => auditor.post(`${base}/${pendingId}/approve`)],
      ['POST reject', () => auditor.post(`${base}/${pendingId}/reject`, { note: 'no' })],
      ['POST checklist', () => auditor.post(`${base}/${dpaId}/checklist`, { _csrf: token })],
    ];
    for (const [name, attempt] of attempts) {
      expect((await attempt()).status, name).to.equal(403);
    }
    expect(await storedCounts()).to.deep.equal(before);
    expect((await storedAgreement(ndaId)).status).to.equal('sent');
    expect((await storedAgreement(pendingId)).approval?.state).to.equal('pending');
    expect((await storedAgreement(dpaId)).file).to.equal(undefined);
    expect(await auditEvents('agreements.create')).to.have.length(2);
  });
});
