import { expect } from 'chai';
import { defaultTemplate } from '../../seed/questionnaire/default-template';
import { ConflictError, NotFoundError } from '../../src/lib/errors';
import {
  addQuestion,
  addSection,
  deleteQuestion,
  deleteSection,
  dependantsOf,
  findQuestion,
  moveQuestion,
  moveSection,
  updateMeta,
  updateQuestion,
  updateSection,
} from '../../src/modules/questionnaires/template.edits';
import { checkTemplateContent } from '../../src/modules/questionnaires/template.schema';
import type { TemplateContent, TemplateQuestion } from '../../src/modules/questionnaires/template.types';
import { outline, sampleContent } from './support';

const newQuestion = (key: string): TemplateQuestion => ({
  key,
  type: 'short_text',
  text: { en: 'Name of your security officer?', zh: '贵公司安全负责人的姓名？' },
  weight: 1,
  required: false,
  evidence: 'none',
  controls: { ccm: [], iso27001: [], pipl: [] },
});

/** Runs an edit and checks that it left its input exactly as it was. */
function pure(edit: (content: TemplateContent) => TemplateContent): TemplateContent {
  const input = sampleContent();
  const before = structuredClone(input);
  const result = edit(input);
  expect(input, 'the input is not changed').to.deep.equal(before);
  expect(result).not.to.equal(input);
  return result;
}

function expectConflict(run: () => unknown, key: string): ConflictError {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).messageKey).to.equal(key);
    return error as ConflictError;
  }
  throw new Error(`expected ${key}`);
}

describe('templates: the default template', () => {
  it('seed/questionnaire/default-template.ts passes checkTemplateContent', () => {
    const checked = checkTemplateContent(defaultTemplate);
    expect(checked.ok ? [] : checked.problems).to.deep.equal([]);
  });
});

describe('templates: template.edits (unit)', () => {
  it('the sample content used by these tests is valid', () => {
    expect(checkTemplateContent(sampleContent()).ok).to.equal(true);
  });

  it('updateMeta → new name and description, sections untouched', () => {
    const result = pure((content) =>
      updateMeta(content, { name: { en: 'N', zh: '名' }, description: { en: 'D', zh: '述' } }),
    );
    expect(result.name).to.deep.equal({ en: 'N', zh: '名' });
    expect(result.description).to.deep.equal({ en: 'D', zh: '述' });
    expect(outline(result)).to.deep.equal(outline(sampleContent()));
  });

  it('addSection → an empty section at the end; the result is still valid', () => {
    const result = pure((content) =>
      addSection(content, 'privacy', { title: { en: 'Privacy', zh: '隐私' }, description: undefined }),
    );
    expect(Object.keys(outline(result))).to.deep.equal(['access', 'logging', 'privacy']);
    expect(result.sections[2]).to.deep.equal({
      key: 'privacy',
      title: { en: 'Privacy', zh: '隐私' },
      questions: [],
    });
    expect(checkTemplateContent(result).ok).to.equal(true);
  });

  it('addSection with a key already used → the content check reports a duplicate at the new section', () => {
    const result = addSection(sampleContent(), 'access', { title: { en: 'Again', zh: '再次' } });
    const checked = checkTemplateContent(result);
    expect(checked.ok ? [] : checked.problems.map((problem) => [problem.path, problem.key])).to.deep.equal([
      ['sections[2].key', 'templates.errors.duplicateKey'],
    ]);
  });

  it('updateSection → new title; description set and removed', () => {
    const withDescription = pure((content) =>
      updateSection(content, 'access', {
        title: { en: 'Access control', zh: '访问控制' },
        description: { en: 'Who gets in.', zh: '谁可以访问。' },
      }),
    );
    expect(withDescription.sections[0]?.title.en).to.equal('Access control');
    expect(withDescription.sections[0]?.description?.zh).to.equal('谁可以访问。');
    const without = updateSection(withDescription, 'logging', { title: { en: 'Logs', zh: '日志' } });
    expect(without.sections[1]).not.to.have.property('description');
    expect(without.sections[1]?.questions.map((question) => question.key)).to.deep.equal(['log_01']);
  });

  it('deleteSection → only an empty one; a section with questions is refused with their count', () => {
    const error = expectConflict(
      () => deleteSection(sampleContent(), 'access'),
      'templates.errors.sectionNotEmpty',
    );
    expect(error.params).to.deep.equal({ count: 2 });
    const withEmpty = addSection(sampleContent(), 'spare', { title: { en: 'Spare', zh: '备用' } });
    const result = deleteSection(withEmpty, 'spare');
    expect(Object.keys(outline(result))).to.deep.equal(['access', 'logging']);
  });

  it('moveSection up/down; at either end nothing changes', () => {
    const down = pure((content) => moveSection(content, 'access', 'down'));
    expect(Object.keys(outline(down))).to.deep.equal(['logging', 'access']);
    const up = moveSection(down, 'access', 'up');
    expect(Object.keys(outline(up))).to.deep.equal(['access', 'logging']);
    expect(outline(moveSection(up, 'access', 'up'))).to.deep.equal(outline(up));
    expect(outline(moveSection(up, 'logging', 'down'))).to.deep.equal(outline(up));
  });

  it('addQuestion → at the end of its section', () => {
    const result = pure((content) => addQuestion(content, 'access', newQuestion('acc_03')));
    expect(outline(result)).to.deep.equal({ access: ['acc_01', 'acc_02', 'acc_03'], logging: ['log_01'] });
    expect(checkTemplateContent(result).ok).to.equal(true);
  });

  it('updateQuestion → replaced in place, key kept', () => {
    const changed = { ...newQuestion('ignored'), text: { en: 'Changed?', zh: '已修改？' } };
    const result = pure((content) => updateQuestion(content, 'acc_01', changed));
    expect(outline(result)).to.deep.equal(outline(sampleContent()));
    expect(findQuestion(result, 'acc_01')?.question).to.include({ key: 'acc_01', type: 'short_text' });
    expect(findQuestion(result, 'acc_01')?.question.text.en).to.equal('Changed?');
  });

  it('updateQuestion with another section → moved to the end of that section', () => {
    const question = findQuestion(sampleContent(), 'acc_02')!.question;
    const result = pure((content) => updateQuestion(content, 'acc_02', question, 'logging'));
    expect(outline(result)).to.deep.equal({ access: ['acc_01'], logging: ['log_01', 'acc_02'] });
    // log_01 depends on acc_02, which now comes after it: the content check says so.
    const checked = checkTemplateContent(result);
    expect(checked.ok ? [] : checked.problems.map((problem) => problem.path)).to.deep.equal([
      'sections[1].questions[0].showIf',
    ]);
  });

  it('deleteQuestion → removed; refused while a show-if depends on it, naming the dependants', () => {
    const error = expectConflict(
      () => deleteQuestion(sampleContent(), 'acc_01'),
      'templates.errors.questionInUse',
    );
    expect(error.params).to.deep.equal({ key: 'acc_01', dependants: 'acc_02' });
    expect(dependantsOf(sampleContent(), 'acc_02').map((question) => question.key)).to.deep.equal(['log_01']);
    const result = pure((content) => deleteQuestion(content, 'log_01'));
    expect(outline(result)).to.deep.equal({ access: ['acc_01', 'acc_02'], logging: [] });
  });

  it('moveQuestion within its section; at either end nothing changes', () => {
    const result = pure((content) =>
      moveQuestion(addQuestion(content, 'access', newQuestion('acc_03')), 'acc_03', 'up'),
    );
    expect(outline(result).access).to.deep.equal(['acc_01', 'acc_03', 'acc_02']);
    expect(outline(moveQuestion(result, 'acc_01', 'up')).access).to.deep.equal([
      'acc_01',
      'acc_03',
      'acc_02',
    ]);
    expect(outline(moveQuestion(result, 'acc_02', 'down')).access).to.deep.equal([
      'acc_01',
      'acc_03',
      'acc_02',
    ]);
  });

  it('moving a question above the question its show-if names → the content check reports it', () => {
    const result = moveQuestion(sampleContent(), 'acc_02', 'up');
    const checked = checkTemplateContent(result);
    expect(checked.ok ? [] : checked.problems.map((problem) => [problem.path, problem.key])).to.deep.equal([
      ['sections[0].questions[0].showIf', 'templates.errors.showIfTarget'],
    ]);
  });

  it('an unknown section or question → NotFoundError', () => {
    const content = sampleContent();
    for (const run of [
      () => updateSection(content, 'nope', { title: { en: 'x', zh: 'x' } }),
      () => deleteSection(content, 'nope'),
      () => moveSection(content, 'nope', 'up'),
      () => addQuestion(content, 'nope', newQuestion('x_01')),
      () => updateQuestion(content, 'nope', newQuestion('x_01')),
      () => updateQuestion(content, 'acc_01', newQuestion('x_01'), 'nope'),
      () => deleteQuestion(content, 'nope'),
      () => moveQuestion(content, 'nope', 'down'),
    ]) {
      expect(run).to.throw(NotFoundError);
    }
  });
});
