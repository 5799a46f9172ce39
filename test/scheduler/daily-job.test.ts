import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import { setConfig } from '../../src/config';
import { resetChangeLog } from '../../src/lib/change-log';
import { assessmentDirectory } from '../../src/modules/assessments';
import { AssessmentModel, type AssessmentRecord } from '../../src/modules/assessments/assessment.model';
import { listOutbox } from '../../src/modules/mail/mailer';
import { notificationDirectory } from '../../src/modules/notifications';
import { reviewDirectory } from '../../src/modules/reviews';
import { runDailyJob, runIfDue } from '../../src/modules/scheduler';
import { supplierDirectory } from '../../src/modules/suppliers';
import { signedInAs } from '../helpers/agents';
import { resetDatabase, testConfig, testDataDir } from '../helpers/environment';
import { createUser, type TestUser } from '../helpers/factories';
import { publishedShortTemplate, sendAssessment } from '../assessments/records';
import { insertSupplier, textOf } from '../suppliers/support';

const at = (iso: string) => new Date(`${iso}T12:00:00Z`);
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

interface StoredNotification {
  _id: string;
  userId: string;
  kind: string;
  supplierName: string;
}

const notifications = () =>
  mongoose.connection.collection<StoredNotification>('notifications').find({}).sort({ _id: 1 }).toArray();
const kindsFor = async (user: TestUser) =>
  (await notifications())
    .filter((notification) => notification.userId === user.id)
    .map((notification) => `${notification.kind} ${notification.supplierName}`)
    .sort();

/** What a restarted process knows: nothing in memory, everything in the database. */
function forgetMemory(): void {
  supplierDirectory.reset();
  reviewDirectory.reset();
  notificationDirectory.reset();
  assessmentDirectory.reset();
  resetChangeLog();
}

describe('scheduler: the daily reminder job', () => {
  let owner: TestUser;
  let vendor: TestUser;

  beforeEach(async () => {
    await resetDatabase();
    owner = await createUser({ role: 'procurement', name: 'Owner Olivia' });
    const ownerName = owner.name;
    // High tier: reviewed every 12 months, so the anchor a year before the due date.
    const reviewed = await insertSupplier({
      name: 'Review Due Ltd',
      tier: 'high',
      ownerId: owner.id,
      ownerName,
      reviewAnchor: at('2025-06-10'),
    });
    await insertSupplier({
      name: 'DPA Expiring Ltd',
      tier: 'low',
      ownerId: owner.id,
      ownerName,
      reviewAnchor: at('2026-01-01'),
      dpa: { state: 'signed', agreementId: '6650a1a1a1a1a1a1a1a1a1a1', expiryDate: day('2026-06-25') },
    });
    await insertSupplier({
      name: 'NDA Expired Ltd',
      tier: 'low',
      ownerId: owner.id,
      ownerName,
      reviewAnchor: at('2026-01-01'),
      nda: { state: 'signed', agreementId: '6650b2b2b2b2b2b2b2b2b2b2', expiryDate: day('2026-06-01') },
    });
    await insertSupplier({ name: 'No Owner Ltd', tier: 'high', reviewAnchor: at('2025-06-10') });

    vendor = await createUser({ role: 'vendor', supplierId: reviewed, name: 'Vendor Wang', locale: 'zh-CN' });
    const admin = await signedInAs('admin');
    const assessmentId = await sendAssessment(admin, reviewed, await publishedShortTemplate());
    const moved = await AssessmentModel.findByIdAndUpdate(
      assessmentId,
      { $set: { dueDate: day('2026-06-08') } },
      { returnDocument: 'after' },
    ).lean<AssessmentRecord>();
    if (moved) await assessmentDirectory.publish(moved);
    // Only the job's mails count below, not the invitation to the questionnaire.
    fs.rmSync(path.join(testDataDir(), 'outbox'), { recursive: true, force: true });
  });

  it('first run → each owner and vendor is reminded of what falls due, by notification and mail in their language', async () => {
    const report = await runDailyJob('test', at('2026-06-05'));
    expect(report.reviewsTriggered, 'the expired NDA opened one review').to.equal(1);

    expect(await kindsFor(owner)).to.deep.equal([
      'agreement_expiring DPA Expiring Ltd', // 20 days ahead: the 30-day reminder
      'review_due Review Due Ltd', // 5 days ahead: the 7-day reminder
      'review_triggered NDA Expired Ltd',
    ]);
    expect(await kindsFor(vendor)).to.deep.equal(['assessment_due Review Due Ltd']);

    const mails = await listOutbox(testConfig());
    const toOwner = mails.filter((mail) => mail.to === owner.email).map((mail) => mail.subject);
    expect(toOwner).to.have.members([
      'DPA with DPA Expiring Ltd expires Jun 25, 2026',
      'Review of Review Due Ltd due Jun 10, 2026',
      'Review of NDA Expired Ltd needed now',
    ]);
    const toVendor = mails.filter((mail) => mail.to === vendor.email);
    expect(toVendor).to.have.length(1);
    expect(toVendor[0]?.subject).to.equal('Review Due Ltd 的问卷将于 2026年6月8日 到期');
    expect(toVendor[0]?.text).to.match(/http:\/\/localhost:\d+\/assessments\/[a-f\d]{24}/);
  });

  it('the same day again, after a restart → nothing sent twice, no second review for the expired NDA', async () => {
    await runDailyJob('first process', at('2026-06-05'));
    const mailsBefore = (await listOutbox(testConfig())).length;
    const notificationsBefore = (await notifications()).length;
    forgetMemory();

    const again = await runDailyJob('restarted process', new Date('2026-06-05T21:30:00Z'));
    expect(again.remindersSent).to.equal(0);
    expect(again.reviewsTriggered).to.equal(0);
    expect((await listOutbox(testConfig())).length).to.equal(mailsBefore);
    expect((await notifications()).length).to.equal(notificationsBefore);
    expect(await mongoose.connection.collection('reviews').countDocuments()).to.equal(1);
  });

  it('two runs at the same moment (as from two processes) → every reminder written and mailed once', async () => {
    const [one, two] = await Promise.all([
      runDailyJob('process A', at('2026-06-05')),
      runDailyJob('process B', at('2026-06-05')),
    ]);
    expect(one.remindersSent + two.remindersSent).to.equal(3);
    expect(one.reviewsTriggered + two.reviewsTriggered).to.equal(1);
    expect((await notifications()).length).to.equal(4);
    expect((await listOutbox(testConfig())).length).to.equal(4);
  });

  it('later days → the next lead time and then overdue reminders, each once; nothing between stages', async () => {
    await runDailyJob('test', at('2026-06-05'));
    const countFor = async (user: TestUser) => (await kindsFor(user)).length;

    // 7 June: the review is 3 days ahead (still the 7-day stage); the assessment is due tomorrow.
    await runDailyJob('test', at('2026-06-07'));
    expect(await countFor(owner)).to.equal(3);
    expect(await kindsFor(vendor)).to.deep.equal([
      'assessment_due Review Due Ltd',
      'assessment_due Review Due Ltd',
    ]);

    // 9 June: the review is due tomorrow (1-day stage); the assessment is a day late.
    await runDailyJob('test', at('2026-06-09'));
    expect((await kindsFor(owner)).filter((kind) => kind.startsWith('review_due'))).to.have.length(2);
    expect(await kindsFor(vendor)).to.include('assessment_overdue Review Due Ltd');
    expect(await countFor(vendor)).to.equal(3);

    // 15 June: 7 days late, still the first overdue week → nothing new for the vendor.
    await runDailyJob('test', at('2026-06-15'));
    expect(await countFor(vendor)).to.equal(3);
    // 16 June: the second overdue week → one more.
    await runDailyJob('test', at('2026-06-16'));
    expect(await countFor(vendor)).to.equal(4);
  });

  it('a supplier without an owner → no reminder to anyone for its review', async () => {
    await runDailyJob('test', at('2026-06-05'));
    const names = (await notifications()).map((notification) => notification.supplierName);
    expect(names).to.not.include('No Owner Ltd');
  });
});

describe('scheduler: when the daily job runs', () => {
  beforeEach(resetDatabase);
  afterEach(() => setConfig(testConfig()));

  it('before the configured hour → not yet; from it → once that day, the next day again; the settings page shows the last run', async () => {
    const config = {
      ...testConfig(),
      timeZone: 'Asia/Shanghai',
      scheduler: { ...testConfig().scheduler, hour: 7 },
    };
    setConfig(config);
    // 06:30 in Shanghai.
    expect(await runIfDue(config, 'process A', new Date('2026-06-04T22:30:00Z'))).to.equal(undefined);
    // 07:05 in Shanghai: due (also the catch-up when a process starts later that day).
    const ran = await runIfDue(config, 'process A', new Date('2026-06-04T23:05:00Z'));
    expect(ran?.day).to.equal('2026-06-05');
    expect(await runIfDue(config, 'process B', new Date('2026-06-05T03:00:00Z'))).to.equal(undefined);
    expect((await runIfDue(config, 'process B', new Date('2026-06-05T23:10:00Z')))?.day).to.equal(
      '2026-06-06',
    );

    const admin = await signedInAs('admin');
    const page = textOf((await admin.agent.get('/admin/settings')).text);
    expect(page).to.include('The reminder job runs every day at 07:00 (Asia/Shanghai)');
    expect(page).to.match(/Last run .+: 0 reminders sent, 0 reviews opened for expired agreements\./);
  });
});
