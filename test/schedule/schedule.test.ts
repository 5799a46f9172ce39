import { expect } from 'chai';
import { addDays, addMonths, dayIn, formatDay } from '../../src/lib/dates';
import { anonymous, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { publishedShortTemplate, sendAssessment } from '../assessments/records';
import { auditEvents, insertSupplier, shownDate, textOf } from '../suppliers/support';

const today = () => dayIn(new Date(), 'UTC');

/** The rows of a schedule table section, as "kind · supplier" in date order. */
function rowsOf(html: string, headingId: string): string[] {
  const start = html.indexOf(`id="${headingId}"`);
  if (start < 0) return [];
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/<tr class="schedule-item" data-kind="(\w+)">([\s\S]*?)<\/tr>/g)].map(
    (match) => {
      const cells = [...(match[2] ?? '').matchAll(/<td>([\s\S]*?)<\/td>/g)].map((cell) =>
        textOf(cell[1] ?? ''),
      );
      return `${match[1]} · ${cells[2]}`;
    },
  );
}

/** The feed address the schedule page shows once, right after it was made, as a path. */
function feedPathFrom(html: string): string {
  const path = /value="https?:\/\/[^/"]+(\/schedule\/feed\/[\w-]{43}\.ics)"/.exec(html)?.[1];
  expect(path, 'the feed address on the page').to.be.a('string');
  return path ?? '';
}

describe('schedule: what falls due', () => {
  let buyer: SignedIn;
  let colleague: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs({ role: 'procurement', name: 'Buyer Bo' });
    colleague = await signedInAs({ role: 'procurement', name: 'Colleague Cai' });
    const t = today();
    // High tier, reviewed 12 months + 3 days ago: 3 days overdue.
    await insertSupplier({
      name: 'Overdue Review Ltd',
      tier: 'high',
      ownerId: buyer.user.id,
      reviewAnchor: addMonths(addDays(t, -3), -12),
    });
    // Signed NDA expiring in 45 days (outside 30, inside 60).
    await insertSupplier({
      name: 'NDA Soon Ltd',
      tier: 'low',
      ownerId: buyer.user.id,
      reviewAnchor: t,
      nda: { state: 'signed', agreementId: '6650c3c3c3c3c3c3c3c3c3c3', expiryDate: addDays(t, 45) },
    });
    // Someone else's supplier with its review due in 10 days.
    await insertSupplier({
      name: 'Colleague Ltd',
      tier: 'high',
      ownerId: colleague.user.id,
      reviewAnchor: addMonths(addDays(t, 10), -12),
    });
  });

  it('list → overdue items and those due in the window, soonest first; the window and the owner filter narrow it', async () => {
    const page = await buyer.agent.get('/schedule');
    expect(page.status).to.equal(200);
    expect(rowsOf(page.text, 'overdue-heading')).to.deep.equal(['review · Overdue Review Ltd']);
    expect(rowsOf(page.text, 'upcoming-heading')).to.deep.equal(['review · Colleague Ltd']);

    const sixty = await buyer.agent.get('/schedule?days=60');
    expect(rowsOf(sixty.text, 'upcoming-heading')).to.deep.equal([
      'review · Colleague Ltd',
      'agreement · NDA Soon Ltd',
    ]);
    expect(textOf(sixty.text)).to.include(shownDate(addDays(today(), 45)));

    const mine = await buyer.agent.get(`/schedule?days=60&owner=${buyer.user.id}`);
    expect(rowsOf(mine.text, 'upcoming-heading')).to.deep.equal(['agreement · NDA Soon Ltd']);
    const agreementsOnly = await buyer.agent.get('/schedule?days=90&kind=agreement');
    expect(rowsOf(agreementsOnly.text, 'overdue-heading')).to.deep.equal([]);
    expect(rowsOf(agreementsOnly.text, 'upcoming-heading')).to.deep.equal(['agreement · NDA Soon Ltd']);
  });

  it('an open assessment → on the schedule, linked to it', async () => {
    const admin = await signedInAs('admin');
    const supplierId = await insertSupplier({
      name: 'Assessed Ltd',
      ownerId: buyer.user.id,
      reviewAnchor: today(),
    });
    await sendAssessment(admin, supplierId, await publishedShortTemplate()); // due in 30 days
    const page = await buyer.agent.get(`/schedule?owner=${buyer.user.id}&days=30`);
    expect(rowsOf(page.text, 'upcoming-heading')).to.include('assessment · Assessed Ltd');
    expect(page.text).to.match(/<a href="\/assessments\/[a-f\d]{24}">Assessment due<\/a>/);
  });

  it('month calendar → items on their days, overdue ones marked; months page back and forth', async () => {
    const t = today();
    const month = formatDay(t).slice(0, 7);
    const page = await buyer.agent.get(`/schedule/calendar?month=${month}`);
    expect(page.status).to.equal(200);
    const due = addDays(t, -3);
    if (formatDay(due).slice(0, 7) === month) {
      expect(page.text).to.include('Review · Overdue Review Ltd');
    }
    expect(page.text).to.include('aria-current="date"');
    const next = formatDay(addMonths(new Date(`${month}-01T00:00:00Z`), 1)).slice(0, 7);
    expect(page.text).to.include(`/schedule/calendar?month=${next}`);

    const nda = addDays(t, 45);
    const ndaMonth = await buyer.agent.get(`/schedule/calendar?month=${formatDay(nda).slice(0, 7)}`);
    const cellStart = ndaMonth.text.indexOf(`<span class="calendar-date">${nda.getUTCDate()}</span>`);
    expect(cellStart).to.be.greaterThan(0);
    const cell = ndaMonth.text.slice(cellStart, ndaMonth.text.indexOf('</td>', cellStart));
    expect(textOf(cell)).to.include('Agreement expiry · NDA Soon Ltd');

    const chinese = await signedInAs({ role: 'procurement', locale: 'zh-CN' });
    const zh = await chinese.agent.get(`/schedule/calendar?month=2027-02`);
    expect(textOf(zh.text)).to.include('2027年2月');
    expect(textOf(zh.text)).to.include('日程月历');
  });

  it('a malformed month or owner → the current month, everyone: no error', async () => {
    const page = await buyer.agent.get('/schedule/calendar?month=2027-13&owner=$ne');
    expect(page.status).to.equal(200);
    expect(page.text).to.include('aria-current="date"');
  });
});

describe('schedule: calendar feed (.ics)', () => {
  let buyer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs({ role: 'procurement', name: 'Feed Owner' });
    await insertSupplier({
      name: '上海云栈科技有限公司',
      tier: 'high',
      ownerId: buyer.user.id,
      reviewAnchor: addMonths(addDays(today(), 20), -12),
    });
    await insertSupplier({
      name: 'Not Mine Ltd',
      tier: 'high',
      reviewAnchor: addMonths(addDays(today(), 5), -12),
    });
  });

  it("make an address → shown once; a calendar reads it without signing in: my suppliers' dates as all-day events", async () => {
    const made = await buyer.post('/schedule/feed', { scope: 'mine' });
    expect(made.headers.location).to.equal('/schedule#feed');
    const page = await buyer.agent.get('/schedule');
    const path = feedPathFrom(page.text);
    expect((await buyer.agent.get('/schedule')).text, 'shown only once').to.not.include(path);

    const feed = await anonymous().get(path);
    expect(feed.status).to.equal(200);
    expect(feed.headers['content-type']).to.match(/^text\/calendar; charset=utf-8/);
    const unfolded = feed.text.replace(/\r\n /g, '');
    expect(unfolded).to.include('BEGIN:VCALENDAR');
    expect(unfolded).to.include('SUMMARY:Review · 上海云栈科技有限公司');
    expect(unfolded).to.include(`DTSTART;VALUE=DATE:${formatDay(addDays(today(), 20)).replace(/-/g, '')}`);
    expect(unfolded).to.not.include('Not Mine Ltd');
    expect(await auditEvents('schedule.feed_read')).to.have.length(1);
    expect(textOf((await buyer.agent.get('/schedule')).text)).to.include('Last read by a calendar');
  });

  it('"all suppliers" → every supplier\'s dates; a new address → the old one stops; revoked → 404', async () => {
    await buyer.post('/schedule/feed', { scope: 'all' });
    const first = feedPathFrom((await buyer.agent.get('/schedule')).text);
    expect((await anonymous().get(first)).text).to.include('Not Mine Ltd');

    await buyer.post('/schedule/feed', { scope: 'mine' });
    const second = feedPathFrom((await buyer.agent.get('/schedule')).text);
    expect((await anonymous().get(first)).status).to.equal(404);
    expect((await anonymous().get(second)).status).to.equal(200);

    const revoked = await buyer.post('/schedule/feed/revoke');
    expect(revoked.status).to.equal(303);
    expect((await anonymous().get(second)).status).to.equal(404);
    expect(await auditEvents('schedule.feed_revoke')).to.have.length(1);
  });

  it('the owner is disabled → their address stops working', async () => {
    await buyer.post('/schedule/feed', { scope: 'mine' });
    const path = feedPathFrom((await buyer.agent.get('/schedule')).text);
    const admin = await signedInAs('admin');
    const disabled = await admin.post(`/admin/users/${buyer.user.id}/disable`);
    expect(disabled.status).to.equal(303);
    expect((await anonymous().get(path)).status).to.equal(404);
  });
});
