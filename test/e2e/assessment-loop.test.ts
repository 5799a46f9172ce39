import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import type { Page } from 'playwright-core';
import { AssessmentModel, type AssessmentRecord } from '../../src/modules/assessments/assessment.model';
import { FindingModel, type FindingRecord } from '../../src/modules/findings/finding.model';
import { day, sha256, shown } from '../agreements/support';
import { useBrowser, useScratchFolder } from '../helpers/browser';
import { resetDatabase } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';
import { makePdf } from '../suppliers/support';
import {
  agentFor,
  answerWhatIsMissing,
  questionBox,
  saveState,
  seedDefaultTemplate,
  signInThroughForm,
  storedAnswer,
  waitForSaveState,
  watchForProblems,
} from './support';

const SUPPLIER_NAME = '上海云栈科技有限公司';
const QUESTIONNAIRE = 'Supplier security and personal-information protection self-assessment';
const PRIVACY_CONTACT = 'Wang Fang, Data Protection Officer, dpo@yunzhan.example';
const FINDING_TITLE = 'Security policy not reviewed since 2022';
const FINDING_TEXT = 'The uploaded policy shows no review in the last twelve months.';
const PLAN = 'The security committee reviews and re-approves the policy at its meeting on 15 July.';

/** The one-time messages shown at the top of the page. */
async function flashes(page: Page): Promise<string[]> {
  return (await page.locator('main .notification.is-light[role]').allTextContents()).map((text) =>
    text.trim(),
  );
}

async function storedAssessment(id: string): Promise<AssessmentRecord> {
  const assessment = await AssessmentModel.findById(id).lean<AssessmentRecord>();
  if (!assessment) throw new Error(`no assessment ${id}`);
  return assessment;
}

/** Clicks one answer option of a question (a radio button or checkbox). */
async function choose(page: Page, questionKey: string, value: string): Promise<void> {
  await questionBox(page, questionKey).locator(`input[value="${value}"]`).check();
}

describe('e2e: a questionnaire goes round from procurement to the vendor and back', function () {
  this.timeout(180_000);
  const session = useBrowser();
  const folder = useScratchFolder();
  beforeEach(resetDatabase);

  it('send → answer with autosave and a show-if question → 中文 → evidence → missing list → hand in → finding → remediation plan', async () => {
    const templateId = await seedDefaultTemplate();
    const supplier = await createSupplier({ name: SUPPLIER_NAME });
    const buyer = await createUser({ role: 'procurement', name: 'Li Na' });
    const vendor = await createUser({ role: 'vendor', supplierId: supplier.id, name: 'Zhou Min' });
    const policyPdf = await makePdf('Information security policy, approved 2022');
    const policyFile = path.join(folder.path, '信息安全方针.pdf');
    fs.writeFileSync(policyFile, policyPdf);

    const buyerContext = await session.browser.newContext({ locale: 'en-US' });
    const vendorContext = await session.browser.newContext({ locale: 'en-US' });
    const buyerPage = await buyerContext.newPage();
    const vendorPage = await vendorContext.newPage();
    const problems = [buyerPage, vendorPage].map(watchForProblems);
    // "Hand in" asks for confirmation first.
    vendorPage.on('dialog', (dialog) => void dialog.accept());
    const base = session.baseUrl;

    // Procurement sends the questionnaire.
    await signInThroughForm(buyerPage, base, buyer);
    await buyerPage.goto(`${base}/assessments/new`);
    await buyerPage.selectOption('#field-supplierId', { label: SUPPLIER_NAME });
    await buyerPage.selectOption('#field-templateId', { label: `${QUESTIONNAIRE} · v1` });
    await buyerPage.fill('#field-dueDate', day(30));
    await buyerPage.fill('#field-message', 'Please answer before the contract renewal.');
    await buyerPage.getByRole('button', { name: 'Send questionnaire' }).click();
    await buyerPage.waitForURL(/\/assessments\/[a-f\d]{24}$/);
    const assessmentUrl = buyerPage.url();
    const assessmentId = assessmentUrl.slice(-24);
    expect(await flashes(buyerPage)).to.deep.equal(['The questionnaire has been sent.']);
    expect(await buyerPage.locator('h1').first().textContent()).to.equal(QUESTIONNAIRE);
    let stored = await storedAssessment(assessmentId);
    expect(stored).to.include({ status: 'sent', supplierId: supplier.id, templateId, sentByName: 'Li Na' });
    expect(stored.dueDate.toISOString().slice(0, 10)).to.equal(day(30));

    // The vendor finds it on their home page and starts with the first section.
    await signInThroughForm(vendorPage, base, vendor);
    await vendorPage.getByRole('link', { name: QUESTIONNAIRE }).click();
    await vendorPage.waitForURL(assessmentUrl);
    expect(await vendorPage.textContent('main')).to.include('Please answer before the contract renewal.');
    await vendorPage.getByRole('link', { name: 'Continue answering' }).click();
    await vendorPage.waitForURL(`${assessmentUrl}/sections/governance`);
    expect(await vendorPage.locator('h1').textContent()).to.equal('1. Governance and policies');

    // An answer saves itself, and the question then asks for its evidence.
    await choose(vendorPage, 'gov_01', 'yes');
    await waitForSaveState(vendorPage, 'gov_01', 'saved');
    expect(await saveState(vendorPage, 'gov_01').textContent()).to.match(/^Saved · \d{2}:\d{2}/);
    expect(await questionBox(vendorPage, 'gov_01').locator('.missing-tag').textContent()).to.equal(
      'Evidence missing',
    );
    expect((await storedAnswer(assessmentId, 'gov_01'))?.value).to.equal('yes');
    expect((await storedAssessment(assessmentId)).status).to.equal('in_progress');

    // The contact question shows only while a privacy officer is said to exist.
    const contact = questionBox(vendorPage, 'gov_04');
    expect(await contact.isHidden(), 'gov_04 before gov_03 is answered').to.equal(true);
    await choose(vendorPage, 'gov_03', 'yes');
    expect(await contact.isVisible(), 'gov_04 after "yes"').to.equal(true);
    await choose(vendorPage, 'gov_03', 'no');
    expect(await contact.isHidden(), 'gov_04 after "no"').to.equal(true);
    await choose(vendorPage, 'gov_03', 'partial');
    expect(await contact.isVisible(), 'gov_04 after "partly"').to.equal(true);
    await waitForSaveState(vendorPage, 'gov_03', 'saved');
    await vendorPage.fill('#q_gov_04', PRIVACY_CONTACT);
    await waitForSaveState(vendorPage, 'gov_04', 'saved');
    expect(await saveState(vendorPage, 'gov_04').textContent()).to.match(/^Saved/);
    expect((await storedAnswer(assessmentId, 'gov_03'))?.value).to.equal('partial');
    expect((await storedAnswer(assessmentId, 'gov_04'))?.value).to.equal(PRIVACY_CONTACT);
    expect(await vendorPage.textContent('#save-summary')).to.equal('Saved');

    // In Chinese: the same section, with the saved answers and the conditional question shown.
    await vendorPage.getByRole('button', { name: '中文' }).click();
    await vendorPage.waitForSelector('html[lang="zh-CN"]');
    expect(await vendorPage.locator('h1').textContent()).to.equal('1. 安全治理与制度');
    expect(await vendorPage.textContent('.autosave-help')).to.include(
      '输入时自动保存答案，您可以随时离开后再回来继续。',
    );
    expect(await vendorPage.inputValue('#q_gov_04')).to.equal(PRIVACY_CONTACT);
    expect(await contact.isVisible()).to.equal(true);
    expect(await questionBox(vendorPage, 'gov_01').locator('.missing-tag').textContent()).to.equal(
      '缺少证明材料',
    );

    // The evidence: a real PDF, uploaded from the Chinese page.
    await questionBox(vendorPage, 'gov_01').locator('input[type="file"]').setInputFiles(policyFile);
    await questionBox(vendorPage, 'gov_01').getByRole('button', { name: '上传' }).click();
    await vendorPage.waitForURL(`${assessmentUrl}/sections/governance#q-gov_01`);
    expect(await flashes(vendorPage)).to.deep.equal(['已附上 信息安全方针.pdf。']);
    expect(
      await questionBox(vendorPage, 'gov_01').locator('.evidence-list a').allTextContents(),
    ).to.deep.equal(['信息安全方针.pdf']);
    expect(await questionBox(vendorPage, 'gov_01').locator('.missing-tag').count()).to.equal(0);
    const evidence = (await storedAnswer(assessmentId, 'gov_01'))?.evidence ?? [];
    expect(evidence.map((file) => [file.filename, file.kind, file.sha256])).to.deep.equal([
      ['信息安全方针.pdf', 'pdf', sha256(policyPdf)],
    ]);

    // Back in English, "Check and hand in" lists what is missing, each linking to its question.
    await vendorPage.getByRole('button', { name: 'English' }).click();
    await vendorPage.waitForSelector('html[lang="en"]');
    await vendorPage.getByRole('link', { name: 'Check and hand in' }).first().click();
    await vendorPage.waitForURL(`${assessmentUrl}/submit`);
    const missingLinks = vendorPage.locator('ol.missing-list a');
    const count = await missingLinks.count();
    expect(await vendorPage.locator('[role="alert"]').textContent()).to.equal(
      `${count} questions still need attention before you can hand in:`,
    );
    const targets: string[] = [];
    for (const link of await missingLinks.all()) targets.push((await link.getAttribute('href')) ?? '');
    expect(targets[0]).to.equal(`/assessments/${assessmentId}/sections/governance#q-gov_02`);
    const listed = targets.map((target) => target.split('#q-')[1]);
    expect(listed).to.not.include('gov_01');
    expect(listed).to.not.include('gov_03');
    expect(listed).to.not.include('gov_04');
    expect(await vendorPage.locator('ol.missing-list li').first().textContent()).to.include(
      'Governance and policies · Not answered',
    );
    await missingLinks.first().click();
    await vendorPage.waitForURL(`${assessmentUrl}/sections/governance#q-gov_02`);

    // The shortcut answers the other questions; the hand-in itself happens on the page.
    const filled = await answerWhatIsMissing(await agentFor(vendor), assessmentId);
    expect(filled).to.include.members(listed);
    await vendorPage.goto(`${assessmentUrl}/submit`);
    expect(await vendorPage.textContent('main')).to.include('Every required question is answered.');
    await vendorPage.getByRole('button', { name: 'Hand in assessment' }).click();
    await vendorPage.waitForURL(assessmentUrl);
    expect(await flashes(vendorPage)).to.deep.equal([
      'Thank you: the assessment has been handed in for review.',
    ]);
    expect(await vendorPage.locator('.subtitle .tag').first().textContent()).to.equal('Submitted');
    stored = await storedAssessment(assessmentId);
    expect(stored.status).to.equal('submitted');
    expect(stored.submittedAt).to.be.instanceOf(Date);
    // Handed in, the answers are locked for the vendor.
    await vendorPage.goto(`${assessmentUrl}/sections/governance`);
    expect(await vendorPage.textContent('main .notification.is-warning')).to.equal(
      'This assessment has been handed in and cannot be changed now.',
    );
    expect(await vendorPage.isDisabled('#q_gov_04')).to.equal(true);

    // Procurement reviews the answer with the evidence and raises a finding on it.
    await buyerPage.goto(assessmentUrl);
    await buyerPage.getByRole('link', { name: 'Review answers' }).click();
    await buyerPage.waitForURL(`${assessmentUrl}/review`);
    const reviewed = buyerPage.locator('#q-gov_01');
    expect(await reviewed.textContent()).to.include('Answer: Yes');
    expect(await reviewed.locator('.evidence-list a').textContent()).to.equal('信息安全方针.pdf');
    await reviewed.locator('summary', { hasText: 'Decide' }).click();
    await buyerPage.fill('#ft-gov_01', FINDING_TITLE);
    await buyerPage.selectOption('#fs-gov_01', 'high');
    await buyerPage.fill('#fd-gov_01', FINDING_TEXT);
    await buyerPage.fill('#fdue-gov_01', day(45));
    await reviewed.getByRole('button', { name: 'Raise finding' }).click();
    await buyerPage.waitForURL(`${assessmentUrl}/review#q-gov_01`);
    expect(await flashes(buyerPage)).to.deep.equal(['The finding has been raised.']);
    expect(await reviewed.locator('.tag').first().textContent()).to.equal('Finding raised');
    const finding = await FindingModel.findOne({ assessmentId }).lean<FindingRecord>();
    expect(finding).to.include({
      status: 'open',
      severity: 'high',
      title: FINDING_TITLE,
      description: FINDING_TEXT,
      questionKey: 'gov_01',
      answerText: 'yes',
      supplierId: supplier.id,
      raisedByName: 'Li Na',
    });
    expect(finding?.dueDate.toISOString().slice(0, 10)).to.equal(day(45));
    expect(finding?.evidence.map((file) => file.sha256)).to.deep.equal([sha256(policyPdf)]);
    const findingUrl = `${base}/findings/${finding?._id.toString() ?? ''}`;

    // The vendor sees the finding on the assessment and answers it with a remediation plan.
    await vendorPage.goto(assessmentUrl);
    await vendorPage.getByRole('link', { name: FINDING_TITLE }).click();
    await vendorPage.waitForURL(findingUrl);
    const findingText = (await vendorPage.textContent('main')) ?? '';
    expect(findingText).to.include(FINDING_TEXT);
    expect(findingText).to.include(`Remediation due ${shown(day(45))}`);
    expect(await vendorPage.locator('.subtitle .tag').allTextContents()).to.deep.equal(['High', 'Open']);
    expect(findingText).to.include('The vendor has not responded yet.');
    await vendorPage.fill('#plan', PLAN);
    await vendorPage.getByRole('button', { name: 'Send plan' }).click();
    await vendorPage.waitForURL(findingUrl);
    expect(await flashes(vendorPage)).to.deep.equal(['Your remediation plan has been sent.']);
    expect(await vendorPage.locator('.subtitle .tag').allTextContents()).to.deep.equal([
      'High',
      'Vendor responded',
    ]);
    const responded = await FindingModel.findById(finding?._id).lean<FindingRecord>();
    expect(responded?.status).to.equal('responded');
    expect(responded?.response).to.include({ plan: PLAN, byName: 'Zhou Min' });

    // Procurement follows the finding from the review page and reads the plan.
    await buyerPage.getByRole('link', { name: 'Open the finding' }).click();
    await buyerPage.waitForURL(findingUrl);
    const remediation = buyerPage.locator('section.box', { hasText: 'Remediation' }).first();
    expect(await remediation.locator('.notes').textContent()).to.equal(PLAN);
    expect(await remediation.textContent()).to.include('Zhou Min');
    expect(await buyerPage.locator('.subtitle .tag').allTextContents()).to.deep.equal([
      'High',
      'Vendor responded',
    ]);

    expect(problems.flat(), 'console errors (CSP violations would show here)').to.deep.equal([]);
    await buyerContext.close();
    await vendorContext.close();
  });
});
