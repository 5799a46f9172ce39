import { expect } from 'chai';
import { resetTemplateCache } from '../../src/modules/questionnaires';
import { signedInAs, type SignedIn } from '../helpers/agents';
import type { FormFields } from '../suppliers/support';
import { resetDatabase } from '../helpers/environment';
import {
  auditActions,
  follow,
  insertTemplate,
  questionForm,
  sampleContent,
  send,
  storedTemplate,
  templateCount,
  templateIdFrom,
  textOf,
} from './support';

/** Every request that would change a version's content, with a form that would be valid for a draft. */
function editRequests(id: string): { method: 'GET' | 'POST'; url: string; form?: FormFields }[] {
  const question = questionForm({ section: 'access' });
  return [
    { method: 'GET', url: `/templates/${id}/meta` },
    { method: 'POST', url: `/templates/${id}/meta`, form: { name_en: 'Changed', name_zh: '已改' } },
    { method: 'GET', url: `/templates/${id}/sections/new` },
    {
      method: 'POST',
      url: `/templates/${id}/sections/new`,
      form: { key: 'extra', title_en: 'E', title_zh: '额' },
    },
    { method: 'GET', url: `/templates/${id}/sections/access` },
    {
      method: 'POST',
      url: `/templates/${id}/sections/access`,
      form: { title_en: 'Changed', title_zh: '已改' },
    },
    { method: 'POST', url: `/templates/${id}/sections/access/move`, form: { direction: 'down' } },
    { method: 'POST', url: `/templates/${id}/sections/logging/delete` },
    { method: 'GET', url: `/templates/${id}/sections/access/questions/new` },
    {
      method: 'POST',
      url: `/templates/${id}/sections/access/questions/new`,
      form: { ...question, key: 'acc_09' },
    },
    { method: 'GET', url: `/templates/${id}/questions/acc_01` },
    { method: 'POST', url: `/templates/${id}/questions/acc_01`, form: question },
    { method: 'POST', url: `/templates/${id}/questions/acc_01/move`, form: { direction: 'down' } },
    { method: 'POST', url: `/templates/${id}/questions/log_01/delete` },
    { method: 'POST', url: `/templates/${id}/publish` },
    { method: 'POST', url: `/templates/${id}/discard` },
  ];
}

describe('templates: versions', () => {
  let admin: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    resetTemplateCache();
    admin = await signedInAs('admin');
  });

  for (const status of ['published', 'retired'] as const) {
    it(`a ${status} version refuses every edit route with 409 and "cannot change"; its stored content is unchanged`, async () => {
      const id = await insertTemplate(sampleContent(), status);
      const before = await storedTemplate(id);
      for (const request of editRequests(id)) {
        const response =
          request.method === 'GET'
            ? await admin.agent.get(request.url)
            : await send(admin, request.url, request.form);
        expect(response.status, `${request.method} ${request.url}`).to.equal(409);
        expect(textOf(response.text)).to.include('This version is published or retired and cannot change.');
      }
      expect(await storedTemplate(id)).to.deep.equal(before);
      expect(await auditActions('templates.')).to.deep.equal([]);
    });
  }

  it('a published version page explains that it cannot change and offers a new draft version instead of edit buttons', async () => {
    const id = await insertTemplate(sampleContent(), 'published');
    const html = (await admin.agent.get(`/templates/${id}`)).text;
    expect(textOf(html)).to.include('Published versions cannot change');
    expect(html).to.include(`action="/templates/${id}/new-version"`);
    expect(html).not.to.include(`/templates/${id}/questions/acc_01/move`);
    expect(html).not.to.include(`href="/templates/${id}/meta"`);
  });

  it('new draft version → a copy with version + 1; publishing it retires the previous version', async () => {
    const firstId = await insertTemplate(sampleContent(), 'published');
    const response = await send(admin, `/templates/${firstId}/new-version`);
    const draftId = templateIdFrom(response);
    expect(draftId).not.to.equal(firstId);
    const draft = await storedTemplate(draftId);
    expect(draft).to.deep.include({ familyId: firstId, version: 2, status: 'draft' });
    expect(draft?.content).to.deep.equal(sampleContent());

    // The published version's page now leads to that draft; asking again gives the same draft.
    const sourcePage = (await admin.agent.get(`/templates/${firstId}`)).text;
    expect(sourcePage).to.include(`href="/templates/${draftId}"`);
    expect(textOf(sourcePage)).to.include('Open draft version 2');
    expect(templateIdFrom(await send(admin, `/templates/${firstId}/new-version`))).to.equal(draftId);

    const edited = await send(admin, `/templates/${draftId}/meta`, {
      name_en: 'Payroll processor review 2026',
      name_zh: '薪资处理商审查 2026',
    });
    expect(edited.status).to.equal(303);
    expect((await storedTemplate(firstId))?.content).to.deep.equal(sampleContent());

    expect((await send(admin, `/templates/${draftId}/publish`)).status).to.equal(303);
    expect((await storedTemplate(draftId))?.status).to.equal('published');
    expect((await storedTemplate(firstId))?.status).to.equal('retired');

    const list = textOf((await admin.agent.get('/templates')).text);
    expect(list).to.include('Payroll processor review 2026');
    expect(list).to.match(/Version 2 Published .*Version 1 Retired/);
    expect((await auditActions('templates.')).map((event) => event.action)).to.deep.equal([
      'templates.new_version',
      'templates.edit',
      'templates.publish',
    ]);
  });

  it('clone → an independent template (own family, version 1, draft, "(copy)" name); editing it leaves the source alone', async () => {
    const sourceId = await insertTemplate(sampleContent(), 'published');
    const cloneId = templateIdFrom(await send(admin, `/templates/${sourceId}/clone`));
    const clone = await storedTemplate(cloneId);
    expect(clone).to.deep.include({ familyId: cloneId, version: 1, status: 'draft' });
    expect(clone?.content.name).to.deep.equal({
      en: 'Payroll processor review (copy)',
      zh: '薪资处理商审查（副本）',
    });
    expect(clone?.content.sections).to.deep.equal(sampleContent().sections);

    await send(admin, `/templates/${cloneId}/questions/log_01/delete`);
    expect((await storedTemplate(sourceId))?.content).to.deep.equal(sampleContent());
    expect((await storedTemplate(cloneId))?.content.sections[1]?.questions).to.deep.equal([]);

    // Publishing the clone does not retire the source: they are different templates.
    await send(admin, `/templates/${cloneId}/publish`);
    expect((await storedTemplate(sourceId))?.status).to.equal('published');
    expect((await storedTemplate(cloneId))?.status).to.equal('published');
  });

  it('retire → a published version becomes retired; a draft cannot be retired', async () => {
    const id = await insertTemplate(sampleContent(), 'published');
    const response = await send(admin, `/templates/${id}/retire`);
    expect(textOf((await follow(admin.agent, response)).text)).to.include('Version retired');
    expect((await storedTemplate(id))?.status).to.equal('retired');

    const draftId = await insertTemplate(sampleContent());
    const refused = await send(admin, `/templates/${draftId}/retire`);
    expect(textOf((await follow(admin.agent, refused)).text)).to.include(
      'Only a published version can be retired.',
    );
    expect((await storedTemplate(draftId))?.status).to.equal('draft');
    expect(await templateCount()).to.equal(2);
  });
});
