import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { authorize } from '../access';
import { record } from '../audit';
import { TemplateModel, type TemplateRecord } from './template.model';
import { checkTemplateContent, type TemplateProblem } from './template.schema';
import type { TemplateContent, TemplateQuestion, TemplateSection } from './template.types';

/** A published or retired version never changes, so it is kept in memory once read. */
const frozen = new Map<string, TemplateRecord>();

/** One template version by id (no access check: assessments read the version they were sent with). */
export async function findTemplateVersion(id: string): Promise<TemplateRecord | undefined> {
  const cached = frozen.get(id);
  if (cached) return cached;
  if (!Types.ObjectId.isValid(id)) return undefined;
  const template = await TemplateModel.findById(id).lean<TemplateRecord>();
  if (template && template.status !== 'draft') frozen.set(id, template);
  return template ?? undefined;
}

/** Every question of a template, in order, with the section it belongs to. */
export function questionsOf(
  content: TemplateContent,
): { section: TemplateSection; question: TemplateQuestion }[] {
  return content.sections.flatMap((section) => section.questions.map((question) => ({ section, question })));
}

/** All template versions, newest first within each template (staff). */
export async function listTemplates(context: RequestContext): Promise<TemplateRecord[]> {
  authorize(context.actor, 'templates.read');
  const templates = await TemplateModel.find({}).lean<TemplateRecord[]>();
  return templates.sort(
    (a, b) =>
      a.content.name.en.localeCompare(b.content.name.en) ||
      a.familyId.localeCompare(b.familyId) ||
      b.version - a.version,
  );
}

/** The versions that can be sent: the published version of each template. */
export async function sendableTemplates(context: RequestContext): Promise<TemplateRecord[]> {
  return (await listTemplates(context)).filter((template) => template.status === 'published');
}

/** One template version for its page (staff). */
export async function getTemplate(context: RequestContext, id: string): Promise<TemplateRecord> {
  authorize(context.actor, 'templates.read');
  const template = await findTemplateVersion(id);
  if (!template) throw new NotFoundError();
  return template;
}

/** Thrown when a template's content is not valid; carries every problem with where it is. */
export class TemplateContentError extends ValidationError {
  constructor(readonly problems: TemplateProblem[]) {
    super({ _form: { key: 'templates.errors.contentInvalid', params: { count: problems.length } } });
  }
}

function validContent(input: unknown): TemplateContent {
  const checked = checkTemplateContent(input);
  if (!checked.ok) throw new TemplateContentError(checked.problems);
  return checked.content;
}

async function loadDraft(context: RequestContext, id: string): Promise<TemplateRecord> {
  authorize(context.actor, 'templates.manage');
  const template = await findTemplateVersion(id);
  if (!template) throw new NotFoundError();
  // Published versions are immutable: assessments were answered against exactly this text.
  if (template.status !== 'draft') throw new ConflictError('templates.errors.notDraft');
  return template;
}

/** The audit action of each way a template comes into being. */
const CREATE_ACTIONS = {
  new: 'templates.create',
  clone: 'templates.clone',
  import: 'templates.import',
} as const;

/** Creates a template (a first draft version) from content (new, cloned or imported). */
export async function createTemplate(
  context: RequestContext,
  content: unknown,
  how: 'new' | 'clone' | 'import',
): Promise<string> {
  authorize(context.actor, 'templates.manage');
  const checked = validContent(content);
  const id = new Types.ObjectId();
  await TemplateModel.create({
    _id: id,
    familyId: id.toString(),
    version: 1,
    status: 'draft',
    content: checked,
    createdById: context.actor.id,
    createdByName: context.actor.name,
  });
  await record(context, {
    action: CREATE_ACTIONS[how],
    target: { type: 'template', id: id.toString(), label: checked.name.en },
  });
  return id.toString();
}

/** Replaces a draft's content after checking it. */
export async function saveDraftContent(
  context: RequestContext,
  id: string,
  content: unknown,
  change: string,
): Promise<void> {
  const draft = await loadDraft(context, id);
  const checked = validContent(content);
  await TemplateModel.updateOne({ _id: id, status: 'draft' }, { $set: { content: checked } });
  await record(context, {
    action: 'templates.edit',
    target: { type: 'template', id, label: `${checked.name.en} v${draft.version}` },
    details: { change },
  });
}

/** Applies an edit to a draft's content: `edit` returns the changed copy. */
export async function editDraft(
  context: RequestContext,
  id: string,
  change: string,
  edit: (content: TemplateContent) => TemplateContent,
): Promise<void> {
  const draft = await loadDraft(context, id);
  await saveDraftContent(context, id, edit(structuredClone(draft.content)), change);
}

/**
 * Starts a new draft version from a published (or retired) one. A template has at most one
 * draft at a time; asking again returns it.
 */
export async function newDraftVersion(context: RequestContext, id: string): Promise<string> {
  authorize(context.actor, 'templates.manage');
  const source = await findTemplateVersion(id);
  if (!source) throw new NotFoundError();
  const family = await TemplateModel.find({ familyId: source.familyId }).lean<TemplateRecord[]>();
  const existingDraft = family.find((version) => version.status === 'draft');
  if (existingDraft) return existingDraft._id.toString();
  const version = Math.max(...family.map((item) => item.version)) + 1;
  const created = await TemplateModel.create({
    familyId: source.familyId,
    version,
    status: 'draft',
    content: source.content,
    createdById: context.actor.id,
    createdByName: context.actor.name,
  });
  await record(context, {
    action: 'templates.new_version',
    target: { type: 'template', id: created._id.toString(), label: `${source.content.name.en} v${version}` },
  });
  return created._id.toString();
}

/**
 * Publishes a draft: from now on it cannot change and can be sent. The template's previously
 * published version is retired (assessments sent with it keep it).
 */
export async function publishTemplate(context: RequestContext, id: string): Promise<void> {
  const draft = await loadDraft(context, id);
  const content = validContent(draft.content);
  if (content.sections.length === 0 || content.sections.every((section) => section.questions.length === 0)) {
    throw new ConflictError('templates.errors.empty');
  }
  const now = new Date();
  await TemplateModel.updateMany(
    { familyId: draft.familyId, status: 'published' },
    { $set: { status: 'retired', retiredAt: now } },
  );
  await TemplateModel.updateOne(
    { _id: id, status: 'draft' },
    { $set: { status: 'published', publishedAt: now, publishedByName: context.actor?.name } },
  );
  for (const key of [...frozen.keys()]) if (frozen.get(key)?.familyId === draft.familyId) frozen.delete(key);
  await record(context, {
    action: 'templates.publish',
    target: { type: 'template', id, label: `${content.name.en} v${draft.version}` },
  });
}

/** Retires a published version: it can no longer be sent. */
export async function retireTemplate(context: RequestContext, id: string): Promise<void> {
  authorize(context.actor, 'templates.manage');
  const template = await findTemplateVersion(id);
  if (!template) throw new NotFoundError();
  if (template.status !== 'published') throw new ConflictError('templates.errors.notPublished');
  await TemplateModel.updateOne({ _id: id }, { $set: { status: 'retired', retiredAt: new Date() } });
  frozen.delete(id);
  await record(context, {
    action: 'templates.retire',
    target: { type: 'template', id, label: `${template.content.name.en} v${template.version}` },
  });
}

/** Deletes a draft that was never published. */
export async function discardDraft(context: RequestContext, id: string): Promise<void> {
  const draft = await loadDraft(context, id);
  await TemplateModel.deleteOne({ _id: id, status: 'draft' });
  await record(context, {
    action: 'templates.discard',
    target: { type: 'template', id, label: `${draft.content.name.en} v${draft.version}` },
  });
}

/** A template's content as JSON, for backup or moving between portals. */
export async function exportTemplateJson(context: RequestContext, id: string): Promise<string> {
  const template = await getTemplate(context, id);
  await record(context, {
    action: 'templates.export',
    target: { type: 'template', id, label: template.content.name.en },
  });
  return `${JSON.stringify({ format: 'vetted-questionnaire-template', version: 1, content: template.content }, null, 2)}\n`;
}

/** Reads exported JSON into a new draft template; refuses with every problem listed. */
export async function importTemplateJson(context: RequestContext, text: string): Promise<string> {
  authorize(context.actor, 'templates.manage');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new TemplateContentError([{ path: '', key: 'templates.errors.notJson', params: {} }]);
  }
  const wrapper = parsed as { format?: unknown; content?: unknown };
  const content = wrapper.format === 'vetted-questionnaire-template' ? wrapper.content : parsed;
  return createTemplate(context, content, 'import');
}

/** Forgets cached versions (tests that empty the database). */
export function resetTemplateCache(): void {
  frozen.clear();
}

/**
 * Loads the default questionnaire as a published template when no template exists yet (first
 * start, `npm run seed`). Returns the id of the published version.
 */
export async function seedTemplate(content: TemplateContent): Promise<string | undefined> {
  const existing = await TemplateModel.findOne({ 'content.name.en': content.name.en }, { _id: 1 }).lean();
  if (existing) return undefined;
  const checked = checkTemplateContent(content);
  if (!checked.ok)
    throw new Error(`default template is invalid: ${JSON.stringify(checked.problems.slice(0, 3))}`);
  const id = new Types.ObjectId();
  await TemplateModel.create({
    _id: id,
    familyId: id.toString(),
    version: 1,
    status: 'published',
    content: checked.content,
    publishedAt: new Date(),
    createdByName: 'Vetted',
    publishedByName: 'Vetted',
  });
  return id.toString();
}
