import { expect } from 'chai';
import mongoose from 'mongoose';
import { addMonths, dayIn, formatDay } from '../../src/lib/dates';
import { listOutbox } from '../../src/modules/mail/mailer';
import { ReviewModel, type ReviewRecord } from '../../src/modules/reviews/review.model';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase, testConfig } from '../helpers/environment';
import {
  auditEvents,
  fieldError,
  follow,
  insertSupplier,
  shownDate,
  storedSupplier,
  supplierIdFrom,
  textOf,
  textareaValue,
} from '../suppliers/support';

const today = () => dayIn(new Date(), 'UTC');
const reviewIdFrom = (location: unknown) => /^\/reviews\/([a-f\d]{24})$/.exec(String(location))?.[1] ?? '';

async function storedReview(id: string): Promise<ReviewRecord> {
  const review = await ReviewModel.findById(id).lean<ReviewRecord>();
  if (!review) throw new Error(`no review ${id}`);
  return review;
}

async function startReview(buyer: SignedIn, supplierId: string, kind = 'periodic'): Promise<string> {
  const response = await buyer.post(`/suppliers/${supplierId}/reviews`, { kind });
  expect(response.status).to.equal(303);
  const id = reviewIdFrom(response.headers.location);
  expect(id, 'a redirect to the new review').to.have.length(24);
  return id;
}

/** The supplier form for a medium supplier owned by `ownerId`, with these subprocessors and volume. */
function supplierForm(ownerId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    name: 'Harbour Analytics',
    country: 'CN',
    ownerId,
    purpose: 'Customer analytics',
    categories: 'identity_contact',
    volume: '1k_10k',
    access: 'remote_read',
    criticality: 'low',
    ...extra,
  };
}

describe('reviews: running a review', () => {
  let buyer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
  });

  it('start a periodic review → due on the next review date; a second one → refused with a message', async () => {
    const anchor = new Date(Date.UTC(2026, 0, 31, 9));
    const supplierId = await insertSupplier({ name: 'Periodic Ltd', tier: 'high', reviewAnchor: anchor });
    const id = await startReview(buyer, supplierId);
    const review = await storedReview(id);
    expect(review.kind).to.equal('periodic');
    expect(formatDay(review.dueDate)).to.equal('2027-01-31');
    expect((await storedSupplier(supplierId)).summary.review?.reviewId).to.equal(id);

    const again = await buyer.post(`/suppliers/${supplierId}/reviews`, { kind: 'periodic' });
    expect(again.headers.location).to.equal(`/suppliers/${supplierId}#reviews`);
    const page = await follow(buyer.agent, again);
    expect(page.text).to.include('This supplier already has an open review.');
    expect(textOf(page.text)).to.include('Open the Periodic review');
    expect(await ReviewModel.countDocuments({ supplierId })).to.equal(1);
    expect(await auditEvents('reviews.start')).to.have.length(1);
  });

  it('details with a bad date → 422, the reason beside the field and the notes kept; valid → saved and audited', async () => {
    const supplierId = await insertSupplier({ name: 'Details Ltd', tier: 'low' });
    const id = await startReview(buyer, supplierId);
    const refused = await buyer.post(`/reviews/${id}`, { dueDate: '2027-02-30', notes: 'SOC 2 read' });
    expect(refused.status).to.equal(422);
    expect(fieldError(refused.text, 'dueDate')).to.be.a('string');
    expect(textareaValue(refused.text, 'notes')).to.equal('SOC 2 read');

    const saved = await buyer.post(`/reviews/${id}`, {
      dueDate: '2027-03-15',
      reviewerId: buyer.user.id,
      notes: 'SOC 2 read',
    });
    expect(saved.status).to.equal(303);
    const review = await storedReview(id);
    expect(formatDay(review.dueDate)).to.equal('2027-03-15');
    expect(review.reviewerName).to.equal(buyer.user.name);
    expect(formatDay((await storedSupplier(supplierId)).summary.review?.dueDate)).to.equal('2027-03-15');
    const [event] = await auditEvents('reviews.update');
    expect(event?.details).to.deep.include({ due: '2027-03-15', reviewer: buyer.user.name });
  });

  it('approved → the next review a cadence from today, listed on the supplier page and audited', async () => {
    const supplierId = await insertSupplier({
      name: 'Approved Ltd',
      tier: 'critical',
      reviewAnchor: new Date(2020, 0, 1),
    });
    const id = await startReview(buyer, supplierId);
    const done = await buyer.post(`/reviews/${id}/complete`, {
      outcome: 'approved',
      outcomeNotes: 'No concerns',
    });
    expect(done.status).to.equal(303);
    expect((await follow(buyer.agent, done)).text).to.include('Review completed.');

    const expectedNext = addMonths(today(), 6);
    const review = await storedReview(id);
    expect(review.status).to.equal('completed');
    expect(formatDay(review.nextDueDate)).to.equal(formatDay(expectedNext));
    const supplier = await storedSupplier(supplierId);
    expect(supplier.summary.review).to.equal(undefined);
    expect(supplier.status).to.equal('active');

    const page = textOf((await buyer.agent.get(`/suppliers/${supplierId}`)).text);
    expect(page).to.include(`Next review: ${shownDate(expectedNext)}`);
    expect(page).to.include('Completed reviews');
    expect(page).to.include('Start periodic review');
    const [event] = await auditEvents('reviews.complete');
    expect(event?.details).to.deep.include({ outcome: 'approved', next: formatDay(expectedNext) });
  });

  it('approved with conditions but none given → 422 beside the first condition, notes kept; with one → stored and can be marked met', async () => {
    const supplierId = await insertSupplier({ name: 'Conditional Ltd', tier: 'medium' });
    const id = await startReview(buyer, supplierId);
    const refused = await buyer.post(`/reviews/${id}/complete`, {
      outcome: 'approved_with_conditions',
      outcomeNotes: 'Pen test is old',
    });
    expect(refused.status).to.equal(422);
    expect(fieldError(refused.text, 'condition_text_0')).to.equal(
      'Add at least one condition with a due date.',
    );
    expect(textareaValue(refused.text, 'outcomeNotes')).to.equal('Pen test is old');
    expect(refused.text).to.match(/value="approved_with_conditions" checked/);
    expect((await storedReview(id)).status).to.equal('open');

    const halfFilled = await buyer.post(`/reviews/${id}/complete`, {
      outcome: 'approved_with_conditions',
      condition_text_1: 'New penetration test',
    });
    expect(halfFilled.status).to.equal(422);
    expect(fieldError(halfFilled.text, 'condition_dueDate_1')).to.be.a('string');

    const done = await buyer.post(`/reviews/${id}/complete`, {
      outcome: 'approved_with_conditions',
      outcomeNotes: 'Pen test is old',
      condition_text_0: 'New penetration test',
      condition_dueDate_0: '2027-04-30',
    });
    expect(done.status).to.equal(303);
    const review = await storedReview(id);
    expect(review.conditions).to.have.length(1);
    expect(review.conditions[0]).to.deep.include({ text: 'New penetration test', met: false });

    const met = await buyer.post(`/reviews/${id}/conditions/0`, { met: '1' });
    expect(met.status).to.equal(303);
    expect(textOf((await follow(buyer.agent, met)).text)).to.include(`Met (${buyer.user.name})`);
    expect((await storedReview(id)).conditions[0]?.met).to.equal(true);
    expect(await auditEvents('reviews.condition_met')).to.have.length(1);
    const missing = await buyer.post(`/reviews/${id}/conditions/3`, { met: '1' });
    expect(missing.status).to.equal(404);
  });

  it('rejected without a reason → 422; with one → the supplier is suspended, with the review named in its history', async () => {
    const supplierId = await insertSupplier({ name: 'Rejected Ltd', tier: 'high' });
    const id = await startReview(buyer, supplierId);
    const refused = await buyer.post(`/reviews/${id}/complete`, { outcome: 'rejected' });
    expect(refused.status).to.equal(422);
    expect(fieldError(refused.text, 'outcomeNotes')).to.equal('Say why the supplier is rejected.');

    await buyer.post(`/reviews/${id}/complete`, {
      outcome: 'rejected',
      outcomeNotes: 'Refused the audit clause',
    });
    const supplier = await storedSupplier(supplierId);
    expect(supplier.status).to.equal('suspended');
    expect(supplier.statusHistory.at(-1)).to.deep.include({ from: 'active', to: 'suspended' });
    expect(textOf((await buyer.agent.get(`/suppliers/${supplierId}`)).text)).to.include(
      'Rejected in a review',
    );
  });

  it('an onboarding supplier approved in its onboarding review → active', async () => {
    const supplierId = await insertSupplier({ name: 'Onboarding Ltd', status: 'onboarding' });
    const page = await buyer.agent.get(`/suppliers/${supplierId}`);
    expect(textOf(page.text)).to.include('Start onboarding review');
    const id = await startReview(buyer, supplierId, 'onboarding');
    expect(formatDay((await storedReview(id)).dueDate)).to.equal(
      formatDay(new Date(today().getTime() + 30 * 86_400_000)),
    );
    await buyer.post(`/reviews/${id}/complete`, { outcome: 'approved' });
    expect((await storedSupplier(supplierId)).status).to.equal('active');
  });

  it('completing a review that is already completed → refused with a message, nothing changes', async () => {
    const supplierId = await insertSupplier({ name: 'Twice Ltd' });
    const id = await startReview(buyer, supplierId);
    await buyer.post(`/reviews/${id}/complete`, { outcome: 'approved' });
    const again = await buyer.post(`/reviews/${id}/complete`, {
      outcome: 'rejected',
      outcomeNotes: 'Changed my mind',
    });
    expect((await follow(buyer.agent, again)).text).to.include('This review is already completed.');
    expect((await storedReview(id)).outcome).to.equal('approved');
    expect((await storedSupplier(supplierId)).status).to.equal('active');
  });
});

describe('reviews: switching language on a refused form', () => {
  before(resetDatabase);

  it('a refused completion shown again → the language switch returns to the review page, not the form address', async () => {
    const buyer = await signedInAs('procurement');
    const id = await startReview(buyer, await insertSupplier({ name: 'Language Ltd' }));
    const refused = await buyer.agent
      .post(`/reviews/${id}/complete`)
      .type('form')
      .set('Host', 'vetted.example')
      .set('Referer', `http://vetted.example/reviews/${id}`)
      .send({ _csrf: await csrfToken(buyer.agent), outcome: 'rejected' });
    expect(refused.status).to.equal(422);
    expect(refused.text).to.include(`name="returnTo" value="/reviews/${id}"`);
  });
});

describe('reviews: events pull a review forward', () => {
  let buyer: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
  });

  async function createThroughForm(): Promise<string> {
    return supplierIdFrom(await buyer.post('/suppliers', supplierForm(buyer.user.id)));
  }

  it('a subprocessor added in the supplier form → an event review due today, and the owner is notified', async () => {
    const supplierId = await createThroughForm();
    const edited = await buyer.post(
      `/suppliers/${supplierId}`,
      supplierForm(buyer.user.id, {
        sub_name_0: 'CloudCo',
        sub_country_0: 'US',
        sub_categories_0: 'identity_contact',
      }),
    );
    expect(edited.status).to.equal(303);

    const reviews = await ReviewModel.find({ supplierId }).lean<ReviewRecord[]>();
    expect(reviews).to.have.length(1);
    expect(reviews[0]?.kind).to.equal('event');
    expect(formatDay(reviews[0]?.dueDate)).to.equal(formatDay(today()));
    // A subprocessor also adds to the inherent risk: here enough to raise the tier.
    expect(reviews[0]?.triggers.map((trigger) => `${trigger.event}: ${trigger.detail}`)).to.deep.equal([
      'subprocessor_added: CloudCo (US)',
      'tier_raised: Low → Medium',
    ]);

    const notifications = await buyer.agent.get('/notifications');
    expect(textOf(notifications.text)).to.include('Review of Harbour Analytics needed now');
    expect(textOf(notifications.text)).to.include('Subprocessor added');
    const mails = (await listOutbox(testConfig())).filter((mail) => mail.to === buyer.user.email);
    expect(mails.map((mail) => mail.subject)).to.include('Review of Harbour Analytics needed now');

    // Saving the form again with the same subprocessor is not a new event.
    await buyer.post(
      `/suppliers/${supplierId}`,
      supplierForm(buyer.user.id, {
        sub_name_0: 'CloudCo',
        sub_country_0: 'US',
        sub_categories_0: 'identity_contact',
      }),
    );
    expect((await ReviewModel.findOne({ supplierId }).lean<ReviewRecord>())?.triggers).to.have.length(2);
  });

  it('a raised tier while a periodic review is open → that review is due today and names the event; no second review', async () => {
    const supplierId = await createThroughForm();
    const periodic = await startReview(buyer, supplierId);
    expect(formatDay((await storedReview(periodic)).dueDate)).to.not.equal(formatDay(today()));

    await buyer.post(
      `/suppliers/${supplierId}`,
      supplierForm(buyer.user.id, {
        categories: 'medical_health',
        volume: 'gt_1m',
        access: 'holds_copy',
        criticality: 'critical',
      }),
    );
    expect(await ReviewModel.countDocuments({ supplierId })).to.equal(1);
    const review = await storedReview(periodic);
    expect(review.kind).to.equal('periodic');
    expect(formatDay(review.dueDate)).to.equal(formatDay(today()));
    expect(review.triggers.map((trigger) => trigger.event)).to.deep.equal(['tier_raised']);
    const page = textOf((await buyer.agent.get(`/reviews/${periodic}`)).text);
    expect(page).to.include('Risk tier raised');
    expect(await auditEvents('reviews.trigger')).to.have.length(1);
  });

  it('a lowered tier or an unchanged profile → no review', async () => {
    const supplierId = await createThroughForm();
    await buyer.post(
      `/suppliers/${supplierId}`,
      supplierForm(buyer.user.id, { volume: 'lt_1k', access: 'none' }),
    );
    expect(await ReviewModel.countDocuments({ supplierId })).to.equal(0);
  });
});

describe('reviews: who sees them', () => {
  before(resetDatabase);

  it("a vendor → 403 on their own supplier's review, and no reviews section on their supplier page", async () => {
    const buyer = await signedInAs('procurement');
    const supplierId = await insertSupplier({ name: 'Vendor Side Ltd' });
    const id = await startReview(buyer, supplierId);
    const vendor = await signedInAs({ role: 'vendor', supplierId });
    expect((await vendor.agent.get(`/reviews/${id}`)).status).to.equal(403);
    const own = await vendor.agent.get(`/suppliers/${supplierId}`);
    expect(own.status).to.equal(200);
    expect(own.text).to.not.include('id="reviews"');
  });

  it('an auditor → reads the review without any form', async () => {
    const buyer = await signedInAs('procurement');
    const supplierId = await insertSupplier({ name: 'Audited Ltd' });
    const id = await startReview(buyer, supplierId);
    const auditor = await signedInAs('auditor');
    const page = await auditor.agent.get(`/reviews/${id}`);
    expect(page.status).to.equal(200);
    expect(page.text).to.include('Review of Audited Ltd');
    expect(page.text).to.not.include('<form method="post" action="/reviews/');
  });

  it('a review id that does not exist → 404', async () => {
    const buyer = await signedInAs('procurement');
    expect((await buyer.agent.get(`/reviews/${new mongoose.Types.ObjectId().toString()}`)).status).to.equal(
      404,
    );
  });
});
