import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, type TestSupplier } from '../helpers/factories';
import { download } from '../suppliers/support';
import { auditEvents, pagesOf, sha256, storedReports, zipEntries, zipEntry, zipTest } from './support';

interface ManifestLine {
  file: string;
  supplier_id: string;
  supplier_name: string;
  document_id: string;
  sha256: string;
  bytes: string;
}

/** The lines of a ZIP's manifest.csv, by column name. */
async function manifestOf(zip: Buffer): Promise<ManifestLine[]> {
  return parse<ManifestLine>(await zipEntry(zip, 'manifest.csv'), { bom: true, columns: true });
}

describe('reports: the ZIP of summaries for a filtered supplier list', () => {
  let auditor: SignedIn;
  let active: TestSupplier[];
  let zip: Buffer;
  let contentType: string;

  before(async () => {
    await resetDatabase();
    auditor = await signedInAs('auditor');
    active = [
      await createSupplier({ name: '上海数据服务有限公司', status: 'active' }),
      await createSupplier({ name: 'Harbour Hosting', status: 'active' }),
    ];
    await createSupplier({ name: 'Prospect Ltd', status: 'prospect' });
    await createSupplier({ name: 'Suspended Ltd', status: 'suspended' });
    const response = await download(auditor.agent, '/suppliers/reports.zip?status=active&lang=zh-CN');
    expect(response.status, response.body.toString('utf8', 0, 300)).to.equal(200);
    zip = response.body;
    contentType = String(response.headers['content-type']);
  });

  it('holds exactly one PDF per matching supplier and manifest.csv', async () => {
    expect(contentType).to.match(/^application\/zip/);
    expect(await zipTest(zip)).to.match(/^No errors detected/);
    const names = await zipEntries(zip);
    expect(names.at(-1)).to.equal('manifest.csv');
    const pdfs = names.filter((name) => name.endsWith('.pdf'));
    expect(pdfs).to.have.length(2);
    expect(names).to.have.length(3);
    const titles: string[] = [];
    for (const name of pdfs)
      titles.push(((await pagesOf(await zipEntry(zip, name)))[0] ?? '').split('\n')[1] ?? '');
    expect(titles.map((title) => title.trim()).sort()).to.deep.equal(
      active.map((supplier) => supplier.name).sort(),
    );
  });

  it('manifest.csv starts with a byte-order mark and gives each file’s supplier, document id, SHA-256 and size', async () => {
    const manifest = await zipEntry(zip, 'manifest.csv');
    expect([...manifest.subarray(0, 3)]).to.deep.equal([0xef, 0xbb, 0xbf]);
    const lines = parse<ManifestLine>(manifest, { bom: true, columns: true });
    expect(Object.keys(lines[0] ?? {})).to.deep.equal([
      'file',
      'supplier_id',
      'supplier_name',
      'document_id',
      'sha256',
      'bytes',
    ]);
    expect(lines.map((line) => line.supplier_id).sort()).to.deep.equal(
      active.map((supplier) => supplier.id).sort(),
    );
    for (const line of lines) {
      const entry = await zipEntry(zip, line.file);
      expect(line.sha256, line.file).to.equal(sha256(entry));
      expect(Number(line.bytes), line.file).to.equal(entry.length);
      expect(line.supplier_name).to.equal(active.find((supplier) => supplier.id === line.supplier_id)?.name);
      expect(line.document_id).to.match(/^DD-[0-9A-F]{4}(-[0-9A-F]{4}){3}$/);
    }
  });

  it('every PDF is registered with the same batch id, and the export is one bulk_download event', async () => {
    const lines = await manifestOf(zip);
    const reports = await storedReports();
    expect(reports.map((report) => report._id).sort()).to.deep.equal(lines.map((line) => line.sha256).sort());
    const batches = new Set(reports.map((report) => report.batchId));
    expect(batches.size).to.equal(1);
    const [batchId] = [...batches];
    expect(batchId).to.be.a('string');
    for (const report of reports) {
      const line = lines.find((candidate) => candidate.sha256 === report._id);
      expect(report).to.deep.include({
        documentId: line?.document_id,
        supplierId: line?.supplier_id,
        language: 'zh-CN',
        generatedByEmail: auditor.user.email,
      });
    }

    const [bulk, ...more] = await auditEvents('reports.bulk_download');
    expect(more).to.have.length(0);
    expect(bulk?.actor?.email).to.equal(auditor.user.email);
    expect(bulk?.details).to.deep.include({ batch: batchId, suppliers: 2, language: 'zh-CN' });
    const downloads = await auditEvents('reports.download');
    expect(downloads.map((event) => event.details?.batch)).to.deep.equal([batchId, batchId]);
    expect(downloads.map((event) => event.supplier).sort()).to.deep.equal(
      active.map((supplier) => supplier.id).sort(),
    );
  });

  it('a search (q=) narrows the ZIP to the suppliers it finds', async () => {
    const response = await download(auditor.agent, '/suppliers/reports.zip?q=harbour');
    expect(response.status).to.equal(200);
    const names = await zipEntries(response.body);
    expect(names).to.have.length(2);
    const lines = await manifestOf(response.body);
    expect(lines.map((line) => line.supplier_name)).to.deep.equal(['Harbour Hosting']);
  });

  it('a filter nothing matches → a ZIP with only the manifest’s header row', async () => {
    const response = await download(auditor.agent, '/suppliers/reports.zip?status=offboarded');
    expect(response.status).to.equal(200);
    expect(await zipEntries(response.body)).to.deep.equal(['manifest.csv']);
    const manifest = (await zipEntry(response.body, 'manifest.csv')).toString('utf8');
    expect(manifest.replace(/^\uFEFF/, '').trim()).to.equal(
      'file,supplier_id,supplier_name,document_id,sha256,bytes',
    );
  });

  it('the filtered supplier list links to the ZIP of what it shows, counting the suppliers', async () => {
    const page = (await auditor.agent.get('/suppliers?status=active')).text;
    const link = /<a [^>]*id="download-reports-zip" href="([^"]+)">([^<]*)<\/a>/.exec(page);
    expect(link?.[1]).to.match(/^\/suppliers\/reports\.zip\?(.+&(amp;)?)?status=active/);
    expect(link?.[2]).to.equal('PDF summaries of 2 suppliers (ZIP)');
  });

  it('a filter that is not one the list offers (status=bogus) → 422 page, no ZIP, nothing generated', async () => {
    const before = (await storedReports()).length;
    const exports = (await auditEvents('reports.bulk_download')).length;
    const response = await auditor.agent.get('/suppliers/reports.zip?status=bogus');
    expect(response.status).to.equal(422);
    expect(response.headers['content-type']).to.match(/^text\/html/);
    expect(await storedReports()).to.have.length(before);
    expect(await auditEvents('reports.bulk_download')).to.have.length(exports);
  });

  it('a vendor → 403 and nothing generated', async () => {
    const before = (await storedReports()).length;
    const exports = (await auditEvents('reports.bulk_download')).length;
    const vendor = await signedInAs('vendor');
    const response = await vendor.agent.get('/suppliers/reports.zip?status=active');
    expect(response.status).to.equal(403);
    expect(await storedReports()).to.have.length(before);
    expect(await auditEvents('reports.bulk_download')).to.have.length(exports);
  });
});
