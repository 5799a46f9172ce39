import { expect } from 'chai';
import mongoose from 'mongoose';
import { assessmentDirectory } from '../../src/modules/assessments';
import type { AssessmentRecord } from '../../src/modules/assessments/assessment.model';
import type { AgreementState } from '../../src/modules/suppliers/suppliers.model';
import { signedInAs, type Agent, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  answerWell,
  assessmentIdFrom,
  decide,
  findingForm,
  handIn,
  publishQuestionnaire,
  saved,
  sendQuestionnaire,
  storedFindings,
} from '../assessments/flow-support';
import { day, insertSupplier, listedNames, submit, textOf, type SupplierSeed } from '../suppliers/support';

const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY_MS);
const inDays = (days: number) => new Date(Date.now() + days * DAY_MS);
const signed = (expiresInDays: number): AgreementState => ({
  state: 'signed',
  effectiveDate: daysAgo(400),
  expiryDate: inDays(expiresInDays),
});

/*
 * The data set. Review cadence (defaults): critical 6, high 12, medium 18, low 24 months,
 * counted from the anchor (or from today when there is none). "Expiring" is within 60 days.
 *
 *   supplier   tier      status      next review                 NDA            DPA
 *   Alpha      critical  active      anchor 240 d ago → overdue  expiring (30)  signed
 *   Bravo      high      active      anchor 350 d ago → in ~15 d signed         expired (−10)
 *   Charlie    high      active      anchor 730 d ago → overdue  sent           missing
 *   Delta      high      suspended   anchor 350 d ago → in ~15 d signed         expiring (45)
 *   Echo       medium    onboarding  none → in 18 months         missing        draft
 *   Foxtrot    low       prospect    none → in 24 months         missing        missing
 *   Golf       low       offboarded  not reviewed (offboarded)   expired (−100) missing
 *   Hotel      medium    active      anchor 3 years ago → overdue signed        signed
 *
 * Assessments: Alpha sent; Bravo sent and 3 days past due; Charlie handed in (past due does not
 * count once handed in); Delta sent and cancelled.
 * Findings on Charlie's assessment: critical, high, high, medium open; another high resolved.
 */
const SUPPLIERS: SupplierSeed[] = [
  {
    name: 'Alpha Cloud',
    tier: 'critical',
    status: 'active',
    reviewAnchor: daysAgo(240),
    nda: signed(30),
    dpa: signed(700),
  },
  {
    name: 'Bravo Payroll',
    tier: 'high',
    status: 'active',
    reviewAnchor: daysAgo(350),
    nda: signed(700),
    dpa: signed(-10),
  },
  {
    name: 'Charlie Hosting',
    tier: 'high',
    status: 'active',
    reviewAnchor: daysAgo(730),
    nda: { state: 'sent' },
  },
  {
    name: 'Delta Analytics',
    tier: 'high',
    status: 'suspended',
    reviewAnchor: daysAgo(350),
    nda: signed(700),
    dpa: signed(45),
  },
  { name: 'Echo Print', tier: 'medium', status: 'onboarding', dpa: { state: 'draft' } },
  { name: 'Foxtrot Logistics', tier: 'low', status: 'prospect' },
  {
    name: 'Golf Catering',
    tier: 'low',
    status: 'offboarded',
    reviewAnchor: daysAgo(5 * 365),
    nda: signed(-100),
  },
  {
    name: 'Hotel Mail',
    tier: 'medium',
    status: 'active',
    reviewAnchor: daysAgo(3 * 365),
    nda: signed(700),
    dpa: signed(700),
  },
];

const FINDINGS = {
  critical: 'MFA not enforced for administrators',
  highReview: 'Accounts never reviewed',
  highStaff: 'Too many staff reach customer data',
  medium: 'No named security contact',
  closed: 'Penetration test out of date',
};

/** Each figure of the dashboard with its number and the rows its list must show (names or titles). */
const EXPECTED: Record<string, { count: number; rows: string[] }> = {
  'tiers:critical': { count: 1, rows: ['Alpha Cloud'] },
  'tiers:high': { count: 3, rows: ['Bravo Payroll', 'Charlie Hosting', 'Delta Analytics'] },
  'tiers:medium': { count: 2, rows: ['Echo Print', 'Hotel Mail'] },
  'tiers:low': { count: 2, rows: ['Foxtrot Logistics', 'Golf Catering'] },
  'statuses:prospect': { count: 1, rows: ['Foxtrot Logistics'] },
  'statuses:onboarding': { count: 1, rows: ['Echo Print'] },
  'statuses:active': {
    count: 4,
    rows: ['Alpha Cloud', 'Bravo Payroll', 'Charlie Hosting', 'Hotel Mail'],
  },
  'statuses:suspended': { count: 1, rows: ['Delta Analytics'] },
  'statuses:offboarded': { count: 1, rows: ['Golf Catering'] },
  'reviews:overdue': { count: 3, rows: ['Alpha Cloud', 'Charlie Hosting', 'Hotel Mail'] },
  'reviews:dueSoon': { count: 2, rows: ['Bravo Payroll', 'Delta Analytics'] },
  'agreements:dpaMissing': {
    count: 4,
    rows: ['Charlie Hosting', 'Echo Print', 'Foxtrot Logistics', 'Golf Catering'],
  },
  'agreements:ndaMissing': { count: 3, rows: ['Charlie Hosting', 'Echo Print', 'Foxtrot Logistics'] },
  'agreements:expiring': { count: 2, rows: ['Alpha Cloud', 'Delta Analytics'] },
  'agreements:expired': { count: 2, rows: ['Bravo Payroll', 'Golf Catering'] },
  'assessments:open': { count: 3, rows: ['Alpha Cloud', 'Bravo Payroll', 'Charlie Hosting'] },
  'assessments:overdue': { count: 1, rows: ['Bravo Payroll'] },
  'findings:critical': { count: 1, rows: [FINDINGS.critical] },
  'findings:high': { count: 2, rows: [FINDINGS.highReview, FINDINGS.highStaff] },
  'findings:medium': { count: 1, rows: [FINDINGS.medium] },
  'findings:low': { count: 0, rows: [] },
};

/** Moves an assessment's due date (as time passing would), telling the in-memory list. */
async function setAssessmentDueDate(id: string, dueDate: Date): Promise<void> {
  const updated = await mongoose.connection
    .collection<AssessmentRecord>('assessments')
    .findOneAndUpdate(
      { _id: new mongoose.Types.ObjectId(id) },
      { $set: { dueDate } },
      { returnDocument: 'after' },
    );
  if (!updated) throw new Error(`no assessment ${id}`);
  await assessmentDirectory.publish(updated);
}

/** Raises a finding on a handed-in answer through the review form; its id. */
async function raise(
  buyer: SignedIn,
  assessmentId: string,
  questionKey: string,
  severity: string,
  title: string,
) {
  const response = await decide(buyer, assessmentId, questionKey, findingForm({ severity, title }));
  expect(response.status, `raising "${title}": ${textOf(response.text).slice(0, 300)}`).to.equal(303);
  const finding = (await storedFindings()).find((stored) => stored.title === title);
  if (!finding) throw new Error(`finding "${title}" was not stored`);
  return finding._id.toString();
}

/** Builds the data set of the table above; the supplier ids by name. */
async function seedDashboardData(): Promise<Record<string, string>> {
  const ids: Record<string, string> = {};
  for (const seed of SUPPLIERS) ids[seed.name] = await insertSupplier(seed);
  const id = (name: string) => ids[name] ?? '';

  const buyer = await signedInAs('procurement');
  const templateId = await publishQuestionnaire();
  const send = async (name: string) => assessmentIdFrom(await sendQuestionnaire(buyer, id(name), templateId));

  await send('Alpha Cloud');
  await setAssessmentDueDate(await send('Bravo Payroll'), new Date(`${day(-3)}T00:00:00Z`));
  const cancelled = await submit(buyer.agent, `/assessments/${await send('Delta Analytics')}/cancel`, {
    note: 'Supplier suspended.',
  });
  expect(cancelled.status, 'cancelling Delta’s assessment').to.equal(303);

  const charlie = await send('Charlie Hosting');
  const vendor = await signedInAs({ role: 'vendor', supplierId: id('Charlie Hosting') });
  await answerWell(vendor, charlie);
  await saved(vendor, charlie, 'ops_contact', { value: 'Li Wei' });
  await saved(vendor, charlie, 'ops_pentest', { value: day(-400) });
  const handedIn = await handIn(vendor, charlie);
  expect(handedIn.status, 'handing in Charlie’s assessment').to.equal(303);
  // Handed in, the assessment waits for the buyer: its due date passing does not make it overdue.
  await setAssessmentDueDate(charlie, new Date(`${day(-5)}T00:00:00Z`));

  await raise(buyer, charlie, 'acc_mfa', 'critical', FINDINGS.critical);
  await raise(buyer, charlie, 'acc_review', 'high', FINDINGS.highReview);
  await raise(buyer, charlie, 'ops_staff', 'high', FINDINGS.highStaff);
  await raise(buyer, charlie, 'ops_contact', 'medium', FINDINGS.medium);
  const closed = await raise(buyer, charlie, 'ops_pentest', 'high', FINDINGS.closed);
  const resolved = await submit(buyer.agent, `/findings/${closed}/close`, {
    kind: 'resolved',
    justification: 'A new penetration test report was supplied.',
  });
  expect(resolved.status, 'closing a finding').to.equal(303);
  return ids;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&amp;/g, '&')
    .replace(/&#34;|&quot;/g, '"')
    .replace(/&#39;/g, "'");

interface ShownFigure {
  count: number;
  href: string;
}

/** Every `data-figure` link of a page: its number (or the stat box's number) and its address. */
function figuresOn(html: string): Record<string, ShownFigure> {
  const figures: Record<string, ShownFigure> = {};
  for (const match of html.matchAll(/<a\b([^>]*\bdata-figure="([^"]+)"[^>]*)>([\s\S]*?)<\/a>/g)) {
    const [, attributes = '', key = '', inner = ''] = match;
    expect(figures, `figure ${key} shown twice`).not.to.have.property(key);
    const href = /\bhref="([^"]*)"/.exec(attributes)?.[1];
    expect(href, `figure ${key} has a link`).to.be.a('string');
    const stat = /<span class="stat-number">([^<]*)<\/span>/.exec(inner)?.[1];
    const number = textOf(stat ?? inner);
    expect(number, `figure ${key} is a number`).to.match(/^\d+$/);
    figures[key] = { count: Number(number), href: decodeEntities(href ?? '') };
  }
  return figures;
}

/** The rows a list page shows (supplier names, assessment suppliers, finding titles) and its count line. */
async function rowsBehind(agent: Agent, href: string): Promise<{ rows: string[]; count: number }> {
  const response = await agent.get(href);
  expect(response.status, `GET ${href}`).to.equal(200);
  const html = response.text;
  const path = new URL(href, 'http://localhost').pathname;
  if (path === '/suppliers') {
    const count = /<p>(\d+) suppliers?<\/p>/.exec(html)?.[1];
    expect(html, `${href} is a single page`).not.to.include('pagination-link');
    return { rows: listedNames(html), count: Number(count) };
  }
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
  if (path === '/assessments') {
    const count = /<caption[^>]*>(\d+) assessments?<\/caption>/.exec(html)?.[1];
    const rows = [...body.matchAll(/<a href="\/suppliers\/[a-f\d]{24}">([^<]*)<\/a>/g)].map((row) =>
      textOf(row[1] ?? ''),
    );
    return { rows, count: Number(count) };
  }
  if (path === '/findings') {
    const count = /<p class="mb-2">(\d+) findings?<\/p>/.exec(html)?.[1];
    const rows = [...body.matchAll(/<a href="\/findings\/[a-f\d]{24}">([^<]*)<\/a>/g)].map((row) =>
      textOf(row[1] ?? ''),
    );
    return { rows, count: Number(count) };
  }
  throw new Error(`a figure links to an unexpected list: ${href}`);
}

/** The text alternatives of the page's charts (canvas role="img"), in order. */
function chartLabels(html: string): string[] {
  return [...html.matchAll(/<canvas class="dashboard-chart"([^>]*)>/g)].map((match) => {
    const attributes = match[1] ?? '';
    expect(attributes, 'a chart canvas is an image to assistive technology').to.include('role="img"');
    return decodeEntities(/aria-label="([^"]*)"/.exec(attributes)?.[1] ?? '');
  });
}

/** The numbers each chart draws (its data-chart), in order. */
function chartValues(html: string): number[][] {
  return [...html.matchAll(/<canvas class="dashboard-chart"[^>]*data-chart="([^"]*)"/g)].map(
    (match) => (JSON.parse(decodeEntities(match[1] ?? '')) as { values: number[] }).values,
  );
}

const STAFF = ['admin', 'procurement', 'auditor'] as const;

describe('dashboard: the staff home page', () => {
  let ids: Record<string, string>;
  const viewers: Partial<Record<(typeof STAFF)[number], SignedIn>> = {};

  before(async function () {
    this.timeout(120_000);
    await resetDatabase();
    ids = await seedDashboardData();
    for (const role of STAFF) viewers[role] = await signedInAs(role);
  });

  const viewer = (role: (typeof STAFF)[number]): SignedIn => {
    const signedIn = viewers[role];
    if (!signedIn) throw new Error(`no ${role} signed in`);
    return signedIn;
  };

  for (const role of STAFF) {
    it(`dashboard: ${role} opens the home page → every figure is the count of the seeded data`, async () => {
      const response = await viewer(role).agent.get('/');
      expect(response.status).to.equal(200);
      expect(textOf(response.text)).to.include('Where attention is needed');
      const shown = Object.fromEntries(
        Object.entries(figuresOn(response.text)).map(([key, figure]) => [key, figure.count]),
      );
      const expected = Object.fromEntries(
        Object.entries(EXPECTED).map(([key, figure]) => [key, figure.count]),
      );
      expect(shown).to.deep.equal(expected);
    });

    it(`dashboard: ${role} follows each figure's link → the list shows exactly the rows counted`, async () => {
      const { agent } = viewer(role);
      const figures = figuresOn((await agent.get('/')).text);
      expect(Object.keys(figures)).to.have.members(Object.keys(EXPECTED));
      for (const [key, figure] of Object.entries(figures)) {
        const listed = await rowsBehind(agent, figure.href);
        expect(listed.count, `${key}: the count above the list at ${figure.href}`).to.equal(figure.count);
        expect(listed.rows, `${key}: the rows of ${figure.href}`).to.have.length(figure.count);
        expect(listed.rows, `${key}: the rows of ${figure.href}`).to.have.members(EXPECTED[key]?.rows ?? []);
      }
    });
  }

  it('dashboard: the charts → canvases with role="img" whose text alternative holds the numbers, drawing the same numbers', async () => {
    const html = (await viewer('procurement').agent.get('/')).text;
    expect(chartLabels(html)).to.deep.equal([
      'Chart: Suppliers by inherent risk tier. Critical: 1, High: 3, Medium: 2, Low: 2.',
      'Chart: Suppliers by status. Prospect: 1, Onboarding: 1, Active: 4, Suspended: 1, Offboarded: 1.',
      'Chart: Open findings by severity (4). Critical: 1, High: 2, Medium: 1, Low: 0.',
    ]);
    expect(chartValues(html)).to.deep.equal([
      [1, 3, 2, 2],
      [1, 1, 4, 1, 1],
      [1, 2, 1, 0],
    ]);
  });

  it('dashboard: the chart scripts → Chart.js and dashboard.js are referenced and served by the app as JavaScript', async () => {
    const { agent } = viewer('procurement');
    const html = (await agent.get('/')).text;
    for (const script of ['/static/vendor/chart.js/chart.umd.min.js', '/static/js/dashboard.js']) {
      expect(html, `the page loads ${script}`).to.match(new RegExp(`<script src="${script}"`));
      const response = await agent.get(script).buffer(true);
      expect(response.status, script).to.equal(200);
      expect(response.headers['content-type'], script).to.match(/javascript/);
      expect(response.text.length, script).to.be.greaterThan(100);
    }
    const chartJs = await agent.get('/static/vendor/chart.js/chart.umd.min.js').buffer(true);
    expect(chartJs.text).to.match(/Chart/);
    const dashboardJs = await agent.get('/static/js/dashboard.js').buffer(true);
    expect(dashboardJs.text).to.include('dashboard-chart');
  });

  it('dashboard: a vendor opens the home page → their supplier, no dashboard figures or charts', async () => {
    const vendor = await signedInAs({ role: 'vendor', supplierId: ids['Alpha Cloud'] ?? '' });
    const response = await vendor.agent.get('/');
    expect(response.status).to.equal(200);
    expect(textOf(response.text)).to.include('Alpha Cloud');
    expect(response.text).not.to.include('data-figure');
    expect(response.text).not.to.include('dashboard-chart');
    expect(textOf(response.text)).not.to.include('Where attention is needed');
  });

  it('dashboard: a user who reads Chinese → the heading "需要关注的事项", with the same figures', async () => {
    const reader = await signedInAs({ role: 'procurement', locale: 'zh-CN' });
    const html = (await reader.agent.get('/')).text;
    expect(/<h2[^>]*id="dashboard-heading"[^>]*>([^<]*)<\/h2>/.exec(html)?.[1]).to.equal('需要关注的事项');
    expect(textOf(html)).not.to.include('Where attention is needed');
    expect(figuresOn(html)['reviews:overdue']?.count).to.equal(3);
  });

  it('dashboard: switching the language to Chinese with the language buttons → the heading "需要关注的事项"', async () => {
    const reader = await signedInAs('auditor');
    const switched = await reader.post('/language', { locale: 'zh-CN', returnTo: '/' });
    expect(switched.status).to.equal(303);
    const html = (await reader.agent.get('/')).text;
    expect(/<h2[^>]*id="dashboard-heading"[^>]*>([^<]*)<\/h2>/.exec(html)?.[1]).to.equal('需要关注的事项');
  });
});
