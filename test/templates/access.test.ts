import { expect } from 'chai';
import mongoose from 'mongoose';
import type supertest from 'supertest';
import { resetTemplateCache } from '../../src/modules/questionnaires';
import type { Role } from '../../src/modules/users/roles';
import { anonymous, csrfToken, signedInAs, type Agent, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { encodeForm, type FormFields } from '../suppliers/support';
import { insertTemplate, questionForm, sampleContent } from './support';
import { changeEventCount } from '../helpers/audit-trail';

type Actor = Role | 'anonymous';
const ACTORS: readonly Actor[] = ['anonymous', 'admin', 'procurement', 'auditor', 'vendor'];

/** A draft with an empty section too, so that every change has something valid to do. */
function draftContent() {
  const content = sampleContent();
  content.sections.push({ key: 'spare', title: { en: 'Spare', zh: '备用' }, questions: [] });
  return content;
}

const draft = () => insertTemplate(draftContent());
const published = () => insertTemplate(sampleContent(), 'published');

interface RouteCase {
  method: 'GET' | 'POST';
  path: string;
  /** The address, on a fresh record so that one request cannot spoil the next. */
  url(): Promise<string>;
  form?: FormFields;
  /** A JSON file sent as a multipart upload. */
  file?: Buffer;
  /** Who may: staff may read, only admins may change. */
  readable: boolean;
  /** What an admin gets. */
  admin: number;
}

const newQuestion = { ...questionForm({ section: 'access' }), key: 'acc_09' };

const ROUTES: RouteCase[] = [
  { method: 'GET', path: '/templates', url: () => Promise.resolve('/templates'), readable: true, admin: 200 },
  {
    method: 'GET',
    path: '/templates/:id',
    url: async () => `/templates/${await draft()}`,
    readable: true,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id (published)',
    url: async () => `/templates/${await published()}`,
    readable: true,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id/export.json',
    url: async () => `/templates/${await published()}/export.json`,
    readable: true,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/new',
    url: () => Promise.resolve('/templates/new'),
    readable: false,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/import',
    url: () => Promise.resolve('/templates/import'),
    readable: false,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id/meta',
    url: async () => `/templates/${await draft()}/meta`,
    readable: false,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id/sections/new',
    url: async () => `/templates/${await draft()}/sections/new`,
    readable: false,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id/sections/:sectionKey',
    url: async () => `/templates/${await draft()}/sections/access`,
    readable: false,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id/sections/:sectionKey/questions/new',
    url: async () => `/templates/${await draft()}/sections/access/questions/new`,
    readable: false,
    admin: 200,
  },
  {
    method: 'GET',
    path: '/templates/:id/questions/:questionKey',
    url: async () => `/templates/${await draft()}/questions/acc_02`,
    readable: false,
    admin: 200,
  },
  {
    method: 'POST',
    path: '/templates',
    url: () => Promise.resolve('/templates'),
    form: { name_en: 'New', name_zh: '新' },
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/import',
    url: () => Promise.resolve('/templates/import'),
    file: Buffer.from(JSON.stringify(sampleContent())),
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/meta',
    url: async () => `/templates/${await draft()}/meta`,
    form: { name_en: 'Renamed', name_zh: '改名' },
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/new',
    url: async () => `/templates/${await draft()}/sections/new`,
    form: { key: 'extra', title_en: 'Extra', title_zh: '额外' },
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey',
    url: async () => `/templates/${await draft()}/sections/access`,
    form: { title_en: 'Access control', title_zh: '访问控制' },
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey/move',
    url: async () => `/templates/${await draft()}/sections/spare/move`,
    form: { direction: 'up' },
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey/delete',
    url: async () => `/templates/${await draft()}/sections/spare/delete`,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey/questions/new',
    url: async () => `/templates/${await draft()}/sections/access/questions/new`,
    form: newQuestion,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/questions/:questionKey',
    url: async () => `/templates/${await draft()}/questions/acc_01`,
    form: questionForm({ section: 'access' }),
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/questions/:questionKey/move',
    url: async () => `/templates/${await draft()}/questions/log_01/move`,
    form: { direction: 'up' },
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/questions/:questionKey/delete',
    url: async () => `/templates/${await draft()}/questions/log_01/delete`,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/publish',
    url: async () => `/templates/${await draft()}/publish`,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/retire',
    url: async () => `/templates/${await published()}/retire`,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/new-version',
    url: async () => `/templates/${await published()}/new-version`,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/clone',
    url: async () => `/templates/${await published()}/clone`,
    readable: false,
    admin: 303,
  },
  {
    method: 'POST',
    path: '/templates/:id/discard',
    url: async () => `/templates/${await draft()}/discard`,
    readable: false,
    admin: 303,
  },
];

/** Everything a change leaves behind: the templates as stored and the successful audit events. */
async function traces(): Promise<unknown> {
  const templates = await mongoose.connection
    .collection('questionnaire_templates')
    .find({})
    .sort({ _id: 1 })
    .toArray();
  const changes = await changeEventCount();
  return { templates, changes };
}

function expected(route: RouteCase, actor: Actor): string {
  if (actor === 'anonymous') return route.method === 'GET' ? '303 /sign-in' : '401';
  if (actor === 'admin') return String(route.admin);
  if (actor === 'vendor') return '403';
  return route.readable ? '200' : '403';
}

describe('templates: access (every route × every role)', () => {
  const agents = {} as Record<Role, SignedIn>;

  before(async function () {
    this.timeout(60_000);
    await resetDatabase();
    resetTemplateCache();
    for (const role of ['admin', 'procurement', 'auditor', 'vendor'] as const)
      agents[role] = await signedInAs(role);
  });

  async function request(
    route: RouteCase,
    agent: Agent,
    url: string,
    token: string,
  ): Promise<supertest.Response> {
    if (route.method === 'GET') return agent.get(url);
    if (route.file)
      return agent
        .post(`${url}?_csrf=${encodeURIComponent(token)}`)
        .attach('file', route.file, 'template.json');
    return agent
      .post(url)
      .type('form')
      .send(encodeForm({ _csrf: token, ...route.form }));
  }

  for (const route of ROUTES) {
    for (const actor of ACTORS) {
      const answer = expected(route, actor);
      it(`${route.method} ${route.path}: ${actor} → ${answer}`, async () => {
        const agent = actor === 'anonymous' ? anonymous() : agents[actor].agent;
        const token = await csrfToken(agent, actor === 'anonymous' ? '/sign-in' : '/account');
        const url = await route.url();
        const refused = !answer.startsWith('2') && actor !== 'admin';
        const before = refused && route.method === 'POST' ? await traces() : undefined;
        const response = await request(route, agent, url, token);
        const location = response.headers.location;
        const summary = `got ${response.status} ${location ?? ''}`;
        expect(
          `${response.status}${answer === '303 /sign-in' ? ` ${location ?? ''}` : ''}`,
          summary,
        ).to.equal(answer);
        if (answer === '403') expect(response.text).to.include('Access denied');
        if (actor === 'admin' && route.admin === 303)
          expect(response.headers.location, 'back to a template page').to.match(
            /^\/templates(\/[a-f\d]{24})?/,
          );
        if (before) expect(await traces(), 'a refused request changes nothing').to.deep.equal(before);
      });
    }
  }

  for (const route of ROUTES.filter((item) => item.method === 'POST')) {
    it(`POST ${route.path}: admin without the CSRF token → 403 "form expired"; nothing changes`, async () => {
      const url = await route.url();
      const before = await traces();
      const response = route.file
        ? await agents.admin.agent.post(url).attach('file', route.file, 'template.json')
        : await agents.admin.agent
            .post(url)
            .type('form')
            .send(encodeForm({ ...route.form }));
      expect(response.status).to.equal(403);
      expect(response.text).to.include('The form expired or was sent from another site.');
      expect(await traces()).to.deep.equal(before);
    });
  }

  it('the navigation shows "Questionnaires" to staff only', async () => {
    for (const role of ['admin', 'procurement', 'auditor'] as const)
      expect((await agents[role].agent.get('/')).text, role).to.include('href="/templates"');
    expect((await agents.vendor.agent.get('/')).text).not.to.include('href="/templates"');
  });

  it('procurement and auditors see no edit controls on a draft', async () => {
    const id = await draft();
    for (const role of ['procurement', 'auditor'] as const) {
      const html = (await agents[role].agent.get(`/templates/${id}`)).text;
      expect(html, role).not.to.include(`/templates/${id}/publish`);
      expect(html, role).not.to.include(`/templates/${id}/questions/acc_01`);
      expect(html, role).not.to.include('href="/templates/new"');
    }
  });
});
