import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import type supertest from 'supertest';
import { systemContext } from '../../src/lib/context';
import { record } from '../../src/modules/audit';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { storedEvents } from './support';

const HEADER = [
  'seq',
  'time (UTC)',
  'action',
  'outcome',
  'actor_email',
  'role',
  'target',
  'supplier',
  'ip',
  'details',
  'hash',
  'prevHash',
];

/** Downloads the export as text (supertest leaves text/csv as a string). */
async function download(user: SignedIn, query = ''): Promise<supertest.Response> {
  return user.agent.get(`/audit/export.csv${query}`).buffer(true);
}

function rowsOf(response: supertest.Response): Record<string, string>[] {
  return parse<Record<string, string>>(response.text.replace(/^\ufeff/, ''), { columns: true });
}

describe('audit: CSV export of the trail', () => {
  let admin: SignedIn;
  let supplierA: string;
  let supplierB: string;

  beforeEach(async () => {
    await resetDatabase();
    admin = await signedInAs('admin');
    supplierA = (await createSupplier({ name: 'Alpha Hosting' })).id;
    supplierB = (await createSupplier({ name: 'Beta Mail' })).id;
    await record(systemContext(), { action: 'test.alpha', supplierId: supplierA, details: { n: 1 } });
    await record(systemContext(), { action: 'test.beta', outcome: 'failure', supplierId: supplierB });
    // A failed sign-in records the e-mail as typed: text a visitor chose.
    await record(systemContext(), {
      action: 'test.formula',
      outcome: 'failure',
      actorEmail: '=HYPERLINK("http://evil.example")',
    });
  });

  it('export.csv: an admin gets every event as UTF-8 CSV with a BOM, all sealed fields, oldest first', async () => {
    const response = await download(admin);
    expect(response.status).to.equal(200);
    expect(response.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).to.match(
      /^attachment; filename="audit-trail-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    expect(response.text.startsWith('\ufeff')).to.equal(true);
    expect(response.text.replace(/^\ufeff/, '').split(/\r?\n/)[0]).to.equal(HEADER.join(','));
    const rows = rowsOf(response);
    expect(Object.keys(rows[0] ?? {})).to.deep.equal(HEADER);
    const stored = await storedEvents();
    const alpha = rows.find((row) => row.action === 'test.alpha');
    const sealed = stored.find((event) => event.action === 'test.alpha');
    expect(alpha).to.include({
      supplier: supplierA,
      outcome: 'success',
      details: '{"n":1}',
      hash: sealed?.hash,
    });
    expect(alpha?.prevHash).to.equal(sealed?.prevHash);
    expect(alpha?.time).to.equal(undefined);
    expect(alpha?.['time (UTC)']).to.match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const seqs = rows.map((row) => Number(row.seq));
    expect(seqs).to.deep.equal([...seqs].sort((a, b) => a - b));
    // The admin's sign-in carries who and from where.
    const signIn = rows.find((row) => row.action === 'auth.sign_in');
    expect(signIn).to.include({ actor_email: admin.user.email, role: 'admin' });
    expect(signIn?.ip).to.match(/127\.0\.0\.1|::1/);
  });

  it('export.csv: text a spreadsheet would run as a formula is neutralised', async () => {
    const rows = rowsOf(await download(admin, '?action=test.formula'));
    expect(rows.map((row) => row.actor_email)).to.deep.equal([`'=HYPERLINK("http://evil.example")`]);
  });

  it('export.csv: the list filters (outcome, action, supplier, actor, dates) narrow the rows', async () => {
    expect(
      rowsOf(await download(admin, '?outcome=failure&action=test.b')).map((row) => row.action),
    ).to.deep.equal(['test.beta']);
    // The export names the supplier it was filtered on, so it shows up in that supplier's trail.
    expect(rowsOf(await download(admin, `?supplier=${supplierA}`)).map((row) => row.action)).to.deep.equal([
      'test.alpha',
      'audit.export',
    ]);
    const byActor = rowsOf(await download(admin, `?actor=${encodeURIComponent(admin.user.email)}`));
    expect(byActor.length).to.be.greaterThan(0);
    expect(byActor.every((row) => row.actor_email === admin.user.email)).to.equal(true);
    const today = new Date().toISOString().slice(0, 10);
    expect(rowsOf(await download(admin, `?action=test.&from=${today}&to=${today}`))).to.have.length(3);
    expect(rowsOf(await download(admin, '?action=test.&to=2020-01-01'))).to.have.length(0);
  });

  it('export.csv: the export is itself recorded with its filter', async () => {
    await download(admin, `?outcome=failure&supplier=${supplierB}`);
    const [event] = await storedEvents('audit.export');
    expect(event?.actor?.email).to.equal(admin.user.email);
    expect(event?.supplier).to.equal(supplierB);
    expect(JSON.parse(String(event?.details?.filter))).to.include({
      outcome: 'failure',
      supplier: supplierB,
    });
  });

  it('export.csv: auditors may export; procurement and vendors get 403 and nothing is recorded', async () => {
    expect((await download(await signedInAs('auditor'))).status).to.equal(200);
    for (const role of ['procurement', 'vendor'] as const) {
      const response = await download(await signedInAs(role));
      expect(response.status, role).to.equal(403);
      expect(response.text).to.include('Access denied');
    }
    expect(await storedEvents('audit.export')).to.have.length(1);
  });

  it('audit page: the supplier filter lists suppliers by name and narrows the list; the export link keeps the filters', async () => {
    const page = await admin.agent.get(`/audit?supplier=${supplierA}&outcome=success`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include(`<option value="${supplierA}" selected>Alpha Hosting</option>`);
    expect(page.text).to.include('test.alpha');
    expect(page.text).not.to.include('test.beta');
    expect(page.text).to.include(`href="/audit/export.csv?outcome=success&amp;supplier=${supplierA}"`);
  });
});
