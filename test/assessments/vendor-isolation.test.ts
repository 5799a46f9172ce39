import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { createSupplier } from '../helpers/factories';
import { auditEvents, download, makePdf, submit, upload } from '../suppliers/support';
import {
  attachEvidence,
  autosave,
  handIn,
  publishedDefaultTemplate,
  publishedShortTemplate,
  raiseFindingOn,
  saved,
  sendAssessment,
  storedAssessment,
  storedFinding,
} from './records';
import { changeEventCount } from '../helpers/audit-trail';

/** One supplier with its vendor user, an assessment being answered and a finding to answer. */
interface SupplierRecords {
  supplierId: string;
  vendor: SignedIn;
  /** The default questionnaire, being answered, with evidence on gov_01. */
  assessmentId: string;
  evidenceId: string;
  /** Raised on a handed-in short questionnaire, with the answer's evidence. */
  findingId: string;
  findingEvidenceId: string;
}

async function supplierWithRecords(
  buyer: SignedIn,
  name: string,
  templateId: string,
): Promise<SupplierRecords> {
  const supplier = await createSupplier({ name });
  const vendor = await signedInAs({ role: 'vendor', supplierId: supplier.id });
  const reviewed = await sendAssessment(buyer, supplier.id, await publishedShortTemplate());
  await saved(vendor, reviewed, 'host_01', { value: 'partial' });
  const findingEvidenceId = await attachEvidence(vendor, reviewed, 'host_01', 'backup-policy.pdf');
  await handIn(vendor, reviewed);
  const findingId = await raiseFindingOn(buyer, reviewed, 'host_01');
  const assessmentId = await sendAssessment(buyer, supplier.id, templateId);
  await saved(vendor, assessmentId, 'gov_01', { value: 'yes', note: `${name} policy v3` });
  const evidenceId = await attachEvidence(vendor, assessmentId, 'gov_01');
  return { supplierId: supplier.id, vendor, assessmentId, evidenceId, findingId, findingEvidenceId };
}

/** Everything of supplier B that a request of A's vendor could change. */
async function snapshotOf(records: SupplierRecords): Promise<Record<string, unknown>> {
  const count = (name: string, filter: Record<string, unknown> = {}) =>
    mongoose.connection.collection(name).countDocuments(filter);
  return {
    assessment: await storedAssessment(records.assessmentId),
    answers: await mongoose.connection
      .collection('answers')
      .find({ assessmentId: records.assessmentId })
      .sort({ _id: 1 })
      .toArray(),
    finding: await storedFinding(records.findingId),
    files: await count('fs.files'),
    chunks: await count('fs.chunks'),
    changes: await changeEventCount(),
  };
}

/** A request a vendor makes to one of the other supplier's records. */
interface Attempt {
  what: string;
  target: 'assessment' | 'finding';
  send(
    vendor: SignedIn,
    other: SupplierRecords,
  ): Promise<supertest.Response | { status: number; body: Buffer }>;
}

const ATTEMPTS: readonly Attempt[] = [
  {
    what: "reads another supplier's assessment",
    target: 'assessment',
    send: (vendor, other) => vendor.agent.get(`/assessments/${other.assessmentId}`),
  },
  {
    what: "reads a section of another supplier's assessment",
    target: 'assessment',
    send: (vendor, other) => vendor.agent.get(`/assessments/${other.assessmentId}/sections/governance`),
  },
  {
    what: "opens another supplier's hand-in page",
    target: 'assessment',
    send: (vendor, other) => vendor.agent.get(`/assessments/${other.assessmentId}/submit`),
  },
  {
    what: "autosaves an answer of another supplier's assessment",
    target: 'assessment',
    send: (vendor, other) =>
      autosave(vendor, other.assessmentId, 'gov_01', { value: 'no', note: 'Overwritten' }),
  },
  {
    what: "saves a section of another supplier's assessment through the form",
    target: 'assessment',
    send: (vendor, other) =>
      submit(vendor.agent, `/assessments/${other.assessmentId}/sections/governance`, { q_gov_01: 'no' }),
  },
  {
    what: "confirms an answer of another supplier's assessment",
    target: 'assessment',
    send: (vendor, other) =>
      submit(vendor.agent, `/assessments/${other.assessmentId}/answers/gov_01/confirm`),
  },
  {
    what: "hands in another supplier's assessment",
    target: 'assessment',
    send: (vendor, other) => submit(vendor.agent, `/assessments/${other.assessmentId}/submit`),
  },
  {
    what: "uploads evidence to another supplier's answer",
    target: 'assessment',
    send: async (vendor, other) =>
      upload(
        vendor.agent,
        `/assessments/${other.assessmentId}/answers/gov_01/evidence`,
        await makePdf('Planted evidence'),
        'planted.pdf',
      ),
  },
  {
    what: "removes evidence from another supplier's answer",
    target: 'assessment',
    send: (vendor, other) =>
      submit(
        vendor.agent,
        `/assessments/${other.assessmentId}/answers/gov_01/evidence/${other.evidenceId}/delete`,
      ),
  },
  {
    what: "downloads evidence of another supplier's answer",
    target: 'assessment',
    send: (vendor, other) =>
      download(
        vendor.agent,
        `/assessments/${other.assessmentId}/answers/gov_01/evidence/${other.evidenceId}`,
      ),
  },
  {
    what: "comments on another supplier's answer",
    target: 'assessment',
    send: (vendor, other) =>
      submit(vendor.agent, `/assessments/${other.assessmentId}/answers/gov_01/comments`, {
        text: 'Hello from another supplier',
      }),
  },
  {
    what: "reads another supplier's finding",
    target: 'finding',
    send: (vendor, other) => vendor.agent.get(`/findings/${other.findingId}`),
  },
  {
    what: "responds to another supplier's finding",
    target: 'finding',
    send: (vendor, other) =>
      submit(vendor.agent, `/findings/${other.findingId}/respond`, { plan: 'Nothing to fix here' }),
  },
  {
    what: "uploads evidence to another supplier's finding",
    target: 'finding',
    send: async (vendor, other) =>
      upload(vendor.agent, `/findings/${other.findingId}/evidence`, await makePdf('Planted'), 'planted.pdf'),
  },
  {
    what: "downloads evidence of another supplier's finding",
    target: 'finding',
    send: (vendor, other) =>
      download(vendor.agent, `/findings/${other.findingId}/evidence/${other.findingEvidenceId}`),
  },
  {
    what: "comments on another supplier's finding",
    target: 'finding',
    send: (vendor, other) =>
      submit(vendor.agent, `/findings/${other.findingId}/comments`, { text: 'Hello from another supplier' }),
  },
];

function bodyText(response: supertest.Response | { body: Buffer }): string {
  if (Buffer.isBuffer(response.body)) return response.body.toString('utf8');
  return 'text' in response && typeof response.text === 'string'
    ? response.text
    : JSON.stringify(response.body);
}

describe('assessments: vendor isolation', () => {
  let buyer: SignedIn;
  let ofA: SupplierRecords;
  let ofB: SupplierRecords;

  before(async function () {
    this.timeout(60_000);
    await resetDatabase();
    buyer = await signedInAs('procurement');
    const templateId = await publishedDefaultTemplate();
    ofA = await supplierWithRecords(buyer, 'Acme Cloud', templateId);
    ofB = await supplierWithRecords(buyer, 'Borealis Payroll 北极星', templateId);
  });

  for (const attempt of ATTEMPTS) {
    it(`assessments: a vendor ${attempt.what} → 404, audited as access.denied, nothing changes`, async () => {
      const before = await snapshotOf(ofB);
      const denied = (await auditEvents('access.denied')).length;

      const response = await attempt.send(ofA.vendor, ofB);

      expect(response.status).to.equal(404);
      const body = bodyText(response);
      expect(body).not.to.include('Borealis');
      expect(body).not.to.include('%PDF');
      expect(await snapshotOf(ofB), 'the other supplier’s records are untouched').to.deep.equal(before);
      const events = await auditEvents('access.denied');
      expect(events).to.have.length(denied + 1);
      const event = events.at(-1);
      expect(event?.outcome).to.equal('denied');
      expect(event?.actor).to.deep.include({ id: ofA.vendor.user.id, role: 'vendor' });
      expect(event?.target).to.deep.include({
        type: attempt.target,
        id: attempt.target === 'assessment' ? ofB.assessmentId : ofB.findingId,
      });
      expect(event?.supplier, "filed under the vendor's own supplier").to.equal(ofA.supplierId);
      expect(event?.details).to.deep.equal({ reason: 'other_supplier' });
    });
  }

  it("assessments: the page a vendor gets for another supplier's assessment is the same as for one that does not exist", async () => {
    const missingId = new mongoose.Types.ObjectId().toString();
    const other = await ofA.vendor.agent.get(`/assessments/${ofB.assessmentId}`);
    const missing = await ofA.vendor.agent.get(`/assessments/${missingId}`);
    const strip = (html: string) =>
      html
        .replaceAll(ofB.assessmentId, '<id>')
        .replaceAll(missingId, '<id>')
        .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<request id>');
    expect(other.status).to.equal(missing.status);
    expect(strip(other.text)).to.equal(strip(missing.text));
  });

  it("assessments: a vendor's lists show their own supplier's assessments and findings only", async () => {
    const assessments = await ofA.vendor.agent.get('/assessments');
    expect(assessments.status).to.equal(200);
    expect(assessments.text).to.include(`/assessments/${ofA.assessmentId}`);
    expect(assessments.text).not.to.include(ofB.assessmentId);
    expect(assessments.text).not.to.include('Borealis');

    const findings = await ofA.vendor.agent.get('/findings');
    expect(findings.status).to.equal(200);
    expect(findings.text).to.include(`/findings/${ofA.findingId}`);
    expect(findings.text).not.to.include(ofB.findingId);
    expect(findings.text).not.to.include('Borealis');
  });

  it("assessments: a vendor filtering the list by another supplier's id sees nothing of it", async () => {
    const response = await ofA.vendor.agent.get(`/assessments?supplierId=${ofB.supplierId}`);
    expect(response.status).to.equal(200);
    expect(response.text).not.to.include(ofB.assessmentId);
    expect(response.text).not.to.include('Borealis');
  });

  it("assessments: the same requests on the vendor's own supplier's records are answered (the 404s are isolation)", async () => {
    expect((await ofA.vendor.agent.get(`/assessments/${ofA.assessmentId}`)).status).to.equal(200);
    expect((await autosave(ofA.vendor, ofA.assessmentId, 'gov_02', { value: 'yes' })).status).to.equal(200);
    const evidence = await download(
      ofA.vendor.agent,
      `/assessments/${ofA.assessmentId}/answers/gov_01/evidence/${ofA.evidenceId}`,
    );
    expect(evidence.status).to.equal(200);
    expect(evidence.body.subarray(0, 5).toString()).to.equal('%PDF-');
    expect((await ofA.vendor.agent.get(`/findings/${ofA.findingId}`)).status).to.equal(200);
    const responded = await submit(ofA.vendor.agent, `/findings/${ofA.findingId}/respond`, {
      plan: 'Backups move to encrypted storage in May',
    });
    expect(responded.status).to.equal(303);
    expect((await storedFinding(ofA.findingId)).status).to.equal('responded');
  });
});
