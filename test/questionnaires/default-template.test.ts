import { expect } from 'chai';
import { defaultTemplate } from '../../seed/questionnaire/default-template';
import {
  EVIDENCE_RULES,
  QUESTION_TYPES,
  type Bilingual,
  type TemplateQuestion,
} from '../../src/modules/questionnaires/template.types';

const SECTION_KEYS = [
  'governance',
  'staff',
  'access_control',
  'encryption',
  'network',
  'logging',
  'vulnerability',
  'incident_response',
  'continuity',
  'subprocessors',
  'retention',
  'privacy',
  'physical',
];

const CHOICE_TYPES: readonly string[] = ['single_choice', 'multi_choice'];
const YES_NO_ANSWERS = ['yes', 'partial', 'no', 'na'];
const HAN = /\p{Script=Han}/u;

const questions: TemplateQuestion[] = defaultTemplate.sections.flatMap((section) => section.questions);

/** The answer values a question can take, for show-if conditions. */
function validAnswers(question: TemplateQuestion): string[] {
  if (question.type === 'yes_no') return YES_NO_ANSWERS;
  return (question.options ?? []).map((option) => option.value);
}

/** Fails with `where` in the message unless both languages are present and the Chinese is Chinese. */
function expectBilingual(text: Bilingual | undefined, where: string): void {
  expect(text, where).to.be.an('object');
  expect(text!.en.trim(), `${where} (en)`).to.not.equal('');
  expect(text!.zh.trim(), `${where} (zh)`).to.not.equal('');
  expect(HAN.test(text!.zh), `${where} (zh) has Chinese characters`).to.equal(true);
}

describe('questionnaires: default template', () => {
  it('default template: has the 13 sections of the outline, in order, with valid unique keys', () => {
    const keys = defaultTemplate.sections.map((section) => section.key);
    expect(keys).to.deep.equal(SECTION_KEYS);
    expect(new Set(keys).size).to.equal(keys.length);
    for (const key of keys) expect(key).to.match(/^[a-z_]+$/);
  });

  it('default template: has 50 to 80 questions, 3 to 8 in each section', () => {
    expect(questions.length).to.be.within(50, 80);
    for (const section of defaultTemplate.sections) {
      expect(section.questions.length, section.key).to.be.within(3, 8);
    }
  });

  it('default template: question keys are unique and well formed', () => {
    const keys = questions.map((question) => question.key);
    expect(new Set(keys).size, 'duplicate question keys').to.equal(keys.length);
    for (const key of keys) expect(key).to.match(/^[a-z]+_\d{2}$/);
  });

  it('default template: name, description, titles, texts and help are bilingual', () => {
    expectBilingual(defaultTemplate.name, 'template name');
    expectBilingual(defaultTemplate.description, 'template description');
    for (const section of defaultTemplate.sections) {
      expectBilingual(section.title, `${section.key} title`);
      if (section.description) expectBilingual(section.description, `${section.key} description`);
      for (const question of section.questions) {
        expectBilingual(question.text, `${question.key} text`);
        if (question.help) expectBilingual(question.help, `${question.key} help`);
        for (const option of question.options ?? []) {
          expectBilingual(option.label, `${question.key} option ${option.value}`);
        }
      }
    }
  });

  it('default template: at least half of the questions have help text', () => {
    const withHelp = questions.filter((question) => question.help !== undefined).length;
    expect(withHelp * 2).to.be.at.least(questions.length);
  });

  it('default template: types and evidence rules are known, and every question type is used', () => {
    for (const question of questions) {
      expect(QUESTION_TYPES, question.key).to.include(question.type);
      expect(EVIDENCE_RULES, question.key).to.include(question.evidence);
      expect(question.required, question.key).to.be.a('boolean');
    }
    const used = new Set(questions.map((question) => question.type));
    for (const type of QUESTION_TYPES) expect(used.has(type), `type ${type} is used`).to.equal(true);
  });

  it('default template: choice questions have at least two valid, uniquely valued, scored options', () => {
    for (const question of questions.filter((q) => CHOICE_TYPES.includes(q.type))) {
      const options = question.options ?? [];
      expect(options.length, question.key).to.be.at.least(2);
      const values = options.map((option) => option.value);
      expect(new Set(values).size, `${question.key} option values are unique`).to.equal(values.length);
      for (const option of options) {
        expect(option.value, question.key).to.match(/^[a-z0-9_]+$/);
        expect(option.score, `${question.key} ${option.value} score`).to.be.a('number');
        expect(option.score, `${question.key} ${option.value} score`).to.be.within(0, 1);
      }
    }
  });

  it('default template: non-choice questions have no options', () => {
    for (const question of questions.filter((q) => !CHOICE_TYPES.includes(q.type))) {
      expect(question.options, question.key).to.equal(undefined);
    }
  });

  it('default template: weights are integers from 0 to 5', () => {
    for (const question of questions) {
      expect(Number.isInteger(question.weight), question.key).to.equal(true);
      expect(question.weight, question.key).to.be.within(0, 5);
    }
  });

  it('default template: every question maps to at least one control', () => {
    for (const question of questions) {
      const { ccm, iso27001 } = question.controls;
      expect(ccm.length + iso27001.length, question.key).to.be.greaterThan(0);
    }
  });

  it('default template: control codes are written as their frameworks write them', () => {
    for (const question of questions) {
      const { ccm, iso27001, pipl, other } = question.controls;
      for (const code of ccm) expect(code, question.key).to.match(/^[A-Z&]{2,4}-\d{2}$/);
      for (const code of iso27001) expect(code, question.key).to.match(/^A\.[5-8]\.\d{1,2}$/);
      for (const code of pipl) expect(code, question.key).to.match(/^PIPL \d{1,2}$/);
      for (const code of other ?? []) expect(code.trim(), question.key).to.not.equal('');
      const all = [...ccm, ...iso27001, ...pipl, ...(other ?? [])];
      expect(new Set(all).size, `${question.key} has no duplicate codes`).to.equal(all.length);
    }
  });

  it('default template: every show-if refers to an earlier yes/no or choice question and its answers', () => {
    const earlier = new Map<string, TemplateQuestion>();
    let conditions = 0;
    for (const question of questions) {
      if (question.showIf) {
        conditions += 1;
        const target = earlier.get(question.showIf.question);
        expect(target, `${question.key} shows if an earlier question`).to.not.equal(undefined);
        expect(['yes_no', 'single_choice', 'multi_choice'], question.key).to.include(target!.type);
        expect(question.showIf.anyOf.length, question.key).to.be.greaterThan(0);
        const answers = validAnswers(target!);
        for (const value of question.showIf.anyOf) expect(answers, question.key).to.include(value);
      }
      earlier.set(question.key, question);
    }
    expect(conditions).to.be.greaterThan(0);
  });
});
