import { expect } from 'chai';
import mongoose from 'mongoose';
import { noteChange } from '../../src/lib/change-log';
import { DPA_CLAUSE_IDS } from '../../src/modules/agreements/dpa-clauses';
import { SupplierModel } from '../../src/modules/suppliers/suppliers.model';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import {
  day,
  insertSupplier,
  listedNames,
  makePdf,
  recordAgreement,
  submit,
  textOf,
  upload,
} from './support';

const YEAR_MS = 365.25 * 86_400_000;
const ago = (years: number) => new Date(Date.now() - years * YEAR_MS);

/** The suppliers a list address shows, in order, with the count above the table. */
async function listed(viewer: SignedIn, query: Record<string, string> = {}) {
  const response = await viewer.agent.get('/suppliers').query(query);
  expect(response.status).to.equal(200);
  const count = /<p>(\d+) suppliers?<\/p>/.exec(response.text)?.[1];
  return { names: listedNames(response.text), count: Number(count), html: response.text };
}

describe('suppliers: list search', () => {
  let viewer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    viewer = await signedInAs('procurement');
  });

  it('search by name in another letter case → the same suppliers', async () => {
    await insertSupplier({ name: 'Acme Cloud Ltd' });
    await insertSupplier({ name: 'ACME Analytics' });
    await insertSupplier({ name: 'Zenith Printing' });
    expect((await listed(viewer, { q: 'acme' })).names).to.deep.equal(['ACME Analytics', 'Acme Cloud Ltd']);
    expect((await listed(viewer, { q: 'CLOUD' })).names).to.deep.equal(['Acme Cloud Ltd']);
    expect((await listed(viewer, { q: 'aNaLyTiCs' })).names).to.deep.equal(['ACME Analytics']);
    const none = await listed(viewer, { q: 'nothing like it' });
    expect(none.names).to.deep.equal([]);
    expect(none.count).to.equal(0);
    expect(textOf(none.html)).to.include('No suppliers match.');
  });

  it('search in Chinese "华信" → 北京华信数据服务有限公司, with the query kept in the box', async () => {
    await insertSupplier({ name: '北京华信数据服务有限公司' });
    await insertSupplier({ name: '深圳腾达科技有限公司' });
    await insertSupplier({ name: 'Huaxin Trading' });
    const result = await listed(viewer, { q: '华信' });
    expect(result.names).to.deep.equal(['北京华信数据服务有限公司']);
    expect(result.count).to.equal(1);
    expect(result.html).to.match(/<input class="input" id="filter-q" name="q" type="search" value="华信"/);
    expect((await listed(viewer, { q: '腾达科技' })).names).to.deep.equal(['深圳腾达科技有限公司']);
  });

  it('search for part of a legal name or registration id (any letter case) → those suppliers', async () => {
    await insertSupplier({
      name: 'Northwind',
      legalName: '北风数据（上海）有限公司',
      registrationId: '91350100M000100Y43',
    });
    await insertSupplier({
      name: 'Southwind',
      legalName: 'Southwind Holdings Pte. Ltd.',
      registrationId: 'UEN-2020-77',
    });
    expect((await listed(viewer, { q: '北风数据' })).names).to.deep.equal(['Northwind']);
    expect((await listed(viewer, { q: 'holdings' })).names).to.deep.equal(['Southwind']);
    expect((await listed(viewer, { q: 'm000100y43' })).names).to.deep.equal(['Northwind']);
    expect((await listed(viewer, { q: 'UEN-2020' })).names).to.deep.equal(['Southwind']);
    expect((await listed(viewer, { q: 'wind' })).names).to.deep.equal(['Northwind', 'Southwind']);
  });
});

describe('suppliers: list filters', () => {
  let viewer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    viewer = await signedInAs('procurement');
  });

  it('status → only suppliers in that status, with the choice kept in the form', async () => {
    await insertSupplier({ name: 'Active One', status: 'active' });
    await insertSupplier({ name: 'Suspended One', status: 'suspended' });
    await insertSupplier({ name: 'Suspended Two', status: 'suspended' });
    await insertSupplier({ name: 'Prospect One', status: 'prospect' });
    const result = await listed(viewer, { status: 'suspended' });
    expect(result.names).to.deep.equal(['Suspended One', 'Suspended Two']);
    expect(result.count).to.equal(2);
    expect(result.html).to.include('<option value="suspended" selected>');
    expect((await listed(viewer)).count).to.equal(4);
  });

  it('tier → only suppliers of that inherent tier', async () => {
    await insertSupplier({ name: 'Critical One', tier: 'critical' });
    await insertSupplier({ name: 'High One', tier: 'high' });
    await insertSupplier({ name: 'Low One', tier: 'low' });
    expect((await listed(viewer, { tier: 'critical' })).names).to.deep.equal(['Critical One']);
    expect((await listed(viewer, { tier: 'high' })).names).to.deep.equal(['High One']);
    expect((await listed(viewer, { tier: 'medium' })).names).to.deep.equal([]);
  });

  it('owner → that owner\'s suppliers; "none" → the suppliers nobody owns', async () => {
    const other = await createUser({ role: 'admin', name: 'Olga Owner' });
    await insertSupplier({ name: 'Mine', ownerId: viewer.user.id, ownerName: viewer.user.name });
    await insertSupplier({ name: 'Olga’s', ownerId: other.id, ownerName: other.name });
    await insertSupplier({ name: 'Orphan A' });
    await insertSupplier({ name: 'Orphan B' });
    expect((await listed(viewer, { owner: viewer.user.id })).names).to.deep.equal(['Mine']);
    expect((await listed(viewer, { owner: other.id })).names).to.deep.equal(['Olga’s']);
    const orphans = await listed(viewer, { owner: 'none' });
    expect(orphans.names).to.deep.equal(['Orphan A', 'Orphan B']);
    expect(orphans.html).to.include('<option value="none" selected>No owner</option>');
  });

  it('review overdue / due soon → suppliers whose next review date has passed / is within 30 days (offboarded ones are not reviewed)', async () => {
    // low: every 24 months; high: every 12
    await insertSupplier({ name: 'Low, 3 years ago', tier: 'low', reviewAnchor: ago(3) });
    await insertSupplier({ name: 'Low, 1 year ago', tier: 'low', reviewAnchor: ago(1) });
    await insertSupplier({ name: 'High, 13 months ago', tier: 'high', reviewAnchor: ago(13 / 12) });
    await insertSupplier({ name: 'High, 11.5 months ago', tier: 'high', reviewAnchor: ago(11.5 / 12) });
    await insertSupplier({ name: 'High, 10 months ago', tier: 'high', reviewAnchor: ago(10 / 12) });
    await insertSupplier({
      name: 'Offboarded, 5 years ago',
      tier: 'low',
      reviewAnchor: ago(5),
      status: 'offboarded',
    });
    const overdue = await listed(viewer, { review: 'overdue' });
    expect(overdue.names).to.deep.equal(['High, 13 months ago', 'Low, 3 years ago']);
    expect((overdue.html.match(/>Overdue<\/span>/g) ?? []).length).to.equal(2);
    const soon = await listed(viewer, { review: 'due_soon' });
    expect(soon.names, 'due within 30 days, not yet overdue').to.deep.equal(['High, 11.5 months ago']);
  });

  describe('agreement filters (agreements recorded through their pages)', () => {
    it('NDA / DPA not signed, expiring within 60 days, expired → the suppliers in that state', async () => {
      const ids: Record<string, string> = {};
      for (const name of [
        'Nothing',
        'NDA signed',
        'NDA draft',
        'NDA expiring',
        'NDA day 61',
        'NDA expired',
        'DPA expiring',
      ])
        ids[name] = await insertSupplier({ name });
      await recordAgreement(viewer.agent, ids['NDA signed']!, { expiryDate: day(400) });
      await recordAgreement(viewer.agent, ids['NDA draft']!, {
        status: 'draft',
        effectiveDate: '',
        expiryDate: '',
      });
      await recordAgreement(viewer.agent, ids['NDA expiring']!, { expiryDate: day(30) });
      await recordAgreement(viewer.agent, ids['NDA day 61']!, { expiryDate: day(61) });
      await recordAgreement(viewer.agent, ids['NDA expired']!, {
        effectiveDate: day(-400),
        expiryDate: day(-1),
      });
      await recordAgreement(viewer.agent, ids['DPA expiring']!, { type: 'dpa', expiryDate: day(59) });

      expect((await listed(viewer, { agreement: 'nda_missing' })).names).to.deep.equal([
        'DPA expiring',
        'NDA draft',
        'Nothing',
      ]);
      expect((await listed(viewer, { agreement: 'dpa_missing' })).names).to.deep.equal([
        'NDA day 61',
        'NDA draft',
        'NDA expired',
        'NDA expiring',
        'NDA signed',
        'Nothing',
      ]);
      const expiring = await listed(viewer, { agreement: 'expiring' });
      expect(expiring.names).to.deep.equal(['DPA expiring', 'NDA expiring']);
      expect(expiring.count).to.equal(2);
      expect((await listed(viewer, { agreement: 'expired' })).names).to.deep.equal(['NDA expired']);
    });

    it('DPA with missing clauses → the DPAs whose checklist leaves a mandatory clause missing or unassessed', async () => {
      const complete = await insertSupplier({ name: 'Complete DPA' });
      const gap = await insertSupplier({ name: 'DPA missing audit rights' });
      const unassessed = await insertSupplier({ name: 'DPA never checked' });
      await insertSupplier({ name: 'No DPA at all' });
      const abroadOnly = await insertSupplier({ name: 'Domestic, no cross-border clause' });
      const checklist = (missing: string[]) => {
        const form: Record<string, string> = {};
        for (const clause of DPA_CLAUSE_IDS)
          form[`state_${clause}`] = missing.includes(clause) ? 'missing' : 'present';
        return form;
      };
      for (const [supplierId, missing] of [
        [complete, []],
        [gap, ['DPA-AUDIT-RIGHTS']],
        // The cross-border clause matters only for suppliers that send data abroad.
        [abroadOnly, ['DPA-CROSS-BORDER']],
      ] as const) {
        const dpa = await recordAgreement(viewer.agent, supplierId, { type: 'dpa' });
        const saved = await submit(
          viewer.agent,
          `/suppliers/${supplierId}/agreements/${dpa}/checklist`,
          checklist([...missing]),
        );
        expect(saved.status).to.equal(303);
      }
      await recordAgreement(viewer.agent, unassessed, { type: 'dpa' });

      const result = await listed(viewer, { agreement: 'dpa_gaps' });
      expect(result.names).to.deep.equal(['DPA missing audit rights', 'DPA never checked']);
      expect(result.html).to.match(/>1 gap</);
      expect(result.html).to.match(/>13 gaps</);
    });

    it('countersigned, awaiting approval → suppliers with a vendor upload waiting for a buyer, until it is decided', async () => {
      const waiting = await insertSupplier({ name: 'Waiting Ltd' });
      await insertSupplier({ name: 'Quiet Ltd' });
      const nda = await recordAgreement(viewer.agent, waiting, { status: 'sent' });
      const vendor = await signedInAs({ role: 'vendor', supplierId: waiting });
      const uploaded = await upload(
        vendor.agent,
        `/suppliers/${waiting}/agreements/${nda}/countersigned`,
        await makePdf('Countersigned NDA'),
        'countersigned.pdf',
      );
      expect(uploaded.status).to.equal(303);
      expect((await listed(viewer, { agreement: 'pending_approval' })).names).to.deep.equal(['Waiting Ltd']);

      const version = /\/agreements\/([a-f\d]{24})$/.exec(String(uploaded.headers.location))?.[1];
      const approved = await submit(viewer.agent, `/suppliers/${waiting}/agreements/${version}/approve`, {
        note: 'Fine',
      });
      expect(approved.status).to.equal(303);
      expect((await listed(viewer, { agreement: 'pending_approval' })).names).to.deep.equal([]);
      expect((await listed(viewer, { agreement: 'nda_missing' })).names).to.deep.equal(['Quiet Ltd']);
    });
  });

  it('search with status and tier filters → only suppliers matching all of them', async () => {
    await insertSupplier({ name: 'Acme Active', status: 'active', tier: 'high' });
    await insertSupplier({ name: 'Acme Prospect', status: 'prospect', tier: 'high' });
    await insertSupplier({ name: 'Other Active', status: 'active', tier: 'high' });
    await insertSupplier({ name: 'Acme Low', status: 'active', tier: 'low' });
    expect((await listed(viewer, { q: 'acme', status: 'active', tier: 'high' })).names).to.deep.equal([
      'Acme Active',
    ]);
  });
});

describe('suppliers: list sorting and pages', () => {
  let viewer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    viewer = await signedInAs('procurement');
  });

  it('each sort (name either way, risk either way, status, next review) → the suppliers in that order', async () => {
    await insertSupplier({ name: 'bravo', tier: 'critical', status: 'suspended', reviewAnchor: ago(0.1) });
    await insertSupplier({ name: 'Alpha', tier: 'low', status: 'active', reviewAnchor: ago(1.9) });
    await insertSupplier({ name: 'Charlie', tier: 'high', status: 'prospect', reviewAnchor: ago(0.5) });
    await insertSupplier({ name: 'delta', tier: 'medium', status: 'onboarding', reviewAnchor: ago(0.8) });
    expect((await listed(viewer, { sort: 'name' })).names).to.deep.equal([
      'Alpha',
      'bravo',
      'Charlie',
      'delta',
    ]);
    expect((await listed(viewer)).names, 'by name unless asked').to.deep.equal([
      'Alpha',
      'bravo',
      'Charlie',
      'delta',
    ]);
    expect((await listed(viewer, { sort: '-name' })).names).to.deep.equal([
      'delta',
      'Charlie',
      'bravo',
      'Alpha',
    ]);
    expect((await listed(viewer, { sort: 'tier' })).names, 'highest risk first').to.deep.equal([
      'bravo',
      'Charlie',
      'delta',
      'Alpha',
    ]);
    expect((await listed(viewer, { sort: '-tier' })).names, 'lowest risk first').to.deep.equal([
      'Alpha',
      'delta',
      'Charlie',
      'bravo',
    ]);
    expect((await listed(viewer, { sort: 'status' })).names, 'in lifecycle order').to.deep.equal([
      'Charlie',
      'delta',
      'Alpha',
      'bravo',
    ]);
    // Due in: Alpha 2 − 1.9 years; bravo 0.5 − 0.1; Charlie 1 − 0.5; delta 1.5 − 0.8.
    expect((await listed(viewer, { sort: 'next_review' })).names, 'soonest review first').to.deep.equal([
      'Alpha',
      'bravo',
      'Charlie',
      'delta',
    ]);
  });

  it('sort "recently changed" → the supplier just edited first', async () => {
    const pause = () => new Promise((resolve) => setTimeout(resolve, 20));
    const first = await insertSupplier({ name: 'First' });
    await pause();
    await insertSupplier({ name: 'Second' });
    await pause();
    await insertSupplier({ name: 'Third' });
    await pause();
    expect((await listed(viewer, { sort: '-updated' })).names).to.deep.equal(['Third', 'Second', 'First']);
    const saved = await submit(viewer.agent, `/suppliers/${first}`, { name: 'First (edited)' });
    expect(saved.status).to.equal(303);
    expect((await listed(viewer, { sort: '-updated' })).names).to.deep.equal([
      'First (edited)',
      'Third',
      'Second',
    ]);
  });

  it('30 matches → page 1 shows 25, page 2 the rest; page links keep the filters; the count is of all matches', async () => {
    for (let index = 1; index <= 30; index++)
      await insertSupplier({ name: `Batch ${String(index).padStart(2, '0')}`, status: 'active' });
    await insertSupplier({ name: 'Batch 99 (prospect)', status: 'prospect' });
    await insertSupplier({ name: 'Unrelated', status: 'active' });

    const first = await listed(viewer, { q: 'batch', status: 'active' });
    expect(first.count).to.equal(30);
    expect(textOf(first.html)).to.include('30 suppliers');
    expect(first.names).to.have.length(25);
    expect(first.names[0]).to.equal('Batch 01');
    expect(first.names[24]).to.equal('Batch 25');
    expect(first.html).to.include('href="/suppliers?q=batch&amp;status=active&amp;page=2"');
    expect(first.html).to.match(/class="pagination-link is-current"[^>]*aria-current="page">1</);

    const second = await listed(viewer, { q: 'batch', status: 'active', page: '2' });
    expect(second.names).to.deep.equal(['Batch 26', 'Batch 27', 'Batch 28', 'Batch 29', 'Batch 30']);
    expect(second.count).to.equal(30);
    expect(second.html).to.include('href="/suppliers?q=batch&amp;status=active&amp;page=1"');
    // The export of this list keeps the filters but not the page.
    expect(second.html).to.include('href="/suppliers/export.csv?q=batch&amp;status=active"');

    const beyond = await listed(viewer, { q: 'batch', status: 'active', page: '9' });
    expect(beyond.names, 'a page past the end shows the last page').to.deep.equal(second.names);

    const all = await listed(viewer);
    expect(all.count).to.equal(32);
    expect(all.names).to.have.length(25);
  });

  it('one match → "1 supplier" and no page links', async () => {
    await insertSupplier({ name: 'Only One' });
    const result = await listed(viewer);
    expect(textOf(result.html)).to.include('1 supplier');
    expect(result.count).to.equal(1);
    expect(result.html).not.to.include('pagination-link');
  });
});

describe('suppliers: the list across app processes', () => {
  beforeEach(resetDatabase);

  /** What another app process does: writes the document itself and notes the change, without this process's directory. */
  async function writeElsewhere(name: string): Promise<string> {
    const document = new SupplierModel({ name, status: 'active' }).toObject();
    await mongoose.connection
      .collection('suppliers')
      .insertOne({ ...document, createdAt: new Date(), updatedAt: new Date() });
    await noteChange('supplier', document._id.toString());
    return document._id.toString();
  }

  /** The list as `viewer` sees it once it shows `name`, asking again for up to two seconds. */
  async function eventually(viewer: SignedIn, name: string, query: Record<string, string> = {}) {
    const deadline = Date.now() + 2000;
    for (;;) {
      const result = await listed(viewer, query);
      if (result.names.includes(name) || Date.now() > deadline) return result;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('a supplier written by another process (stored, then noted in the change log) → in the list and the search', async () => {
    const viewer = await signedInAs('auditor');
    await insertSupplier({ name: 'Known Before' });
    expect((await listed(viewer)).names, 'the directory is loaded').to.deep.equal(['Known Before']);

    const id = await writeElsewhere('广州远方物流有限公司');
    expect((await eventually(viewer, '广州远方物流有限公司')).names).to.have.members([
      'Known Before',
      '广州远方物流有限公司',
    ]);
    expect((await listed(viewer, { q: '远方' })).names).to.deep.equal(['广州远方物流有限公司']);

    // The other process renames it.
    await mongoose.connection
      .collection('suppliers')
      .updateOne(
        { _id: new mongoose.Types.ObjectId(id) },
        { $set: { name: '广州远方供应链有限公司', updatedAt: new Date() } },
      );
    await noteChange('supplier', id);
    expect((await eventually(viewer, '广州远方供应链有限公司')).names).to.have.members([
      'Known Before',
      '广州远方供应链有限公司',
    ]);
    const page = await viewer.agent.get(`/suppliers/${id}`);
    expect(page.text).to.include('<h1 class="title">广州远方供应链有限公司</h1>');
  });
});
