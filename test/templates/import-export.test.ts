import { expect } from 'chai';
import mongoose from 'mongoose';
import { defaultTemplate } from '../../seed/questionnaire/default-template';
import { resetTemplateCache } from '../../src/modules/questionnaires';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { upload } from '../suppliers/support';
import {
  auditActions,
  insertTemplate,
  sampleContent,
  storedTemplate,
  templateCount,
  templateIdFrom,
  textOf,
} from './support';

const PNG_BYTES = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function storedFileCount(): Promise<number> {
  const names = (await mongoose.connection.db!.listCollections().toArray()).map(
    (collection) => collection.name,
  );
  const files = names.find((name) => name.endsWith('.files'));
  return files ? mongoose.connection.collection(files).countDocuments({}) : 0;
}

describe('templates: JSON export and import', () => {
  let admin: SignedIn;

  beforeEach(async () => {
    await resetDatabase();
    resetTemplateCache();
    admin = await signedInAs('admin');
  });

  it('export → an attachment; importing it → a new draft template with equal content', async () => {
    const id = await insertTemplate(defaultTemplate, 'published');
    const exported = await admin.agent.get(`/templates/${id}/export.json`);
    expect(exported.status).to.equal(200);
    expect(exported.headers['content-type']).to.match(/^application\/json/);
    expect(exported.headers['content-disposition']).to.match(
      /^attachment; filename="supplier-security-and-[a-z-]+-v1\.json"$/,
    );
    const file = Buffer.from(exported.text, 'utf8');
    const parsed = JSON.parse(exported.text) as { format: string; content: unknown };
    expect(parsed.format).to.equal('vetted-questionnaire-template');

    const imported = await upload(admin.agent, '/templates/import', file, 'template.json');
    const importedId = templateIdFrom(imported);
    expect(importedId).not.to.equal(id);
    const stored = await storedTemplate(importedId);
    expect(stored).to.deep.include({ status: 'draft', version: 1, familyId: importedId });
    expect(stored?.content).to.deep.equal(parsed.content);
    expect(stored?.content).to.deep.equal(JSON.parse(JSON.stringify(defaultTemplate)));
    expect(await storedFileCount(), 'the uploaded file is not kept').to.equal(0);
    expect((await auditActions('templates.')).map((event) => event.action)).to.deep.equal([
      'templates.export',
      'templates.import',
    ]);
  });

  it('a file with the content alone (no wrapper) imports too', async () => {
    const file = Buffer.from(JSON.stringify(sampleContent()), 'utf8');
    const id = templateIdFrom(await upload(admin.agent, '/templates/import', file, 'plain.json'));
    expect((await storedTemplate(id))?.content).to.deep.equal(sampleContent());
  });

  it('invalid content → 422, the import page lists every problem with its path; nothing stored', async () => {
    const content = sampleContent();
    const access = content.sections[0]!;
    access.questions.push({ ...access.questions[0]!, showIf: undefined });
    access.questions[1]!.options = undefined;
    content.sections[1]!.questions[0]!.showIf = { question: 'nowhere', anyOf: ['yes'] };
    const file = Buffer.from(
      JSON.stringify({ format: 'vetted-questionnaire-template', version: 1, content }),
      'utf8',
    );
    const response = await upload(admin.agent, '/templates/import', file, 'broken.json');
    expect(response.status).to.equal(422);
    const text = textOf(response.text);
    expect(text).to.include('broken.json was not imported: fix these 3 problems and try again.');
    expect(text).to.include(
      'sections[0].questions[1].options — A choice question needs at least two options.',
    );
    expect(text).to.include('sections[0].questions[2].key — The key acc_01 is used more than once.');
    expect(text).to.include(
      'sections[1].questions[0].showIf — A show-if condition must refer to a yes/no or choice question that comes before it; nowhere does not qualify.',
    );
    expect(await templateCount()).to.equal(0);
    expect(await storedFileCount()).to.equal(0);
  });

  it('the problems are listed in Chinese for a Chinese-speaking admin', async () => {
    const zhAdmin = await signedInAs({ role: 'admin', locale: 'zh-CN' });
    const content = sampleContent();
    content.sections[0]!.questions[1]!.options = [];
    const response = await upload(
      zhAdmin.agent,
      '/templates/import',
      Buffer.from(JSON.stringify(content)),
      'x.json',
    );
    expect(response.status).to.equal(422);
    expect(textOf(response.text)).to.include('sections[0].questions[1].options — 选择题至少需要两个选项。');
  });

  it('a file that is not JSON → 422 with a clear message; a PNG → refused back on the import page', async () => {
    const response = await upload(
      admin.agent,
      '/templates/import',
      Buffer.from('{"name": oops'),
      'oops.json',
    );
    expect(response.status).to.equal(422);
    expect(textOf(response.text)).to.include('The file is not valid JSON.');

    const png = await upload(admin.agent, '/templates/import', PNG_BYTES, 'template.json');
    expect(png.status).to.equal(303);
    expect(png.headers.location).to.equal('/templates/import');
    expect(await templateCount()).to.equal(0);
    expect(await storedFileCount()).to.equal(0);
  });

  it('a JSON file whose first line has commas (it looks like CSV) still imports', async () => {
    const minified = `${JSON.stringify(sampleContent()).replace('"sections":', '\n"sections":')}\n`;
    expect(minified.split('\n')[0]).to.include(',');
    const id = templateIdFrom(
      await upload(admin.agent, '/templates/import', Buffer.from(minified), 'a.json'),
    );
    expect((await storedTemplate(id))?.content).to.deep.equal(sampleContent());
  });
});
