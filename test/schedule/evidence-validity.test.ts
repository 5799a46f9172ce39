import { expect } from 'chai';
import mongoose from 'mongoose';
import { addDays, dayIn, formatDay } from '../../src/lib/dates';
import { runDailyJob } from '../../src/modules/scheduler';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { publishedDefaultTemplate, sendAssessment, storedAnswer } from '../assessments/records';
import { follow, insertSupplier, makePdf, shownDate, textOf, upload } from '../suppliers/support';

const KEY = 'gov_01';
const SECTION = 'governance';
const today = () => dayIn(new Date(), 'UTC');

describe('schedule: evidence with an end date (certificates)', () => {
  let buyer: SignedIn;
  let vendor: SignedIn;
  let assessmentId: string;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs({ role: 'procurement', name: 'Owner Ouyang' });
    const supplierId = await insertSupplier({
      name: 'Certified Ltd',
      ownerId: buyer.user.id,
      reviewAnchor: today(),
    });
    vendor = await signedInAs({ role: 'vendor', supplierId });
    assessmentId = await sendAssessment(
      await signedInAs('admin'),
      supplierId,
      await publishedDefaultTemplate(),
    );
  });

  async function attachCertificate(validUntil: string) {
    return upload(
      vendor.agent,
      `/assessments/${assessmentId}/answers/${KEY}/evidence`,
      await makePdf('ISO 27001 certificate'),
      'iso27001-certificate.pdf',
      { validUntil },
    );
  }

  it("a vendor gives a certificate's end date → shown beside the file and on the staff schedule", async () => {
    const end = addDays(today(), 40);
    const uploaded = await attachCertificate(formatDay(end));
    expect(uploaded.status).to.equal(303);
    const answer = await storedAnswer(assessmentId, KEY);
    expect(formatDay(answer?.evidence[0]?.validUntil)).to.equal(formatDay(end));

    const section = textOf((await vendor.agent.get(`/assessments/${assessmentId}/sections/${SECTION}`)).text);
    expect(section).to.include(`valid until ${shownDate(end)}`);

    const schedule = await buyer.agent.get('/schedule?days=60&kind=evidence');
    expect(textOf(schedule.text)).to.include('Evidence expiry');
    expect(textOf(schedule.text)).to.include('iso27001-certificate.pdf');
    const thirty = await buyer.agent.get('/schedule?days=30&kind=evidence');
    expect(textOf(thirty.text)).to.not.include('iso27001-certificate.pdf');
  });

  it('the daily job → the owner is reminded before the certificate ends', async () => {
    await attachCertificate(formatDay(addDays(today(), 25)));
    const report = await runDailyJob('test');
    expect(report.remindersSent).to.be.greaterThan(0);
    const reminders = await mongoose.connection
      .collection('notifications')
      .find({ userId: buyer.user.id, kind: 'evidence_expiring' })
      .toArray();
    expect(reminders).to.have.length(1);
  });

  it('the file is taken off the answer → gone from the schedule', async () => {
    await attachCertificate(formatDay(addDays(today(), 10)));
    const fileId = (await storedAnswer(assessmentId, KEY))?.evidence[0]?.fileId;
    const removed = await vendor.post(
      `/assessments/${assessmentId}/answers/${KEY}/evidence/${fileId}/delete`,
    );
    expect(removed.status).to.equal(303);
    const schedule = await buyer.agent.get('/schedule?days=30&kind=evidence');
    expect(textOf(schedule.text)).to.not.include('iso27001-certificate.pdf');
  });

  it('a date that does not exist → the upload is refused with the reason and the file is not kept', async () => {
    const refused = await attachCertificate('2027-02-30');
    expect(refused.status).to.equal(303);
    expect((await follow(vendor.agent, refused)).text).to.include('is not a real date');
    expect((await storedAnswer(assessmentId, KEY))?.evidence ?? []).to.have.length(0);
    expect(await mongoose.connection.collection('evidence_validity').countDocuments()).to.equal(0);
  });
});
