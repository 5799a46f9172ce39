import { expect } from 'chai';
import { anonymous, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, type TestSupplier } from '../helpers/factories';
import { download } from '../suppliers/support';
import { auditEvents, downloadReport, pagesOf, sha256, storedReports } from './support';

describe('reports: downloading a summary registers it', () => {
  let supplier: TestSupplier;

  beforeEach(async () => {
    await resetDatabase();
    supplier = await createSupplier({ name: 'Harbour Hosting' });
  });

  it('a download is registered under the SHA-256 of the bytes received, with who asked and the document id', async () => {
    const buyer = await signedInAs({ role: 'procurement', name: 'Zhou Min' });
    const response = await downloadReport(buyer, supplier.id, 'zh-CN');
    const hash = sha256(response.body);
    const reports = await storedReports();
    expect(reports).to.have.length(1);
    expect(reports[0]).to.deep.include({
      _id: hash,
      documentId: response.headers['x-document-id'],
      supplierId: supplier.id,
      supplierName: 'Harbour Hosting',
      language: 'zh-CN',
      bytes: response.body.length,
      generatedByName: 'Zhou Min',
      generatedByEmail: buyer.user.email,
    });
    expect(response.headers['content-disposition']).to.match(
      /attachment; filename="due-diligence-harbour-hosting-[a-f\d]{6}-\d{4}-\d\d-\d\d\.pdf"/,
    );
    expect(response.headers['cache-control']).to.equal('no-store');

    const [event, ...more] = await auditEvents('reports.download');
    expect(more).to.have.length(0);
    expect(event?.supplier).to.equal(supplier.id);
    expect(event?.actor?.email).to.equal(buyer.user.email);
    expect(event?.details).to.deep.include({
      documentId: response.headers['x-document-id'],
      sha256: hash,
      language: 'zh-CN',
      batch: null,
    });
  });

  it('two downloads of the same supplier → two documents, each with its own id and hash', async () => {
    const admin = await signedInAs('admin');
    const first = await downloadReport(admin, supplier.id);
    const second = await downloadReport(admin, supplier.id);
    expect(first.headers['x-document-id']).not.to.equal(second.headers['x-document-id']);
    expect((await storedReports()).map((report) => report._id).sort()).to.deep.equal(
      [sha256(first.body), sha256(second.body)].sort(),
    );
    expect(await auditEvents('reports.download')).to.have.length(2);
  });

  it('without ?lang the summary is in the reader’s own language', async () => {
    const reader = await signedInAs({ role: 'auditor', locale: 'zh-CN' });
    const response = await download(reader.agent, `/suppliers/${supplier.id}/report.pdf`);
    expect(response.status).to.equal(200);
    expect((await pagesOf(response.body))[0]).to.include('供应商尽职调查摘要');
    expect((await storedReports())[0]?.language).to.equal('zh-CN');
  });

  it('a supplier that does not exist → 404, nothing registered', async () => {
    const buyer = await signedInAs('procurement');
    const response = await buyer.agent.get('/suppliers/0123456789abcdef01234567/report.pdf');
    expect(response.status).to.equal(404);
    expect(await storedReports()).to.have.length(0);
  });
});

describe('reports: who may download a summary', () => {
  let supplier: TestSupplier;
  let vendor: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    supplier = await createSupplier({ name: 'Own Supplier' });
    vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
  });

  it('admin, procurement and auditor → 200 with a PDF', async () => {
    for (const role of ['admin', 'procurement', 'auditor'] as const) {
      const staff = await signedInAs(role);
      await downloadReport(staff, supplier.id);
    }
    expect(await storedReports()).to.have.length(3);
  });

  it('the supplier page offers the PDF in both languages to staff, and no link to the vendor', async () => {
    const auditor = await signedInAs('auditor');
    const staffPage = (await auditor.agent.get(`/suppliers/${supplier.id}`)).text;
    expect(staffPage).to.match(
      new RegExp(`id="download-report" href="/suppliers/${supplier.id}/report\\.pdf\\?lang=en"`),
    );
    expect(staffPage).to.include(`/suppliers/${supplier.id}/report.pdf?lang=zh-CN`);
    const vendorPage = await vendor.agent.get(`/suppliers/${supplier.id}`);
    expect(vendorPage.status).to.equal(200);
    expect(vendorPage.text).not.to.include('report.pdf');
  });

  it('a vendor asking for its own supplier’s summary → 403, nothing registered or audited as a download', async () => {
    const response = await vendor.agent.get(`/suppliers/${supplier.id}/report.pdf?lang=en`);
    expect(response.status).to.equal(403);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(await storedReports()).to.have.length(0);
    expect(await auditEvents('reports.download')).to.have.length(0);
  });

  it('a vendor asking for another supplier’s summary → 403, nothing registered', async () => {
    const other = await createSupplier({ name: 'Other Supplier' });
    expect((await vendor.agent.get(`/suppliers/${other.id}/report.pdf`)).status).to.equal(403);
    expect(await storedReports()).to.have.length(0);
  });

  it('not signed in → sent to sign in, nothing registered', async () => {
    const response = await anonymous().get(`/suppliers/${supplier.id}/report.pdf`);
    expect(response.status).to.be.oneOf([302, 303]);
    expect(String(response.headers.location)).to.match(/^\/sign-in/);
    expect(await storedReports()).to.have.length(0);
  });
});
