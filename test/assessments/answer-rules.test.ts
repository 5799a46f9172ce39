import { expect } from 'chai';
import mongoose from 'mongoose';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { auditEvents, flashes, follow, makePdf, submit, textOf, upload } from '../suppliers/support';
import {
  answerEverything,
  attachEvidence,
  autosave,
  handIn,
  publishedDefaultTemplate,
  saved,
  sendAssessment,
  storedAnswer,
  storedAssessment,
} from './records';
import { changeEventCount } from '../helpers/audit-trail';

const LOCKED = 'This assessment can no longer be changed.';

/** Everything of one assessment that a refused request could change. */
async function snapshotOf(assessmentId: string): Promise<Record<string, unknown>> {
  const count = (name: string, filter: Record<string, unknown> = {}) =>
    mongoose.connection.collection(name).countDocuments(filter);
  return {
    assessment: await storedAssessment(assessmentId),
    answers: await mongoose.connection
      .collection('answers')
      .find({ assessmentId })
      .sort({ _id: 1 })
      .toArray(),
    files: await count('fs.files'),
    chunks: await count('fs.chunks'),
    changes: await changeEventCount(),
  };
}

interface Scenario {
  buyer: SignedIn;
  vendor: SignedIn;
  templateId: string;
}

let suppliers = 0;

/** A buyer, a new supplier's vendor, and the default questionnaire sent to that supplier. */
async function sentToNewSupplier(
  scenario: Omit<Scenario, 'vendor'>,
): Promise<Scenario & { assessmentId: string }> {
  suppliers++;
  const supplier = await createSupplier({ name: `Harbour Hosting ${suppliers}` });
  const vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
  const assessmentId = await sendAssessment(scenario.buyer, supplier.id, scenario.templateId);
  return { ...scenario, vendor, assessmentId };
}

describe('assessments: answering rules', () => {
  let buyer: SignedIn;
  let templateId: string;

  before(async () => {
    await resetDatabase();
    buyer = await signedInAs('procurement');
    templateId = await publishedDefaultTemplate();
  });

  describe('question keys', () => {
    let vendor: SignedIn;
    let assessmentId: string;

    before(async () => {
      ({ vendor, assessmentId } = await sentToNewSupplier({ buyer, templateId }));
      await saved(vendor, assessmentId, 'gov_01', { value: 'yes' });
    });

    for (const key of ['zz_not_a_question', 'host_01', 'gov_01x']) {
      it(`answers: an autosave to "${key}", a key not in the questionnaire → 404; nothing stored or audited`, async () => {
        const before = await snapshotOf(assessmentId);
        const response = await autosave(vendor, assessmentId, key, { value: 'yes' });
        expect(response.status).to.equal(404);
        expect(await storedAnswer(assessmentId, key)).to.equal(null);
        expect(await snapshotOf(assessmentId)).to.deep.equal(before);
      });
    }

    it('answers: a malformed question key (capitals, dots, too long) → 404', async () => {
      for (const key of ['GOV_01', 'gov.01', 'g'.repeat(60)]) {
        const response = await autosave(vendor, assessmentId, key, { value: 'yes' });
        expect(response.status, key).to.equal(404);
      }
    });

    it('answers: confirming, commenting on or uploading evidence to a key not in the questionnaire → 404; no file kept', async () => {
      const before = await snapshotOf(assessmentId);
      const base = `/assessments/${assessmentId}/answers/zz_not_a_question`;
      expect((await submit(vendor.agent, `${base}/confirm`)).status).to.equal(404);
      expect((await submit(vendor.agent, `${base}/comments`, { text: 'Anyone there?' })).status).to.equal(
        404,
      );
      const uploaded = await upload(vendor.agent, `${base}/evidence`, await makePdf('Stray'), 'stray.pdf');
      expect(uploaded.status).to.equal(404);
      expect(await snapshotOf(assessmentId)).to.deep.equal(before);
    });

    it('answers: a section form with a field for a question not in the section saves only the section’s questions', async () => {
      const response = await submit(vendor.agent, `/assessments/${assessmentId}/sections/governance`, {
        q_gov_02: 'yes',
        q_zz_not_a_question: 'yes',
        q_iam_01: 'no',
      });
      expect(response.status).to.equal(303);
      expect((await storedAnswer(assessmentId, 'gov_02'))?.value).to.equal('yes');
      expect(await storedAnswer(assessmentId, 'zz_not_a_question')).to.equal(null);
      expect(await storedAnswer(assessmentId, 'iam_01'), 'another section’s question').to.equal(null);
    });
  });

  describe('after the hand-in', () => {
    let vendor: SignedIn;
    let assessmentId: string;
    let evidenceId: string;

    before(async () => {
      ({ vendor, assessmentId } = await sentToNewSupplier({ buyer, templateId }));
      await answerEverything(assessmentId);
      evidenceId = await attachEvidence(vendor, assessmentId, 'gov_01');
      await handIn(vendor, assessmentId);
    });

    /** Runs a refused request and checks that the assessment, its answers and files are as they were. */
    async function expectLocked(request: () => Promise<{ status: number; text: string }>): Promise<string> {
      const before = await snapshotOf(assessmentId);
      const response = await request();
      expect(response.status, response.text.slice(0, 300)).to.equal(409);
      expect(await snapshotOf(assessmentId), 'nothing changes').to.deep.equal(before);
      return response.text;
    }

    it('answers: an autosave after the hand-in → 409 "can no longer be changed" (JSON); the answer and its history stay', async () => {
      const text = await expectLocked(() => autosave(vendor, assessmentId, 'gov_02', { value: 'no' }));
      expect((JSON.parse(text) as { error: { message: string } }).error.message).to.equal(LOCKED);
      expect((await storedAnswer(assessmentId, 'gov_02'))?.value).to.equal('na');
    });

    it('answers: a section form after the hand-in → 409 "can no longer be changed"', async () => {
      const text = await expectLocked(() =>
        submit(vendor.agent, `/assessments/${assessmentId}/sections/governance`, {
          q_gov_02: 'no',
          note_gov_02: 'Changed after the hand-in',
        }),
      );
      expect(textOf(text)).to.include(LOCKED);
    });

    it('answers: confirming an answer after the hand-in → 409', async () => {
      await expectLocked(() => submit(vendor.agent, `/assessments/${assessmentId}/answers/gov_02/confirm`));
    });

    it('answers: removing evidence after the hand-in → 409; the file stays on the answer', async () => {
      await expectLocked(() =>
        submit(vendor.agent, `/assessments/${assessmentId}/answers/gov_01/evidence/${evidenceId}/delete`),
      );
      expect((await storedAnswer(assessmentId, 'gov_01'))?.evidence.map((file) => file.fileId)).to.deep.equal(
        [evidenceId],
      );
    });

    it('answers: handing in a second time → 409', async () => {
      await expectLocked(() => submit(vendor.agent, `/assessments/${assessmentId}/submit`));
    });

    it('answers: an evidence upload from a script after the hand-in → 409 (JSON); the file is not kept', async () => {
      const token = await csrfToken(vendor.agent);
      await expectLocked(async () => {
        const response = await vendor.agent
          .post(`/assessments/${assessmentId}/answers/gov_01/evidence?_csrf=${encodeURIComponent(token)}`)
          .set('Accept', 'application/json')
          .attach('file', await makePdf('Late evidence'), 'late.pdf');
        return { status: response.status, text: JSON.stringify(response.body) };
      });
    });

    it('answers: an evidence upload through the form after the hand-in → back to the question with the "can no longer be changed" message; the file is not kept', async () => {
      const before = await snapshotOf(assessmentId);
      const response = await upload(
        vendor.agent,
        `/assessments/${assessmentId}/answers/gov_01/evidence`,
        await makePdf('Late evidence'),
        'late.pdf',
      );
      expect(response.headers.location).to.equal(`/assessments/${assessmentId}#q-gov_01`);
      const page = await follow(vendor.agent, response);
      expect(flashes(page.text)).to.deep.include({ type: 'danger', text: LOCKED });
      expect(await snapshotOf(assessmentId)).to.deep.equal(before);
    });

    it('answers: once the buyer returns the assessment, the vendor can change answers and hand it in again', async () => {
      const returned = await submit(buyer.agent, `/assessments/${assessmentId}/return`, {
        note: 'Please describe the review cycle',
      });
      expect(returned.status).to.equal(303);
      expect((await storedAssessment(assessmentId)).status).to.equal('returned');
      await saved(vendor, assessmentId, 'gov_02', { value: 'yes', note: 'Reviewed every March' });
      expect((await storedAnswer(assessmentId, 'gov_02'))?.value).to.equal('yes');
      await handIn(vendor, assessmentId);
      expect((await storedAssessment(assessmentId)).status).to.equal('submitted');
    });
  });

  describe('questions hidden by their condition (gov_04 is asked only when gov_03 is yes or partial)', () => {
    let vendor: SignedIn;
    let assessmentId: string;

    beforeEach(async () => {
      ({ vendor, assessmentId } = await sentToNewSupplier({ buyer, templateId }));
      await answerEverything(assessmentId, { except: ['gov_03', 'gov_04'] });
      await saved(vendor, assessmentId, 'gov_03', { value: 'no' });
    });

    it('answers: a required question hidden by its condition is not asked for: the hand-in is accepted without it', async () => {
      const section = await vendor.agent.get(`/assessments/${assessmentId}/sections/governance`);
      expect(section.text).to.match(/<article [^>]*data-question="gov_04"[^>]* hidden>/);
      await handIn(vendor, assessmentId);
      expect((await storedAssessment(assessmentId)).status).to.equal('submitted');
      expect(await storedAnswer(assessmentId, 'gov_04')).to.equal(null);
    });

    it('answers: once its condition is met, the question is asked: the hand-in is refused until it is answered', async () => {
      await saved(vendor, assessmentId, 'gov_03', { value: 'yes' });
      const refused = await submit(vendor.agent, `/assessments/${assessmentId}/submit`);
      expect(refused.headers.location).to.equal(`/assessments/${assessmentId}/submit`);
      expect((await storedAssessment(assessmentId)).status).to.equal('in_progress');
      await saved(vendor, assessmentId, 'gov_04', { value: 'Li Wei, DPO, li.wei@example.test' });
      await handIn(vendor, assessmentId);
      expect((await storedAssessment(assessmentId)).status).to.equal('submitted');
    });

    it('answers: an answer saved while its question is hidden is accepted and kept (and audited); it counts once the question is shown', async () => {
      const response = await autosave(vendor, assessmentId, 'gov_04', { value: 'Li Wei, DPO' });
      expect(response.status).to.equal(200);
      expect((await storedAnswer(assessmentId, 'gov_04'))?.value).to.equal('Li Wei, DPO');
      const [event] = await auditEvents('answers.change', { 'target.id': `${assessmentId}:gov_04` });
      expect(event?.details).to.deep.include({ old: '', new: 'Li Wei, DPO' });

      await saved(vendor, assessmentId, 'gov_03', { value: 'partial' });
      await handIn(vendor, assessmentId);
      expect((await storedAssessment(assessmentId)).status).to.equal('submitted');
    });

    it('answers: the section form saves a hidden question’s field like any other', async () => {
      const response = await submit(vendor.agent, `/assessments/${assessmentId}/sections/governance`, {
        q_gov_04: 'Li Wei, DPO',
      });
      expect(response.status).to.equal(303);
      expect((await storedAnswer(assessmentId, 'gov_04'))?.value).to.equal('Li Wei, DPO');
    });
  });
});
