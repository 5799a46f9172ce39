import { expect } from 'chai';
import type { Locator, Page } from 'playwright-core';
import supertest from 'supertest';
import { defaultTemplate } from '../../seed/questionnaire/default-template';
import { AnswerModel, answerId, type AnswerRecord } from '../../src/modules/assessments/answer.model';
import { seedTemplate } from '../../src/modules/questionnaires';
import type { TemplateQuestion } from '../../src/modules/questionnaires';
import { csrfToken, signIn, signedInAs, type Agent } from '../helpers/agents';
import { testApp } from '../helpers/environment';
import type { TestUser } from '../helpers/factories';
import { day, submit } from '../suppliers/support';

/** Signs a user in through the sign-in form and waits for the home page. */
export async function signInThroughForm(page: Page, baseUrl: string, user: TestUser): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${baseUrl}/`);
}

/** Collects a page's console errors and uncaught exceptions (CSP violations show up here). */
export function watchForProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
  return problems;
}

/** Loads the default questionnaire as a published template, as the first start does. */
export async function seedDefaultTemplate(): Promise<string> {
  const id = await seedTemplate(defaultTemplate);
  if (!id) throw new Error('the default questionnaire was already there');
  return id;
}

/** Sends the questionnaire to a supplier through the send form, as a new procurement user. */
export async function sendThroughForm(supplierId: string, templateId: string): Promise<string> {
  const buyer = await signedInAs('procurement');
  const response = await submit(buyer.agent, '/assessments', {
    supplierId,
    templateId,
    dueDate: day(30),
  });
  const id = /^\/assessments\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  expect(id, `sending the questionnaire: ${response.status}`).to.be.a('string');
  return id ?? '';
}

/** The stored answer to one question (null when nothing was ever saved). */
export function storedAnswer(assessmentId: string, questionKey: string): Promise<AnswerRecord | null> {
  return AnswerModel.findById(answerId(assessmentId, questionKey)).lean<AnswerRecord>();
}

/** The box of one question on a section page. */
export function questionBox(page: Page, questionKey: string): Locator {
  return page.locator(`#q-${questionKey}`);
}

/** The "Saving… / Saved / Not saved" line of one question. */
export function saveState(page: Page, questionKey: string): Locator {
  return questionBox(page, questionKey).locator('[data-save-state]');
}

/**
 * Waits until a question's autosave is in `state` (pending, saving, saved, failed, offline).
 * The script sets the state as it goes; the attribute is what the label's text follows.
 */
export async function waitForSaveState(
  page: Page,
  questionKey: string,
  state: string,
  timeout = 10_000,
): Promise<void> {
  await page.waitForSelector(`#q-${questionKey}[data-save-state="${state}"]`, { timeout });
}

/** What the autosave script keeps in localStorage for an assessment: changes not yet saved. */
export async function unsavedQueue(
  page: Page,
  assessmentId: string,
): Promise<Record<string, { value: unknown; note?: string }>> {
  const { origins } = await page.context().storageState();
  const entry = origins
    .flatMap((origin) => origin.localStorage)
    .find((item) => item.name === `vetted-autosave:${assessmentId}`);
  return entry ? (JSON.parse(entry.value) as Record<string, { value: unknown; note?: string }>) : {};
}

/** A supertest agent signed in as an existing user. */
export async function agentFor(user: TestUser): Promise<Agent> {
  const agent = supertest.agent(testApp());
  const response = await signIn(agent, user.email, user.password);
  expect(response.status, `sign-in of ${user.email}`).to.equal(303);
  return agent;
}

const questions = new Map<string, TemplateQuestion>(
  defaultTemplate.sections.flatMap((section) =>
    section.questions.map((question) => [question.key, question]),
  ),
);

/**
 * An answer that completes a question without opening more work: "not applicable" where
 * evidence would be needed, "no" elsewhere (neither opens a follow-up question), "none" of a
 * list where there is such an option.
 */
function quickAnswer(question: TemplateQuestion): string | string[] | number {
  const options = (question.options ?? []).map((option) => option.value);
  switch (question.type) {
    case 'yes_no':
      return question.evidence === 'required' ? 'na' : 'no';
    case 'single_choice':
      return options[0] ?? '';
    case 'multi_choice':
      return [options.includes('none') ? 'none' : (options[0] ?? '')];
    case 'number':
      return 1;
    case 'date':
      return day(-30);
    case 'short_text':
    case 'long_text':
      return 'Answered through the test shortcut.';
    case 'file':
      throw new Error(`${question.key} needs a file; the shortcut only answers with values`);
  }
}

/**
 * The test shortcut for the tedious part: answers every question the vendor's "Check and hand
 * in" page still lists, through the same JSON endpoint the autosave script uses.
 */
export async function answerWhatIsMissing(vendor: Agent, assessmentId: string): Promise<string[]> {
  const answered: string[] = [];
  for (let round = 0; round < 5; round++) {
    const page = await vendor.get(`/assessments/${assessmentId}/submit`);
    const missing = [...page.text.matchAll(/\/sections\/[a-z_]+#q-([a-z]+_\d{2})"/g)].map(
      (match) => match[1],
    );
    if (missing.length === 0) return answered;
    const token = await csrfToken(vendor, `/assessments/${assessmentId}`);
    for (const key of missing) {
      const question = key ? questions.get(key) : undefined;
      if (!key || !question) throw new Error(`unknown question ${key}`);
      const response = await vendor
        .post(`/assessments/${assessmentId}/answers/${key}`)
        .set('X-CSRF-Token', token)
        .set('Accept', 'application/json')
        .send({ value: quickAnswer(question), saveId: `shortcut-${key}` });
      expect(response.status, `${key}: ${response.text}`).to.equal(200);
      answered.push(key);
    }
  }
  throw new Error('questions were still missing after five rounds of answers');
}
