import { expect } from 'chai';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { fieldError, submit, textOf } from '../suppliers/support';
import {
  addQuestion,
  insertTemplate,
  questionForm,
  send,
  storedTemplate,
  templateIdFrom,
} from '../templates/support';
import {
  answerWell,
  assessmentIdFrom,
  handIn,
  hostingQuestionnaire,
  sendQuestionnaire,
  sentAssessment,
  storedAnswer,
  storedAssessment,
  type Scenario,
} from './flow-support';

const NEW_TEXT = 'Is MFA enforced for every administrator and support account?';

/** Makes version 2 of the scenario's questionnaire (reworded acc_mfa, a new question) and publishes it. */
async function publishSecondVersion(admin: SignedIn, firstId: string): Promise<string> {
  const draftId = templateIdFrom(await send(admin, `/templates/${firstId}/new-version`));
  const edited = await send(
    admin,
    `/templates/${draftId}/questions/acc_mfa`,
    questionForm({ section: 'access', text_en: NEW_TEXT, evidence: 'required' }),
  );
  expect(edited.status, textOf(edited.text).slice(0, 300)).to.equal(303);
  await addQuestion(admin, draftId, 'operations', 'ops_backup', {
    text_en: 'Are backups encrypted?',
    text_zh: '备份是否加密？',
  });
  expect((await send(admin, `/templates/${draftId}/publish`)).status).to.equal(303);
  return draftId;
}

describe('assessments: template versions', () => {
  let scenario: Scenario;
  let admin: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    scenario = await sentAssessment();
    admin = await signedInAs('admin');
  });

  it('publishing version 2 leaves an open assessment on version 1: same questions, same text, still answerable', async () => {
    const { vendor, templateId, assessmentId } = scenario;
    await publishSecondVersion(admin, templateId);
    expect((await storedTemplate(templateId))?.status).to.equal('retired');
    expect((await storedTemplate(templateId))?.content).to.deep.equal(hostingQuestionnaire());

    const access = textOf((await vendor.agent.get(`/assessments/${assessmentId}/sections/access`)).text);
    expect(access).to.include('Is MFA enforced for administrators?');
    expect(access).not.to.include(NEW_TEXT);
    const operations = (await vendor.agent.get(`/assessments/${assessmentId}/sections/operations`)).text;
    expect(operations).not.to.include('ops_backup');

    await answerWell(vendor, assessmentId);
    expect((await handIn(vendor, assessmentId)).headers.location).to.equal(`/assessments/${assessmentId}`);
    expect(await storedAssessment(assessmentId)).to.deep.include({ templateId, templateVersion: 1 });
  });

  it('the next round uses version 2 and carries forward the answers to the questions it still has', async () => {
    const { buyer, vendor, supplierId, templateId, assessmentId } = scenario;
    await answerWell(vendor, assessmentId);
    await handIn(vendor, assessmentId);
    await submit(buyer.agent, `/assessments/${assessmentId}/complete`);
    const secondId = await publishSecondVersion(admin, templateId);

    const next = assessmentIdFrom(await sendQuestionnaire(buyer, supplierId, secondId));
    expect(await storedAssessment(next)).to.deep.include({ templateId: secondId, templateVersion: 2 });
    expect(await storedAnswer(next, 'acc_mfa')).to.deep.include({ value: 'yes', carriedForward: true });
    expect(await storedAnswer(next, 'ops_backup')).to.equal(null);
    const access = textOf((await vendor.agent.get(`/assessments/${next}/sections/access`)).text);
    expect(access).to.include(NEW_TEXT);
  });

  it('an answer that no longer fits its question in version 2 (the kind changed) is not carried forward', async () => {
    const { buyer, vendor, supplierId, templateId, assessmentId } = scenario;
    await answerWell(vendor, assessmentId);
    await handIn(vendor, assessmentId);
    await submit(buyer.agent, `/assessments/${assessmentId}/complete`);
    const draftId = templateIdFrom(await send(admin, `/templates/${templateId}/new-version`));
    const edited = await send(
      admin,
      `/templates/${draftId}/questions/acc_review`,
      questionForm({ section: 'access', type: 'yes_no', text_en: 'Are accounts reviewed every month?' }),
    );
    expect(edited.status, textOf(edited.text).slice(0, 300)).to.equal(303);
    expect((await send(admin, `/templates/${draftId}/publish`)).status).to.equal(303);

    const next = assessmentIdFrom(await sendQuestionnaire(buyer, supplierId, draftId));
    expect((await storedAnswer(assessmentId, 'acc_review'))?.value).to.equal('monthly');
    expect(await storedAnswer(next, 'acc_review')).to.equal(null);
    expect(await storedAnswer(next, 'acc_mfa')).to.deep.include({ value: 'yes', carriedForward: true });
  });

  it('only a published version can be sent: a retired or draft version → 422 beside the questionnaire; the send form offers version 2 only', async () => {
    const { buyer, templateId } = scenario;
    const secondId = await publishSecondVersion(admin, templateId);
    const draftId = await insertTemplate(hostingQuestionnaire(), 'draft');
    const other = await signedInAs('procurement');
    const supplierId = (await sentAssessment({ supplierName: 'Lotus Payroll' })).supplierId;
    for (const id of [templateId, draftId]) {
      const response = await sendQuestionnaire(other, supplierId, id);
      expect(response.status).to.equal(422);
      expect(fieldError(response.text, 'templateId')).to.equal('Choose one of the options.');
    }
    const form = (await buyer.agent.get('/assessments/new')).text;
    expect(form).to.include(`<option value="${secondId}"`);
    expect(form).not.to.include(`<option value="${templateId}"`);
    expect(form).not.to.include(`<option value="${draftId}"`);
  });
});
