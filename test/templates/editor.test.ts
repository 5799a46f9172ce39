import { expect } from 'chai';
import { resetTemplateCache } from '../../src/modules/questionnaires';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import {
  addQuestion,
  addSection,
  auditActions,
  createDraft,
  follow,
  insertTemplate,
  outline,
  questionForm,
  sampleContent,
  send,
  storedTemplate,
  templateCount,
  textOf,
} from './support';

describe('templates: the editor', () => {
  let admin: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    resetTemplateCache();
    admin = await signedInAs('admin');
  });

  it('admin builds a template: two sections, questions of several types, a choice question with a show-if on it; reorders, edits, publishes', async () => {
    const id = await createDraft(admin);
    const created = await storedTemplate(id);
    expect(created).to.deep.include({ version: 1, status: 'draft', familyId: id });
    expect(created?.content.sections).to.deep.equal([]);

    await addSection(admin, id, 'access');
    await addSection(admin, id, 'logging');
    await addQuestion(admin, id, 'access', 'acc_01');
    await addQuestion(admin, id, 'access', 'acc_02', {
      type: 'single_choice',
      text_en: 'How often are access rights reviewed?',
      text_zh: '多久审查一次访问权限？',
      option_value_0: 'monthly',
      option_en_0: 'Monthly',
      option_zh_0: '每月',
      option_score_0: '1',
      option_value_1: 'yearly',
      option_en_1: 'Yearly',
      option_zh_1: '每年',
      option_score_1: '0.5',
      showIf_question: 'acc_01',
      showIf_values: 'yes, partial',
    });
    await addQuestion(admin, id, 'logging', 'log_01', {
      type: 'long_text',
      text_en: 'Which events do you log?',
      text_zh: '记录哪些事件？',
      required: undefined,
      evidence: 'none',
      weight: '0',
      showIf_question: 'acc_02',
      showIf_values: 'monthly',
    });
    await addQuestion(admin, id, 'logging', 'log_02', {
      type: 'number',
      text_en: 'Days kept?',
      text_zh: '保留天数？',
    });
    await addQuestion(admin, id, 'logging', 'log_03', {
      type: 'file',
      text_en: 'Log policy',
      text_zh: '日志制度',
    });

    let stored = (await storedTemplate(id))!;
    expect(outline(stored.content)).to.deep.equal({
      access: ['acc_01', 'acc_02'],
      logging: ['log_01', 'log_02', 'log_03'],
    });
    const choice = stored.content.sections[0]!.questions[1]!;
    expect(choice.options?.map((option) => [option.value, option.score])).to.deep.equal([
      ['monthly', 1],
      ['yearly', 0.5],
    ]);
    expect(choice.showIf).to.deep.equal({ question: 'acc_01', anyOf: ['yes', 'partial'] });
    expect(stored.content.sections[1]!.questions[0]).to.include({
      required: false,
      weight: 0,
      evidence: 'none',
    });

    // Reorder: a question, then sections. Moving "logging" first would put log_01 before the
    // question its show-if names: refused, with where the problem is.
    expect(
      (await send(admin, `/templates/${id}/questions/log_03/move`, { direction: 'up' })).status,
    ).to.equal(303);
    const refused = await send(admin, `/templates/${id}/sections/logging/move`, { direction: 'up' });
    expect(refused.status).to.equal(303);
    const explained = textOf((await follow(admin.agent, refused)).text);
    expect(explained).to.include('The template has a problem; nothing was saved.');
    expect(explained).to.include(
      'sections[0].questions[0].showIf: A show-if condition must refer to a yes/no or choice question that comes before it',
    );
    await addSection(admin, id, 'privacy');
    expect(
      (await send(admin, `/templates/${id}/sections/privacy/move`, { direction: 'up' })).status,
    ).to.equal(303);
    stored = (await storedTemplate(id))!;
    expect(outline(stored.content)).to.deep.equal({
      access: ['acc_01', 'acc_02'],
      privacy: [],
      logging: ['log_01', 'log_03', 'log_02'],
    });

    // Edit a question (and move it to another section), a section and the name.
    const edited = await send(
      admin,
      `/templates/${id}/questions/log_02`,
      questionForm({
        type: 'number',
        text_en: 'How many days are logs kept?',
        text_zh: '日志保留多少天？',
        section: 'access',
        weight: '2',
      }),
    );
    expect(edited.status, edited.text.slice(0, 300)).to.equal(303);
    expect(
      (
        await send(admin, `/templates/${id}/sections/access`, {
          title_en: 'Access control',
          title_zh: '访问控制',
          description_en: 'Who can reach the data.',
          description_zh: '谁可以接触数据。',
        })
      ).status,
    ).to.equal(303);
    expect(
      (
        await send(admin, `/templates/${id}/meta`, {
          name_en: 'Hosting review',
          name_zh: '托管审查',
          description_en: '',
          description_zh: '',
        })
      ).status,
    ).to.equal(303);
    stored = (await storedTemplate(id))!;
    expect(outline(stored.content)).to.deep.equal({
      access: ['acc_01', 'acc_02', 'log_02'],
      privacy: [],
      logging: ['log_01', 'log_03'],
    });
    expect(stored.content.sections[0]).to.deep.include({
      title: { en: 'Access control', zh: '访问控制' },
      description: { en: 'Who can reach the data.', zh: '谁可以接触数据。' },
    });
    expect(stored.content.sections[0]!.questions[2]).to.include({ weight: 2 });
    expect(stored.content.name).to.deep.equal({ en: 'Hosting review', zh: '托管审查' });

    const page = await admin.agent.get(`/templates/${id}`);
    expect(page.status).to.equal(200);
    const text = textOf(page.text);
    expect(text).to.include('How many days are logs kept?');
    expect(text).to.include('日志保留多少天？');
    expect(text).to.include('Shown when acc_01 is yes, partial.');

    const published = await send(admin, `/templates/${id}/publish`);
    expect(published.status).to.equal(303);
    expect((await storedTemplate(id))?.status).to.equal('published');
    expect(textOf((await follow(admin.agent, published)).text)).to.include('Version published.');

    const actions = (await auditActions('templates.')).map((event) => event.action);
    expect(actions[0]).to.equal('templates.create');
    expect(actions.filter((action) => action === 'templates.edit')).to.have.length(13);
    expect(actions.at(-1)).to.equal('templates.publish');
  });

  it('a question form with mistakes → 422, each message beside its field, the input kept', async () => {
    const id = await createDraft(admin);
    await addSection(admin, id, 'access');
    await addQuestion(admin, id, 'access', 'acc_01');
    const response = await send(
      admin,
      `/templates/${id}/sections/access/questions/new`,
      questionForm({
        key: 'acc_01',
        section: 'access',
        type: 'single_choice',
        text_en: 'Typed <b>text</b> is kept',
        option_value_0: 'only',
        option_en_0: 'Only one',
        option_zh_0: '只有一个',
        showIf_question: 'acc_01',
        showIf_values: 'maybe',
      }),
    );
    expect(response.status).to.equal(422);
    const html = response.text;
    expect(html).to.match(/id="field-key-error">The key acc_01 is used more than once\./);
    expect(html).to.include('A choice question needs at least two options.');
    expect(html).to.match(/id="field-showIf_values-error">The show-if answers must be answers/);
    expect(html).to.include('Typed &lt;b&gt;text&lt;/b&gt; is kept');
    expect(html).to.include('value="Only one"');
    expect(html).to.include('The template has 3 problems; nothing was saved.');
    expect(outline((await storedTemplate(id))!.content)).to.deep.equal({ access: ['acc_01'] });
  });

  it('a show-if on a later or free-text question → refused beside the show-if field', async () => {
    const id = await createDraft(admin);
    await addSection(admin, id, 'access');
    await addQuestion(admin, id, 'access', 'acc_01', { type: 'short_text' });
    const response = await send(
      admin,
      `/templates/${id}/sections/access/questions/new`,
      questionForm({ key: 'acc_02', section: 'access', showIf_question: 'acc_01', showIf_values: 'yes' }),
    );
    expect(response.status).to.equal(422);
    expect(response.text).to.match(
      /id="field-showIf_question-error">A show-if condition must refer to a yes\/no or choice question that comes before it/,
    );
  });

  it('changing a question that another depends on so that the condition breaks → the other question is named', async () => {
    const id = await insertTemplate(sampleContent());
    const response = await send(
      admin,
      `/templates/${id}/questions/acc_02`,
      questionForm({ type: 'yes_no', section: 'access', showIf_question: 'acc_01', showIf_values: 'yes' }),
    );
    expect(response.status).to.equal(422);
    expect(textOf(response.text)).to.include('Other problems in this template:');
    expect(response.text).to.match(
      /<code>sections\[1\]\.questions\[0\]\.showIf<\/code> — The show-if answers must be answers/,
    );
  });

  it('deleting a question that a show-if refers to → refused with a message naming it; nothing changes', async () => {
    const id = await insertTemplate(sampleContent());
    const response = await send(admin, `/templates/${id}/questions/acc_01/delete`);
    expect(response.status).to.equal(303);
    const text = textOf((await follow(admin.agent, response)).text);
    expect(text).to.include(
      'Question acc_01 cannot be deleted: the show-if condition of acc_02 depends on it. Change or remove those conditions first.',
    );
    expect((await storedTemplate(id))?.content).to.deep.equal(sampleContent());

    expect((await send(admin, `/templates/${id}/questions/log_01/delete`)).status).to.equal(303);
    expect(outline((await storedTemplate(id))!.content)).to.deep.equal({
      access: ['acc_01', 'acc_02'],
      logging: [],
    });
  });

  it('deleting a section with questions → refused with a message; an empty one → deleted', async () => {
    const id = await insertTemplate(sampleContent());
    const refused = await send(admin, `/templates/${id}/sections/access/delete`);
    expect(textOf((await follow(admin.agent, refused)).text)).to.include(
      'Only an empty section can be deleted: move or delete its 2 questions first.',
    );
    await send(admin, `/templates/${id}/questions/log_01/delete`);
    expect((await send(admin, `/templates/${id}/sections/logging/delete`)).status).to.equal(303);
    expect(outline((await storedTemplate(id))!.content)).to.deep.equal({ access: ['acc_01', 'acc_02'] });
  });

  it('a section key used twice → 422 beside the key field', async () => {
    const id = await createDraft(admin);
    await addSection(admin, id, 'access');
    const response = await send(admin, `/templates/${id}/sections/new`, {
      key: 'access',
      title_en: 'Again',
      title_zh: '再来',
    });
    expect(response.status).to.equal(422);
    expect(response.text).to.match(/id="field-key-error">The key access is used more than once\./);
    expect(response.text).to.include('value="Again"');
  });

  it('publishing an empty draft → refused with a message', async () => {
    const id = await createDraft(admin);
    const response = await send(admin, `/templates/${id}/publish`);
    expect(textOf((await follow(admin.agent, response)).text)).to.include(
      'Add at least one question before publishing.',
    );
    expect((await storedTemplate(id))?.status).to.equal('draft');
  });

  it('the new-template form with blanks → 422 with the messages; nothing stored', async () => {
    const response = await send(admin, '/templates', { name_en: '', name_zh: '名称' });
    expect(response.status).to.equal(422);
    expect(response.text).to.match(/id="field-name_en-error">This field is required\./);
    expect(response.text).to.include('value="名称"');
    expect(await templateCount()).to.equal(0);
  });

  it('discarding a draft → gone, back to the list', async () => {
    const id = await createDraft(admin);
    const response = await send(admin, `/templates/${id}/discard`);
    expect(response.headers.location).to.equal('/templates');
    expect(await storedTemplate(id)).to.equal(null);
    expect((await admin.agent.get(`/templates/${id}`)).status).to.equal(404);
  });

  it('unknown sections and questions → 404', async () => {
    const id = await insertTemplate(sampleContent());
    expect((await admin.agent.get(`/templates/${id}/sections/nope`)).status).to.equal(404);
    expect((await admin.agent.get(`/templates/${id}/questions/nope_01`)).status).to.equal(404);
    expect((await admin.agent.get(`/templates/${id}/questions/NOT-A-KEY`)).status).to.equal(404);
    expect((await admin.agent.get(`/templates/${id}/sections/nope/questions/new`)).status).to.equal(404);
    expect(
      (await send(admin, `/templates/${id}/questions/nope_01/move`, { direction: 'up' })).status,
    ).to.equal(404);
    expect((await admin.agent.get('/templates/not-an-id')).status).to.equal(404);
  });

  it('the pages in Chinese show no raw translation keys', async () => {
    const zhAdmin = await signedInAs({ role: 'admin', locale: 'zh-CN' });
    const id = await insertTemplate(sampleContent());
    for (const url of [
      '/templates',
      '/templates/new',
      '/templates/import',
      `/templates/${id}`,
      `/templates/${id}/meta`,
      `/templates/${id}/sections/new`,
      `/templates/${id}/sections/access`,
      `/templates/${id}/sections/access/questions/new`,
      `/templates/${id}/questions/acc_02`,
    ]) {
      const response = await zhAdmin.agent.get(url);
      expect(response.status, url).to.equal(200);
      const text = textOf(response.text.replace(/<code>[\s\S]*?<\/code>/g, ' '));
      expect(text, url).to.match(/[\u4e00-\u9fff]/);
      expect(
        /\b(templates|questionTypes|evidenceRules|templateStatus)\.[a-zA-Z]+/.exec(text)?.[0],
        url,
      ).to.equal(undefined);
    }
    const page = textOf((await zhAdmin.agent.get(`/templates/${id}`)).text);
    expect(page).to.include('管理员是否使用多因素认证？');
    expect(page).to.include('MFA for admins?');
  });
});
