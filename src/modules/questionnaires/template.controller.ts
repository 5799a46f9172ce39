/** Template list, pages, creation, import/export and the version lifecycle (publish, retire…). */
import type { RequestHandler } from 'express';
import { contextOf } from '../../lib/context';
import { deleteFile, openFileStream, type StoredFile } from '../../lib/files';
import { formBody, submitForm } from '../../lib/forms';
import { translator } from '../../lib/i18n';
import { can } from '../access';
import { parseMetaForm, placeMetaProblems } from './template.forms';
import { oneClick, renderForm, templateIdOf, templateLocals } from './template.http';
import {
  createTemplate,
  discardDraft,
  exportTemplateJson,
  getTemplate,
  importTemplateJson,
  listTemplates,
  newDraftVersion,
  publishTemplate,
  retireTemplate,
  TemplateContentError,
} from './template.service';
import type { Bilingual } from './template.types';
import { groupFamilies } from './template.view';

export const list: RequestHandler = async (req, res) => {
  const templates = await listTemplates(contextOf(req));
  res.render('templates/list', {
    ...templateLocals(req),
    families: groupFamilies(templates),
    canManage: can(req.user, 'templates.manage'),
  });
};

export const show: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const template = await getTemplate(context, templateIdOf(req));
  const family = groupFamilies(await listTemplates(context)).find(
    (item) => item.familyId === template.familyId,
  );
  res.render('templates/show', {
    ...templateLocals(req),
    template,
    id: template._id.toString(),
    versions: family?.versions ?? [],
    canManage: can(req.user, 'templates.manage'),
  });
};

export const showNew: RequestHandler = (req, res) => {
  renderForm(res, 'templates/meta', {}, { ...templateLocals(req), mode: 'new' });
};

export const create: RequestHandler = async (req, res) => {
  const body = formBody(req);
  await submitForm(
    async () => {
      const meta = parseMetaForm(body);
      const id = await createTemplate(contextOf(req), { ...meta, sections: [] }, 'new');
      req.flash('success', 'templates.created', { name: meta.name.en });
      res.redirect(303, `/templates/${id}`);
    },
    (error) =>
      renderForm(
        res,
        'templates/meta',
        body,
        { ...templateLocals(req), mode: 'new' },
        placeMetaProblems(error),
      ),
  );
};

export const showImport: RequestHandler = (req, res) => {
  res.render('templates/import', { ...templateLocals(req), problems: [], fileName: undefined });
};

/** The uploaded file's text; the file itself is deleted straight away. */
async function readAndDelete(stored: StoredFile): Promise<string> {
  try {
    const chunks: Buffer[] = [];
    for await (const chunk of openFileStream(stored)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    await deleteFile(stored.id);
  }
}

export const importJson: RequestHandler = async (req, res) => {
  const stored = req.storedFile;
  if (!stored) return res.redirect(303, '/templates/import');
  const text = await readAndDelete(stored);
  try {
    const id = await importTemplateJson(contextOf(req), text);
    req.flash('success', 'templates.imported', { file: stored.filename });
    res.redirect(303, `/templates/${id}`);
  } catch (error) {
    if (!(error instanceof TemplateContentError)) throw error;
    res.status(422).render('templates/import', {
      ...templateLocals(req),
      problems: error.problems,
      fileName: stored.filename,
    });
  }
};

/** A file name made of the template's English name, safe in any header. */
function exportName(name: string, version: number): string {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'questionnaire-template'}-v${version}.json`;
}

export const exportJson: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const id = templateIdOf(req);
  const template = await getTemplate(context, id);
  const json = await exportTemplateJson(context, id);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${exportName(template.content.name.en, template.version)}"`,
  );
  res.setHeader('Cache-Control', 'private, no-store');
  res.send(json);
};

export const publish: RequestHandler = async (req, res) => {
  const id = templateIdOf(req);
  await oneClick(req, res, `/templates/${id}`, async () => {
    await publishTemplate(contextOf(req), id);
    req.flash('success', 'templates.published');
  });
};

export const retire: RequestHandler = async (req, res) => {
  const id = templateIdOf(req);
  await oneClick(req, res, `/templates/${id}`, async () => {
    await retireTemplate(contextOf(req), id);
    req.flash('success', 'templates.retired');
  });
};

/** Opens the template's draft version: a new one, or the one already being edited. */
export const newVersion: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const draftId = await newDraftVersion(context, templateIdOf(req));
  const draft = await getTemplate(context, draftId);
  req.flash('success', 'templates.versionCreated', { version: draft.version });
  res.redirect(303, `/templates/${draftId}`);
};

/** "<name> (copy)" in both languages, within the name's length limit. */
function copyName(name: Bilingual): Bilingual {
  return {
    en: translator('en')('templates.copyName', { name: name.en }).slice(0, 200),
    zh: translator('zh-CN')('templates.copyName', { name: name.zh }).slice(0, 200),
  };
}

export const clone: RequestHandler = async (req, res) => {
  const context = contextOf(req);
  const source = await getTemplate(context, templateIdOf(req));
  const content = { ...source.content, name: copyName(source.content.name) };
  const id = await createTemplate(context, content, 'clone');
  req.flash('success', 'templates.cloned');
  res.redirect(303, `/templates/${id}`);
};

export const discard: RequestHandler = async (req, res) => {
  await discardDraft(contextOf(req), templateIdOf(req));
  req.flash('success', 'templates.discarded');
  res.redirect(303, '/templates');
};
