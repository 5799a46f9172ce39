import { expect } from 'chai';
import mongoose from 'mongoose';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, type TestSupplier } from '../helpers/factories';
import {
  auditEvents,
  badges,
  day,
  download,
  follow,
  idFrom,
  glanceOf,
  listRow,
  makePdf,
  recordAgreement,
  sha256,
  shown,
  storedAgreement,
  storedCounts,
  textOf,
  upload,
} from './support';

describe('agreements: versions', () => {
  let buyer: SignedIn;
  let supplier: TestSupplier;
  let firstId: string;
  let firstUrl: string;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplier = await createSupplier({ name: 'Acme Cloud' });
    firstId = await recordAgreement(buyer, supplier.id, {
      type: 'nda',
      status: 'signed',
      effectiveDate: day(-400),
      expiryDate: day(200),
    });
    firstUrl = `/suppliers/${supplier.id}/agreements/${firstId}`;
    await upload(buyer.agent, `${firstUrl}/file`, await makePdf('NDA version 1'), 'nda-v1.pdf');
  });

  it('a new version signed → the old one is superseded (kept, linked to the new one) and the supplier summary uses the new dates', async () => {
    const renewed = await makePdf('NDA version 2');
    const response = await upload(buyer.agent, `${firstUrl}/versions`, renewed, 'nda-v2.pdf', {
      status: 'signed',
      effectiveDate: day(-1),
      expiryDate: day(1000),
      note: 'Renewed for three years',
    });
    const newPage = await follow(buyer.agent, response);
    const secondId = idFrom(response);
    expect(secondId).to.be.a('string').and.not.equal(firstId);
    expect(textOf(newPage.text)).to.include('The new version has been stored.');
    expect(textOf(newPage.text)).to.include('Renewed for three years');

    const second = await storedAgreement(secondId);
    expect(second).to.include({ status: 'signed', version: 2, previousId: firstId });
    expect(second.file?.sha256).to.equal(sha256(renewed));
    const first = await storedAgreement(firstId);
    expect(first).to.include({ status: 'superseded', supersededById: secondId });
    expect(first.file?.filename, 'the old document is kept').to.equal('nda-v1.pdf');

    const oldPage = await buyer.agent.get(firstUrl);
    expect(textOf(oldPage.text)).to.include(
      'A newer version has superseded this one; it is kept for the record.',
    );
    expect(oldPage.text).to.include(`href="/suppliers/${supplier.id}/agreements/${secondId}"`);
    expect(
      (await download(buyer.agent, `${firstUrl}/download`)).status,
      'the old version still downloads',
    ).to.equal(200);
    expect(textOf(newPage.text)).to.match(/v1 · Superseded · nda-v1\.pdf/);

    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda).to.deep.equal({
      state: 'Signed',
      until: `until ${shown(day(1000))}`,
    });
    const row = listRow((await buyer.agent.get('/suppliers')).text, supplier.id);
    expect(badges(row!)[0]?.until).to.equal(`until ${shown(day(1000))}`);
  });

  it('a new version as a draft → the old one stays signed and in force', async () => {
    const response = await upload(
      buyer.agent,
      `${firstUrl}/versions`,
      await makePdf('Draft v2'),
      'nda-v2-draft.pdf',
      {
        status: 'draft',
        effectiveDate: day(10),
        expiryDate: day(1200),
      },
    );
    expect(response.status).to.equal(303);
    const secondId = idFrom(response);
    expect(await storedAgreement(secondId)).to.include({ status: 'draft', version: 2, previousId: firstId });
    const first = await storedAgreement(firstId);
    expect(first.status).to.equal('signed');
    expect(first.supersededById).to.equal(undefined);

    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda).to.deep.equal({
      state: 'Signed',
      until: `until ${shown(day(200))}`,
    });
    expect(textOf((await buyer.agent.get(firstUrl)).text)).not.to.include(
      'A newer version has superseded this one',
    );
  });

  it('a draft version later edited to signed → the earlier version is superseded then', async () => {
    const response = await upload(buyer.agent, `${firstUrl}/versions`, await makePdf('Draft v2'), 'v2.pdf', {
      status: 'draft',
      effectiveDate: day(-2),
      expiryDate: day(900),
    });
    const secondId = idFrom(response);
    const edited = await buyer.post(`/suppliers/${supplier.id}/agreements/${secondId}`, {
      status: 'signed',
      effectiveDate: day(-2),
      expiryDate: day(900),
      sig_name_0: 'Wang Fang',
      sig_party_0: 'company',
    });
    expect(edited.status).to.equal(303);
    expect(await storedAgreement(firstId)).to.include({ status: 'superseded', supersededById: secondId });
    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda.until).to.equal(`until ${shown(day(900))}`);
  });

  it('a new version on a superseded one → refused ("work on the latest version"), nothing stored', async () => {
    await upload(buyer.agent, `${firstUrl}/versions`, await makePdf('v2'), 'v2.pdf', {
      status: 'signed',
      effectiveDate: day(-1),
      expiryDate: day(500),
    });
    const before = await storedCounts();
    const response = await upload(buyer.agent, `${firstUrl}/versions`, await makePdf('v3'), 'v3.pdf', {
      status: 'signed',
      effectiveDate: day(-1),
      expiryDate: day(600),
    });
    const page = await follow(buyer.agent, response);
    expect(textOf(page.text)).to.include('A newer version exists; work on the latest version.');
    expect(await storedCounts()).to.deep.equal(before);
  });

  it('a new signed version with a new effective date but no expiry → never stored with an expiry before its effective date', async () => {
    const expired = await recordAgreement(buyer, supplier.id, {
      type: 'dpa',
      status: 'signed',
      effectiveDate: day(-700),
      expiryDate: day(-300),
    });
    const expiredUrl = `/suppliers/${supplier.id}/agreements/${expired}`;
    await upload(buyer.agent, `${expiredUrl}/file`, await makePdf('DPA 2023'), 'dpa-2023.pdf');
    await upload(buyer.agent, `${expiredUrl}/versions`, await makePdf('DPA renewed'), 'dpa-renewed.pdf', {
      status: 'signed',
      effectiveDate: day(-1),
    });

    const versions = await mongoose.connection.collection('agreements').find({ type: 'dpa' }).toArray();
    for (const version of versions) {
      if (version.effectiveDate instanceof Date && version.expiryDate instanceof Date)
        expect(version.expiryDate.getTime(), `v${version.version} ends before it starts`).to.be.greaterThan(
          version.effectiveDate.getTime(),
        );
    }
    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).dpa.state).to.not.equal('Expired');
  });
});

describe('agreements: the vendor countersigns', () => {
  let buyer: SignedIn;
  let vendor: SignedIn;
  let supplier: TestSupplier;
  let firstId: string;
  let firstUrl: string;
  let original: Buffer;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplier = await createSupplier({ name: 'Acme Cloud' });
    vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
    firstId = await recordAgreement(buyer, supplier.id, {
      type: 'nda',
      status: 'sent',
      effectiveDate: day(-5),
      expiryDate: day(730),
      notes: 'Internal: legal asked for a shorter term',
    });
    firstUrl = `/suppliers/${supplier.id}/agreements/${firstId}`;
    original = await makePdf('NDA signed by us');
    await upload(buyer.agent, `${firstUrl}/file`, original, 'nda-for-signature.pdf');
  });

  /** The vendor hands in a countersigned copy; returns the new version's id. */
  async function countersign(file?: Buffer): Promise<string> {
    const response = await upload(
      vendor.agent,
      `${firstUrl}/countersigned`,
      file ?? (await makePdf('NDA countersigned by Acme')),
      'nda-countersigned.pdf',
    );
    expect(response.status).to.equal(303);
    const id = idFrom(response);
    if (id === firstId) throw new Error(`no new version: ${String(response.headers.location)}`);
    return id;
  }

  it('the vendor sees its agreements list and downloads the document to sign, without internal notes', async () => {
    const list = await vendor.agent.get(`/suppliers/${supplier.id}/agreements`);
    expect(list.status).to.equal(200);
    expect(list.text).to.include(`href="${firstUrl}/download"`);
    expect(textOf(list.text)).to.include('nda-for-signature.pdf');
    const page = await vendor.agent.get(firstUrl);
    expect(page.status).to.equal(200);
    expect(page.text).not.to.include('legal asked for a shorter term');
    expect(page.text).to.include(`${firstUrl}/countersigned?_csrf=`);

    const file = await download(vendor.agent, `${firstUrl}/download`);
    expect(file.status).to.equal(200);
    expect(Buffer.compare(file.body, original)).to.equal(0);
    const downloads = await auditEvents('agreements.download');
    expect(downloads.map((event) => event.actor?.id)).to.deep.equal([vendor.user.id]);
  });

  it('a countersigned copy → a new version awaiting approval; the summary is unchanged and the list filter shows the supplier', async () => {
    const copy = await makePdf('NDA countersigned by Acme');
    const response = await upload(vendor.agent, `${firstUrl}/countersigned`, copy, 'nda-countersigned.pdf');
    const page = await follow(vendor.agent, response);
    expect(textOf(page.text)).to.include(
      'Thank you: your countersigned copy has been handed in and waits for approval.',
    );
    expect(textOf(page.text)).to.include('Awaiting approval');
    const pendingId = idFrom(response);
    const pending = await storedAgreement(pendingId);
    expect(pending).to.include({ status: 'sent', version: 2, previousId: firstId });
    expect(pending.approval?.state).to.equal('pending');
    expect(pending.file?.sha256).to.equal(sha256(copy));
    expect(pending.file?.uploadedById).to.equal(vendor.user.id);

    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda.state).to.equal('Sent for signature');
    const filtered = await buyer.agent.get('/suppliers?agreement=pending_approval');
    expect(listRow(filtered.text, supplier.id), 'listed under "Countersigned, awaiting approval"').to.be.a(
      'string',
    );
    expect(filtered.text).to.match(
      /<option value="pending_approval" selected>Countersigned, awaiting approval</,
    );
    const other = await createSupplier({ name: 'Beta Analytics' });
    const again = await buyer.agent.get('/suppliers?agreement=pending_approval');
    expect(listRow(again.text, other.id), 'a supplier without uploads is not listed').to.equal(undefined);
  });

  it('procurement approves → the copy becomes the signed version, the earlier one superseded, the summary signed', async () => {
    const pendingId = await countersign();
    const pendingUrl = `/suppliers/${supplier.id}/agreements/${pendingId}`;
    const buyerView = await buyer.agent.get(pendingUrl);
    expect(buyerView.text).to.include(`action="${pendingUrl}/approve"`);

    const page = await follow(buyer.agent, await buyer.post(`${pendingUrl}/approve`));
    expect(textOf(page.text)).to.include('The countersigned copy is approved and is now the signed version.');
    const approved = await storedAgreement(pendingId);
    expect(approved.status).to.equal('signed');
    expect(approved.approval?.state).to.equal('approved');
    expect(await storedAgreement(firstId)).to.include({ status: 'superseded', supersededById: pendingId });

    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda).to.deep.equal({
      state: 'Signed',
      until: `until ${shown(day(730))}`,
    });
    const filtered = await buyer.agent.get('/suppliers?agreement=pending_approval');
    expect(listRow(filtered.text, supplier.id)).to.equal(undefined);
    expect(await auditEvents('agreements.approve')).to.have.length(1);
  });

  it('procurement rejects with a note → the copy stays rejected, the note is in its history, nothing else changes', async () => {
    const pendingId = await countersign();
    const pendingUrl = `/suppliers/${supplier.id}/agreements/${pendingId}`;
    const page = await follow(
      buyer.agent,
      await buyer.post(`${pendingUrl}/reject`, { note: 'The signature page is missing' }),
    );
    expect(textOf(page.text)).to.include('The countersigned copy was rejected.');
    expect(textOf(page.text)).to.include('Countersigned copy rejected');
    expect(textOf(page.text)).to.include('The signature page is missing');

    const approveAfter = await follow(buyer.agent, await buyer.post(`${pendingUrl}/approve`));
    expect(textOf(approveAfter.text)).to.include('This copy is not waiting for approval.');
    const rejected = await storedAgreement(pendingId);
    expect(rejected.approval?.state).to.equal('rejected');
    expect(rejected.status).to.equal('sent');
    expect(rejected.history.map((event) => event.action)).to.include('rejected');
    expect((await storedAgreement(firstId)).status, 'the original stays as it was').to.equal('sent');

    const vendorView = await vendor.agent.get(pendingUrl);
    expect(textOf(vendorView.text)).to.include('The signature page is missing');
    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda.state).to.equal('Sent for signature');
    const filtered = await buyer.agent.get('/suppliers?agreement=pending_approval');
    expect(listRow(filtered.text, supplier.id)).to.equal(undefined);
  });

  it('the vendor cannot approve its own copy → 403, still pending', async () => {
    const pendingId = await countersign();
    const response = await vendor.post(`/suppliers/${supplier.id}/agreements/${pendingId}/approve`);
    expect(response.status).to.equal(403);
    expect((await storedAgreement(pendingId)).approval?.state).to.equal('pending');
    const reject = await vendor.post(`/suppliers/${supplier.id}/agreements/${pendingId}/reject`);
    expect(reject.status).to.equal(403);
    expect((await storedAgreement(pendingId)).approval?.state).to.equal('pending');
  });

  it('the vendor cannot record or edit agreements → 403, nothing changes', async () => {
    expect((await vendor.agent.get(`/suppliers/${supplier.id}/agreements/new`)).status).to.equal(403);
    const create = await vendor.post(`/suppliers/${supplier.id}/agreements`, {
      type: 'dpa',
      status: 'draft',
      sig_party_0: 'company',
    });
    expect(create.status).to.equal(403);
    expect((await vendor.agent.get(`${firstUrl}/edit`)).status).to.equal(403);
    const edit = await vendor.post(firstUrl, {
      status: 'signed',
      effectiveDate: day(-5),
      expiryDate: day(730),
      sig_name_0: 'Mallory',
      sig_party_0: 'supplier',
    });
    expect(edit.status).to.equal(403);
    const stored = await storedAgreement(firstId);
    expect(stored.status).to.equal('sent');
    expect(stored.signatories.map((signatory) => signatory.name)).to.deep.equal(['Wang Fang']);
    expect(await auditEvents('agreements.create')).to.have.length(1);
  });

  it('a second countersigned copy after a rejection → a version number of its own, not a second v2', async () => {
    const rejectedId = await countersign();
    await buyer.post(`/suppliers/${supplier.id}/agreements/${rejectedId}/reject`, { note: 'Unsigned' });
    const secondCopyId = await countersign(await makePdf('NDA countersigned, second try'));

    const numbers = await Promise.all(
      [firstId, rejectedId, secondCopyId].map(async (id) => (await storedAgreement(id)).version),
    );
    expect(numbers).to.deep.equal([1, 2, 3]);
    const page = await buyer.agent.get(`/suppliers/${supplier.id}/agreements/${secondCopyId}`);
    expect(textOf(page.text)).to.match(/Acme Cloud · v3/);
  });

  it('a pending copy superseded by a later approved copy → no longer awaiting approval and cannot be approved', async () => {
    const firstCopyId = await countersign(await makePdf('first copy'));
    const firstCopyUrl = `/suppliers/${supplier.id}/agreements/${firstCopyId}`;
    const correctedResponse = await upload(
      vendor.agent,
      `${firstCopyUrl}/countersigned`,
      await makePdf('corrected copy'),
      'nda-corrected.pdf',
    );
    const correctedId = idFrom(correctedResponse);
    await buyer.post(`/suppliers/${supplier.id}/agreements/${correctedId}/approve`);
    expect(await storedAgreement(firstCopyId)).to.include({
      status: 'superseded',
      supersededById: correctedId,
    });

    const filtered = await buyer.agent.get('/suppliers?agreement=pending_approval');
    expect(listRow(filtered.text, supplier.id), 'nothing waits for approval any more').to.equal(undefined);
    expect((await buyer.agent.get(firstCopyUrl)).text).not.to.include(`action="${firstCopyUrl}/approve"`);
    const late = await follow(buyer.agent, await buyer.post(`${firstCopyUrl}/approve`));
    expect(textOf(late.text)).to.include('This copy is not waiting for approval.');
    expect((await storedAgreement(firstCopyId)).status).to.equal('superseded');
    expect((await storedAgreement(correctedId)).status).to.equal('signed');
  });
});
