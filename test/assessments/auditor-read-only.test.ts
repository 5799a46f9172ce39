import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { day, download, makePdf, submit } from '../suppliers/support';
import {
  answerEverything,
  attachEvidence,
  handIn,
  publishedDefaultTemplate,
  raiseFindingOn,
  sendAssessment,
} from './records';
import { changeEventCount } from '../helpers/audit-trail';

/** Forms that change an assessment or a finding, as they appear in a page. */
const CHANGE_FORM =
  /<form method="post" action="\/(assessments|findings)\/[a-f\d]{24}\/(answers\/[a-z0-9_]+\/(review|comments|confirm|evidence)|complete|return|cancel|submit|respond|close|reopen|comments|evidence)/;

/** Everything a refused request could change. */
async function snapshot(): Promise<Record<string, unknown>> {
  const all = (name: string) => mongoose.connection.collection(name).find({}).sort({ _id: 1 }).toArray();
  const count = (name: string, filter: Record<string, unknown> = {}) =>
    mongoose.connection.collection(name).countDocuments(filter);
  return {
    assessments: await all('assessments'),
    answers: await all('answers'),
    findings: await all('findings'),
    suppliers: await count('suppliers'),
    files: await count('fs.files'),
    chunks: await count('fs.chunks'),
    changes: await changeEventCount(),
  };
}

/** An upload as the evidence forms send it, with the CSRF token in the query string. */
async function uploadAs(who: SignedIn, path: string): Promise<supertest.Response> {
  const token = await csrfToken(who.agent);
  return who.agent
    .post(`${path}?_csrf=${encodeURIComponent(token)}`)
    .attach('file', await makePdf('Audit notes'), 'notes.pdf');
}

describe('assessments: auditors read but never change', () => {
  let auditor: SignedIn;
  let buyer: SignedIn;
  let supplierId: string;
  let templateId: string;
  /** Handed in, with evidence on gov_01 and a finding raised on it. */
  let assessmentId: string;
  let evidenceId: string;
  let findingId: string;

  before(async function () {
    this.timeout(60_000);
    await resetDatabase();
    auditor = await signedInAs('auditor');
    buyer = await signedInAs('procurement');
    supplierId = (await createSupplier({ name: 'Harbour Hosting' })).id;
    const vendor = await signedInAs({ role: 'vendor', supplierId });
    templateId = await publishedDefaultTemplate();
    assessmentId = await sendAssessment(buyer, supplierId, templateId);
    await answerEverything(assessmentId);
    evidenceId = await attachEvidence(vendor, assessmentId, 'gov_01');
    await handIn(vendor, assessmentId);
    findingId = await raiseFindingOn(buyer, assessmentId, 'gov_01');
  });

  it('assessments: an auditor reads the lists, the assessment, its sections, hand-in and review pages and the finding → 200', async () => {
    for (const path of [
      '/assessments',
      `/assessments?supplierId=${supplierId}`,
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/sections/governance`,
      `/assessments/${assessmentId}/submit`,
      `/assessments/${assessmentId}/review`,
      '/findings',
      `/findings/${findingId}`,
    ]) {
      const response = await auditor.agent.get(path);
      expect(response.status, path).to.equal(200);
      expect(response.text, path).not.to.include('Access denied');
    }
  });

  it('assessments: an auditor downloads the evidence of an answer and of a finding', async () => {
    for (const path of [
      `/assessments/${assessmentId}/answers/gov_01/evidence/${evidenceId}`,
      `/findings/${findingId}/evidence/${evidenceId}`,
    ]) {
      const response = await download(auditor.agent, path);
      expect(response.status, path).to.equal(200);
      expect(response.body.subarray(0, 5).toString(), path).to.equal('%PDF-');
    }
  });

  it("assessments: an auditor's pages offer no form that changes anything (a buyer's review page does)", async () => {
    for (const path of [
      `/assessments/${assessmentId}`,
      `/assessments/${assessmentId}/sections/governance`,
      `/assessments/${assessmentId}/submit`,
      `/assessments/${assessmentId}/review`,
      `/findings/${findingId}`,
    ]) {
      expect((await auditor.agent.get(path)).text, path).not.to.match(CHANGE_FORM);
    }
    expect((await buyer.agent.get(`/assessments/${assessmentId}/review`)).text).to.match(CHANGE_FORM);
  });

  const attempts: { what: string; send: () => Promise<supertest.Response> }[] = [
    {
      what: 'sends a questionnaire',
      send: () => submit(auditor.agent, '/assessments', { supplierId, templateId, dueDate: day(30) }),
    },
    {
      what: 'autosaves an answer',
      send: async () =>
        auditor.agent
          .post(`/assessments/${assessmentId}/answers/gov_02`)
          .set('X-CSRF-Token', await csrfToken(auditor.agent))
          .set('Accept', 'application/json')
          .send({ value: 'no', saveId: 'auditor-save-1' }),
    },
    {
      what: 'saves a section through the form',
      send: () =>
        submit(auditor.agent, `/assessments/${assessmentId}/sections/governance`, { q_gov_02: 'no' }),
    },
    {
      what: 'confirms an answer',
      send: () => submit(auditor.agent, `/assessments/${assessmentId}/answers/gov_02/confirm`),
    },
    {
      what: 'uploads evidence to an answer',
      send: () => uploadAs(auditor, `/assessments/${assessmentId}/answers/gov_01/evidence`),
    },
    {
      what: 'removes evidence from an answer',
      send: () =>
        submit(auditor.agent, `/assessments/${assessmentId}/answers/gov_01/evidence/${evidenceId}/delete`),
    },
    {
      what: 'comments on an answer',
      send: () =>
        submit(auditor.agent, `/assessments/${assessmentId}/answers/gov_01/comments`, { text: 'Noted' }),
    },
    {
      what: 'hands the assessment in',
      send: () => submit(auditor.agent, `/assessments/${assessmentId}/submit`),
    },
    {
      what: 'decides on an answer',
      send: () =>
        submit(auditor.agent, `/assessments/${assessmentId}/answers/gov_02/review`, { verdict: 'accepted' }),
    },
    {
      what: 'returns the assessment',
      send: () => submit(auditor.agent, `/assessments/${assessmentId}/return`, { note: 'Redo it' }),
    },
    {
      what: 'completes the assessment',
      send: () => submit(auditor.agent, `/assessments/${assessmentId}/complete`),
    },
    {
      what: 'cancels the assessment',
      send: () => submit(auditor.agent, `/assessments/${assessmentId}/cancel`, { note: 'Stop' }),
    },
    {
      what: 'responds to a finding',
      send: () => submit(auditor.agent, `/findings/${findingId}/respond`, { plan: 'Will fix' }),
    },
    {
      what: 'uploads evidence to a finding',
      send: () => uploadAs(auditor, `/findings/${findingId}/evidence`),
    },
    {
      what: 'closes a finding',
      send: () => submit(auditor.agent, `/findings/${findingId}/close`, { kind: 'resolved' }),
    },
    {
      what: 'reopens a finding',
      send: () => submit(auditor.agent, `/findings/${findingId}/reopen`, { note: 'Not fixed' }),
    },
    {
      what: 'comments on a finding',
      send: () => submit(auditor.agent, `/findings/${findingId}/comments`, { text: 'Noted' }),
    },
  ];

  for (const attempt of attempts) {
    it(`assessments: an auditor ${attempt.what} → 403 "Access denied"; nothing changes`, async () => {
      const before = await snapshot();
      const response = await attempt.send();
      expect(response.status).to.equal(403);
      // A script's autosave is refused in JSON, a form with the "Access denied" page.
      if (response.type === 'application/json')
        expect(response.body).to.have.nested.property('error.status', 403);
      else expect(response.text).to.include('Access denied');
      expect(await snapshot()).to.deep.equal(before);
    });
  }
});
