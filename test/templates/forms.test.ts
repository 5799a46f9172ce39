import { expect } from 'chai';
import { ValidationError } from '../../src/lib/errors';
import {
  optionRowCount,
  parseQuestionForm,
  parseSectionForm,
  placeQuestionProblems,
  questionValues,
} from '../../src/modules/questionnaires/template.forms';
import { TemplateContentError } from '../../src/modules/questionnaires/template.service';
import { questionForm, sampleContent } from './support';

function fieldErrorsOf(run: () => unknown): Record<string, string> {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ValidationError);
    return Object.fromEntries(
      Object.entries((error as ValidationError).fieldErrors).map(([field, message]) => [field, message.key]),
    );
  }
  throw new Error('expected a ValidationError');
}

describe('templates: template.forms (unit)', () => {
  it('a question form → the question: lists split on commas (also Chinese ones), options from rows', () => {
    const form = parseQuestionForm(
      {
        ...questionForm({ type: 'single_choice', section: 'access', key: 'acc_09' }),
        controls_ccm: 'IAM-05， IAM-08 ,',
        controls_other: '',
        showIf_question: 'acc_01',
        showIf_values: 'yes, partial',
        option_value_0: 'monthly',
        option_en_0: 'Monthly',
        option_zh_0: '每月',
        option_score_0: '1',
        option_value_2: 'never',
        option_en_2: 'Never',
        option_zh_2: '从不',
        option_score_2: '',
      },
      true,
    );
    expect(form.key).to.equal('acc_09');
    expect(form.sectionKey).to.equal('access');
    expect(form.optionRows).to.deep.equal([0, 2]);
    expect(form.question).to.deep.equal({
      type: 'single_choice',
      text: { en: 'Is multi-factor authentication enforced?', zh: '是否强制使用多因素认证？' },
      weight: 3,
      required: true,
      evidence: 'optional',
      controls: { ccm: ['IAM-05', 'IAM-08'], iso27001: ['A.8.5'], pipl: ['PIPL 51'] },
      options: [
        { value: 'monthly', label: { en: 'Monthly', zh: '每月' }, score: 1 },
        { value: 'never', label: { en: 'Never', zh: '从不' } },
      ],
      showIf: { question: 'acc_01', anyOf: ['yes', 'partial'] },
    });
  });

  it('an unticked "required" box → not required; blank help → no help', () => {
    const { required: _required, ...withoutRequired } = questionForm({ section: 'access' });
    const form = parseQuestionForm({ ...withoutRequired, help_en: ' ', help_zh: '' }, false);
    expect(form.question.required).to.equal(false);
    expect(form.question).not.to.have.property('help');
  });

  it('every mistake of a question form at once, beside its field (option rows by their form row)', () => {
    const errors = fieldErrorsOf(() =>
      parseQuestionForm(
        {
          ...questionForm({ section: 'access', key: 'Bad Key', text_zh: '', weight: '9', type: 'essay' }),
          showIf_question: 'acc_01',
          option_value_1: 'Not OK',
          option_en_1: 'x',
          option_zh_1: '',
        },
        true,
      ),
    );
    expect(errors).to.deep.equal({
      key: 'templates.errors.questionKey',
      type: 'validation.invalidChoice',
      text_zh: 'validation.required',
      weight: 'validation.tooBig',
      option_value_1: 'templates.errors.optionValue',
      option_zh_1: 'validation.required',
    });
  });

  it('show-if values without a question, or a question without values → required beside the empty one', () => {
    expect(
      fieldErrorsOf(() =>
        parseQuestionForm({ ...questionForm({ section: 'a_b' }), showIf_values: 'yes' }, false),
      ),
    ).to.deep.equal({ showIf_question: 'validation.required' });
    expect(
      fieldErrorsOf(() =>
        parseQuestionForm({ ...questionForm({ section: 'a_b' }), showIf_question: 'acc_01' }, false),
      ),
    ).to.deep.equal({ showIf_values: 'validation.required' });
  });

  it('a new section called "new" is refused (it is the address of the new-section form)', () => {
    expect(
      fieldErrorsOf(() => parseSectionForm({ key: 'new', title_en: 'A', title_zh: '甲' }, true)),
    ).to.deep.equal({ key: 'templates.errors.reservedKey' });
  });

  it('content problems of the edited question go beside its fields; others are listed apart', () => {
    const error = new TemplateContentError([
      { path: 'sections[1].questions[2].key', key: 'templates.errors.duplicateKey', params: { key: 'x' } },
      { path: 'sections[1].questions[2].options', key: 'templates.errors.optionsNeeded', params: {} },
      { path: 'sections[1].questions[2].options[1].label.zh', key: 'validation.required', params: {} },
      { path: 'sections[1].questions[2].showIf', key: 'templates.errors.showIfValue', params: {} },
      { path: 'sections[1].questions[2].controls.ccm[0]', key: 'templates.errors.invalid', params: {} },
      { path: 'sections[1].questions[20].key', key: 'templates.errors.duplicateKey', params: { key: 'y' } },
      { path: 'sections[0].questions[0].showIf', key: 'templates.errors.showIfTarget', params: { key: 'z' } },
    ]);
    const placed = placeQuestionProblems(error, { sectionIndex: 1, questionIndex: 2 }, [0, 3]);
    expect(
      Object.fromEntries(Object.entries(placed.fieldErrors).map(([field, m]) => [field, m.key])),
    ).to.deep.equal({
      key: 'templates.errors.duplicateKey',
      options: 'templates.errors.optionsNeeded',
      option_zh_3: 'validation.required',
      showIf_values: 'templates.errors.showIfValue',
      controls_ccm: 'templates.errors.invalid',
      _form: 'templates.errors.contentInvalid',
    });
    expect(placed.elsewhere.map((problem) => problem.path)).to.deep.equal([
      'sections[1].questions[20].key',
      'sections[0].questions[0].showIf',
    ]);
  });

  it('form values of a question round-trip through the parser', () => {
    const question = sampleContent().sections[0]!.questions[1]!;
    const values = questionValues(question, 'access');
    expect(optionRowCount(values)).to.equal(5);
    const form = parseQuestionForm(values, false);
    const { key: _key, ...rest } = question;
    expect(form.question).to.deep.equal(rest);
  });
});
