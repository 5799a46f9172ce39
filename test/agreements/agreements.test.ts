import { expect } from 'chai';
import { Binary } from 'mongodb';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { createApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/lib/logger';
import { signIn, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase, testDataDir, testEnv } from '../helpers/environment';
import { createSupplier, createUser, type TestSupplier } from '../helpers/factories';
import {
  PNG_BYTES,
  auditEvents,
  badges,
  day,
  download,
  follow,
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

describe('agreements: recording an NDA', () => {
  let buyer: SignedIn;
  let supplier: TestSupplier;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplier = await createSupplier({ name: 'Acme Cloud' });
  });

  it('procurement records a signed NDA with dates and signatories → the agreement page shows them', async () => {
    const effective = day(-10);
    const expiry = day(720);
    const response = await buyer.post(`/suppliers/${supplier.id}/agreements`, {
      type: 'nda',
      title: 'Mutual NDA 2025',
      status: 'signed',
      effectiveDate: effective,
      expiryDate: expiry,
      sig_name_0: 'Wang Fang',
      sig_title_0: 'Head of Procurement',
      sig_party_0: 'company',
      sig_signedOn_0: day(-11),
      sig_name_1: 'John Carter',
      sig_title_1: 'CEO',
      sig_party_1: 'supplier',
      sig_signedOn_1: day(-10),
    });
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.match(
      new RegExp(`^/suppliers/${supplier.id}/agreements/[a-f\\d]{24}$`),
    );

    const page = await follow(buyer.agent, response);
    expect(page.status).to.equal(200);
    const text = textOf(page.text);
    expect(text).to.include('The agreement has been recorded.');
    expect(text).to.include('NDA · Mutual NDA 2025');
    expect(text).to.include('Signed');
    expect(text).to.include(shown(effective));
    expect(text).to.include(shown(expiry));
    expect(text).to.include(`Wang Fang, Head of Procurement · ${shown(day(-11))}`);
    expect(text).to.include(`John Carter, CEO · ${shown(day(-10))}`);
    expect(text).to.include('No signed document uploaded yet.');

    const created = await auditEvents('agreements.create');
    expect(created).to.have.length(1);
    expect(created[0]?.supplier).to.equal(supplier.id);
  });

  it('expiry date before the effective date → 422, the message beside the expiry field, the input kept, nothing stored', async () => {
    const response = await buyer.post(`/suppliers/${supplier.id}/agreements`, {
      type: 'nda',
      title: 'Backwards NDA',
      status: 'signed',
      effectiveDate: '2025-06-01',
      expiryDate: '2025-05-01',
      sig_name_0: 'Wang Fang',
      sig_party_0: 'company',
      sig_party_1: 'supplier',
    });
    expect(response.status).to.equal(422);
    const fieldError = /id="field-expiryDate-error">([^<]*)</.exec(response.text)?.[1];
    expect(fieldError?.trim()).to.equal('The expiry date must come after the effective date.');
    expect(response.text).to.match(/id="field-effectiveDate"[^>]*value="2025-06-01"/);
    expect(response.text).to.match(/id="field-expiryDate"[^>]*value="2025-05-01"/);
    expect(response.text).to.match(/id="field-title"[^>]*value="Backwards NDA"/);
    expect(response.text).to.match(/id="field-sig_name_0"[^>]*value="Wang Fang"/);
    expect(await mongoose.connection.collection('agreements').countDocuments({})).to.equal(0);
  });

  it('status signed without an effective date → 422 with the message beside the effective date', async () => {
    const response = await buyer.post(`/suppliers/${supplier.id}/agreements`, {
      type: 'dpa',
      status: 'signed',
      effectiveDate: '',
      expiryDate: '2027-01-31',
      sig_party_0: 'company',
      sig_party_1: 'supplier',
    });
    expect(response.status).to.equal(422);
    const fieldError = /id="field-effectiveDate-error">([^<]*)</.exec(response.text)?.[1];
    expect(fieldError?.trim()).to.equal('A signed agreement needs its effective date.');
    expect(response.text).to.match(/id="field-expiryDate"[^>]*value="2027-01-31"/);
    expect(await mongoose.connection.collection('agreements').countDocuments({})).to.equal(0);
  });
});

describe('agreements: the signed PDF', () => {
  let buyer: SignedIn;
  let supplier: TestSupplier;
  let agreementId: string;
  let agreementUrl: string;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    supplier = await createSupplier({ name: 'Acme Cloud' });
    agreementId = await recordAgreement(buyer, supplier.id, {
      type: 'nda',
      effectiveDate: day(-30),
      expiryDate: day(400),
    });
    agreementUrl = `/suppliers/${supplier.id}/agreements/${agreementId}`;
  });

  it('uploading the signed PDF → stored in fs.files with the SHA-256 of its bytes, shown on the agreement page', async () => {
    const pdf = await makePdf('Mutual NDA, signed by both parties');
    const page = await follow(
      buyer.agent,
      await upload(buyer.agent, `${agreementUrl}/file`, pdf, 'nda-signed.pdf'),
    );
    expect(page.text).to.include('The signed document has been stored with its SHA-256 fingerprint.');

    const agreement = await storedAgreement(agreementId);
    expect(agreement.file?.sha256).to.equal(sha256(pdf));
    expect(agreement.file?.length).to.equal(pdf.length);
    const filesDoc = await mongoose.connection
      .collection('fs.files')
      .findOne({ _id: new mongoose.Types.ObjectId(String(agreement.file?.id)) });
    expect(filesDoc?.length).to.equal(pdf.length);
    expect(filesDoc?.metadata?.sha256).to.equal(sha256(pdf));
    expect(filesDoc?.filename).to.equal('nda-signed.pdf');

    const text = textOf(page.text);
    expect(text).to.include('nda-signed.pdf');
    expect(text).to.include(sha256(pdf));
    expect(text).not.to.include('No signed document uploaded yet.');
    const uploads = await auditEvents('agreements.upload');
    expect(uploads.map((event) => event.details?.sha256)).to.deep.equal([sha256(pdf)]);
  });

  it('after the upload the supplier page and the list show the NDA as signed with its expiry', async () => {
    await upload(buyer.agent, `${agreementUrl}/file`, await makePdf(), 'nda.pdf');
    const supplierPage = await buyer.agent.get(`/suppliers/${supplier.id}`);
    expect(glanceOf(supplierPage.text).nda).to.deep.equal({
      state: 'Signed',
      until: `until ${shown(day(400))}`,
    });
    expect(glanceOf(supplierPage.text).dpa.state).to.equal('Missing');
    expect(supplierPage.text).to.include('nda.pdf');

    const list = await buyer.agent.get('/suppliers');
    const row = listRow(list.text, supplier.id);
    expect(row, 'the supplier is listed').to.be.a('string');
    expect(badges(row!)[0]).to.deep.equal({ state: 'Signed', until: `until ${shown(day(400))}` });
  });

  for (const [kind, bytes] of [
    ['a PNG', PNG_BYTES],
    ['a text file', Buffer.from('This is the signed NDA, honestly.\n', 'utf8')],
  ] as const) {
    it(`${kind} renamed .pdf → refused as "not of an accepted kind", back on the agreement page, nothing stored`, async () => {
      const before = await storedCounts();
      const response = await upload(buyer.agent, `${agreementUrl}/file`, bytes, 'signed-nda.pdf');
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal(agreementUrl);
      const page = await follow(buyer.agent, response);
      expect(textOf(page.text)).to.include(
        'This file is not of an accepted kind (PDF). Files are checked by their content, not their name.',
      );
      expect(page.text).to.include('No signed document uploaded yet.');
      expect(await storedCounts()).to.deep.equal(before);
      expect((await storedAgreement(agreementId)).file).to.equal(undefined);
    });
  }

  it('a PDF over the configured size limit → refused with "larger than … MB allowed", nothing stored', async () => {
    const config = loadConfig(testEnv(testDataDir(), { UPLOAD_MAX_MB: '0.05' }));
    const { app } = createApp(config, createLogger('silent'));
    const user = await createUser({ role: 'procurement' });
    const agent = supertest.agent(app);
    expect((await signIn(agent, user.email, user.password)).status).to.equal(303);
    const pdf = await makePdf('A long agreement', { pages: 40, compress: false });
    expect(pdf.length, 'the test PDF is larger than 0.05 MB').to.be.greaterThan(0.05 * 1_048_576);

    const before = await storedCounts();
    const response = await upload(agent, `${agreementUrl}/file`, pdf, 'long-nda.pdf');
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal(agreementUrl);
    const page = await follow(agent, response);
    expect(textOf(page.text)).to.include('This file is larger than the 0.05 MB allowed. Nothing was stored.');
    expect(await storedCounts()).to.deep.equal(before);
    expect((await storedAgreement(agreementId)).file).to.equal(undefined);
  });

  it('a second file for a version that already has one → refused ("Upload a changed document as a new version"), the first kept', async () => {
    const first = await makePdf('First signed copy');
    await upload(buyer.agent, `${agreementUrl}/file`, first, 'first.pdf');
    const before = await storedCounts();

    const response = await upload(
      buyer.agent,
      `${agreementUrl}/file`,
      await makePdf('Another copy'),
      'second.pdf',
    );
    const page = await follow(buyer.agent, response);
    expect(textOf(page.text)).to.include(
      'This version already has its signed document. Upload a changed document as a new version.',
    );
    expect(await storedCounts()).to.deep.equal(before);
    expect((await storedAgreement(agreementId)).file?.sha256).to.equal(sha256(first));
  });

  it('download → the exact bytes as an attachment, the Chinese file name kept (filename*), audited', async () => {
    const pdf = await makePdf('保密协议');
    await upload(buyer.agent, `${agreementUrl}/file`, pdf, '保密协议 2025.pdf');

    const response = await download(buyer.agent, `${agreementUrl}/download`);
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('application/pdf');
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
    const disposition = String(response.headers['content-disposition']);
    expect(disposition).to.match(/^attachment;/);
    expect(disposition).to.include(`filename*=UTF-8''${encodeURIComponent('保密协议 2025.pdf')}`);
    expect(Buffer.compare(response.body, pdf)).to.equal(0);

    const downloads = await auditEvents('agreements.download');
    expect(downloads).to.have.length(1);
    expect(downloads[0]?.actor?.id).to.equal(buyer.user.id);
    expect(downloads[0]?.target?.id).to.equal(agreementId);
    expect(downloads[0]?.outcome).to.equal('success');
  });

  it('one byte of a stored chunk altered → download refused with 409 and the integrity message, no file bytes, audited as a failure', async () => {
    const pdf = await makePdf('Signed NDA to be tampered with');
    await upload(buyer.agent, `${agreementUrl}/file`, pdf, 'nda.pdf');
    const fileId = String((await storedAgreement(agreementId)).file?.id);
    const chunks = mongoose.connection.collection<{ _id: string; data: Binary }>('fs.chunks');
    const chunk = await chunks.findOne({ _id: `${fileId}:0` });
    expect(chunk, 'the first chunk is stored under "<fileId>:0"').to.not.equal(null);
    const bytes = Buffer.from(chunk!.data.buffer);
    bytes[200] = bytes[200]! ^ 0x01;
    await chunks.updateOne({ _id: `${fileId}:0` }, { $set: { data: new Binary(bytes) } });

    const response = await download(buyer.agent, `${agreementUrl}/download`);
    expect(response.status).to.equal(409);
    expect(String(response.headers['content-type'])).to.match(/^text\/html/);
    expect(response.headers['content-disposition']).to.equal(undefined);
    expect(response.body.includes(Buffer.from('%PDF'))).to.equal(false);
    expect(textOf(response.body.toString('utf8'))).to.include(
      'The stored document no longer matches the fingerprint taken when it was uploaded',
    );

    const failures = await auditEvents('agreements.integrity_failure');
    expect(failures).to.have.length(1);
    expect(failures[0]?.outcome).to.equal('failure');
    expect(failures[0]?.target?.id).to.equal(agreementId);
    expect(failures[0]?.details?.expected).to.equal(sha256(pdf));
    expect(failures[0]?.details?.actual).to.not.equal(sha256(pdf));
    expect(await auditEvents('agreements.download')).to.have.length(0);
  });

  it('a PDF of several chunks → downloads byte for byte', async () => {
    const pdf = await makePdf('A long master agreement', { pages: 150, compress: false });
    expect(pdf.length, 'more than two 255 KiB chunks').to.be.greaterThan(2 * 255 * 1024);
    await upload(buyer.agent, `${agreementUrl}/file`, pdf, 'msa.pdf');
    const fileId = String((await storedAgreement(agreementId)).file?.id);
    const chunks = await mongoose.connection
      .collection('fs.chunks')
      .countDocuments({ files_id: new mongoose.Types.ObjectId(fileId) });
    expect(chunks).to.equal(Math.ceil(pdf.length / (255 * 1024)));

    const response = await download(buyer.agent, `${agreementUrl}/download`);
    expect(response.status).to.equal(200);
    expect(response.body.length).to.equal(pdf.length);
    expect(sha256(response.body)).to.equal(sha256(pdf));
  });

  it('a chunk of the stored file deleted → download refused with 409, audited as an integrity failure', async () => {
    const pdf = await makePdf('A long master agreement', { pages: 150, compress: false });
    await upload(buyer.agent, `${agreementUrl}/file`, pdf, 'msa.pdf');
    const fileId = String((await storedAgreement(agreementId)).file?.id);
    await mongoose.connection.collection<{ _id: string }>('fs.chunks').deleteOne({ _id: `${fileId}:1` });

    const response = await download(buyer.agent, `${agreementUrl}/download`);
    expect(response.status).to.equal(409);
    expect(response.body.includes(Buffer.from('%PDF'))).to.equal(false);
    expect(textOf(response.body.toString('utf8'))).to.include('it may have been altered');
    const failures = await auditEvents('agreements.integrity_failure');
    expect(failures.map((event) => event.outcome)).to.deep.equal(['failure']);
  });

  it('the stored file removed from fs.files → download refused with 409 and the integrity message, audited as a failure', async () => {
    await upload(buyer.agent, `${agreementUrl}/file`, await makePdf('Signed NDA'), 'nda.pdf');
    const fileId = String((await storedAgreement(agreementId)).file?.id);
    await mongoose.connection.collection('fs.files').deleteOne({ _id: new mongoose.Types.ObjectId(fileId) });

    const response = await download(buyer.agent, `${agreementUrl}/download`);
    expect(response.status).to.equal(409);
    expect(textOf(response.body.toString('utf8'))).to.include(
      'The stored document no longer matches the fingerprint taken when it was uploaded',
    );
    const failures = await auditEvents('agreements.integrity_failure');
    expect(failures).to.have.length(1);
    expect(failures[0]?.outcome).to.equal('failure');
    expect(failures[0]?.target?.id).to.equal(agreementId);
  });
});
