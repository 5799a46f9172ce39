import { expect } from 'chai';
import { addMonths, dayIn, hourIn } from '../../src/lib/dates';
import { DEFAULT_SETTINGS } from '../../src/modules/settings';
import { nextReviewDue } from '../../src/modules/suppliers';
import { reminderStage } from '../../src/modules/scheduler/reminder-plan';

const utc = (iso: string) => new Date(`${iso}Z`);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const iso = (date: Date | undefined) => date?.toISOString().slice(0, 10);

describe('due dates: calendar arithmetic', () => {
  it('adding months to the 31st → clamped to the last day of shorter months', () => {
    expect(iso(addMonths(day('2026-01-31'), 1))).to.equal('2026-02-28');
    expect(iso(addMonths(day('2026-03-31'), 1))).to.equal('2026-04-30');
    expect(iso(addMonths(day('2026-08-31'), 6))).to.equal('2027-02-28');
    expect(iso(addMonths(day('2026-12-31'), 2))).to.equal('2027-02-28');
  });

  it('leap years → 29 February exists in 2028, not in 2027 or 2100; a 29 February anchor lands on 28 February a year later', () => {
    expect(iso(addMonths(day('2027-08-31'), 6))).to.equal('2028-02-29');
    expect(iso(addMonths(day('2028-02-29'), 12))).to.equal('2029-02-28');
    expect(iso(addMonths(day('2028-02-29'), 48))).to.equal('2032-02-29');
    expect(iso(addMonths(day('2099-08-31'), 6))).to.equal('2100-02-28');
  });

  it('the day an instant falls on depends on the time zone', () => {
    const lateEvening = utc('2026-01-31T20:30:00');
    expect(iso(dayIn(lateEvening, 'UTC'))).to.equal('2026-01-31');
    expect(iso(dayIn(lateEvening, 'Asia/Shanghai'))).to.equal('2026-02-01');
    expect(iso(dayIn(utc('2026-03-01T05:00:00'), 'America/Los_Angeles'))).to.equal('2026-02-28');
    expect(hourIn(utc('2026-06-15T23:00:00'), 'Asia/Shanghai')).to.equal(7);
    // Daylight saving: 09:00 UTC is 02:00 in Los Angeles in summer, 01:00 in winter.
    expect(hourIn(utc('2026-07-01T09:00:00'), 'America/Los_Angeles')).to.equal(2);
    expect(hourIn(utc('2026-12-01T09:00:00'), 'America/Los_Angeles')).to.equal(1);
    // The spring change in Los Angeles: 02:00 PST becomes 03:00 PDT at 10:00 UTC.
    expect(hourIn(utc('2026-03-08T09:59:00'), 'America/Los_Angeles')).to.equal(1);
    expect(hourIn(utc('2026-03-08T10:00:00'), 'America/Los_Angeles')).to.equal(3);
    // Newfoundland (UTC−3:30) changes at 05:30 UTC, inside a UTC hour.
    expect(hourIn(utc('2026-03-08T05:29:00'), 'America/St_Johns')).to.equal(1);
    expect(hourIn(utc('2026-03-08T05:30:00'), 'America/St_Johns')).to.equal(3);
    expect(iso(dayIn(utc('2026-03-08T05:29:00'), 'Asia/Kathmandu'))).to.equal('2026-03-08');
  });
});

describe('due dates: next review date', () => {
  const cadence = DEFAULT_SETTINGS.reviewCadenceMonths;
  const supplier = (reviewAnchor: Date, inherentTier: 'critical' | 'high' | 'medium' | 'low' = 'high') => ({
    status: 'active' as const,
    inherentTier,
    reviewAnchor,
    createdAt: undefined,
    openReview: undefined,
  });

  it('a review completed on the evening of 31 January UTC → due on the day it was in the portal time zone, a cadence later', () => {
    const completed = utc('2026-01-31T20:30:00');
    // In UTC it was 31 January: + 12 months.
    expect(iso(nextReviewDue(supplier(completed), cadence, 'UTC'))).to.equal('2027-01-31');
    // In Shanghai it was already 1 February.
    expect(iso(nextReviewDue(supplier(completed), cadence, 'Asia/Shanghai'))).to.equal('2027-02-01');
    // Critical: every 6 months; 31 August + 6 months → end of February.
    expect(iso(nextReviewDue(supplier(utc('2027-08-31T10:00:00'), 'critical'), cadence, 'UTC'))).to.equal(
      '2028-02-29',
    );
  });

  it('an open review → its due date wins over the cadence (an event pulled it forward)', () => {
    const pulled = {
      ...supplier(utc('2026-01-10T09:00:00')),
      openReview: { reviewId: 'r', kind: 'event', dueDate: day('2026-05-02') },
    };
    expect(iso(nextReviewDue(pulled, cadence, 'UTC'))).to.equal('2026-05-02');
  });
});

describe('due dates: which reminder a day calls for', () => {
  const rules = { leadDays: [30, 7, 1], overdueEveryDays: 7 };
  const due = day('2026-03-31');
  const stage = (today: string) => reminderStage(due, day(today), rules);

  it('before the due date → the closest lead time reached, none before the first', () => {
    expect(stage('2026-02-27')).to.equal(undefined); // 32 days ahead
    expect(stage('2026-03-01')).to.equal('before-30');
    expect(stage('2026-03-23')).to.equal('before-30'); // 8 days ahead
    expect(stage('2026-03-24')).to.equal('before-7');
    expect(stage('2026-03-30')).to.equal('before-1');
    expect(stage('2026-03-31')).to.equal('before-1'); // due today: not overdue yet
  });

  it('after the due date → one overdue stage per 7 days, so a missed run does not send a backlog', () => {
    expect(stage('2026-04-01')).to.equal('overdue-0');
    expect(stage('2026-04-07')).to.equal('overdue-0');
    expect(stage('2026-04-08')).to.equal('overdue-1');
    expect(stage('2026-05-01')).to.equal('overdue-4');
  });

  it('across a month end and a leap day → counted in calendar days', () => {
    const leap = day('2028-03-01');
    expect(reminderStage(leap, day('2028-02-23'), rules)).to.equal('before-7'); // 7 days: 29 February exists
    expect(reminderStage(leap, day('2028-02-22'), rules)).to.equal('before-30');
  });
});
