/** Editing a draft's content: its name, its sections and its questions. */
import type { Request, RequestHandler, Response } from 'express';
import { contextOf } from '../../lib/context';
import { NotFoundError } from '../../lib/errors';
import { formBody, submitForm } from '../../lib/forms';
import { parseInput } from '../../lib/validation';
import {
  addQuestion,
  addSection,
  deleteQuestion,
  deleteSection,
  findQuestion,
  findSection,
  moveQuestion,
  moveSection,
  updateMeta,
  updateQuestion,
  updateSection,
} from './template.edits';
import {
  moveSchema,
  optionRowCount,
  parseMetaForm,
  parseQuestionForm,
  parseSectionForm,
  placeMetaProblems,
  placeQuestionProblems,
  placeSectionProblems,
  metaValues,
  questionValues,
  sectionValues,
  type PlacedProblems,
} from './template.forms';
import { draftFor, keyOf, oneClick, renderForm, templateIdOf, templateLocals } from './template.http';
import type { TemplateRecord } from './template.model';
import { editDraft } from './template.service';
import type { TemplateContent } from './template.types';
import { showIfCandidates } from './template.view';

const pageOf = (id: string, anchor = '') => `/templates/${id}${anchor ? `#${anchor}` : ''}`;

/* ── name and description ──────────────────────────────────────────────────────────────── */

function renderMeta(
  req: Request,
  res: Response,
  draft: TemplateRecord,
  values: Record<string, unknown>,
  problems?: PlacedProblems,
) {
  renderForm(
    res,
    'templates/meta',
    values,
    { ...templateLocals(req), mode: 'edit', template: draft },
    problems,
  );
}

export const showMeta: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  renderMeta(req, res, draft, metaValues(draft.content));
};

export const saveMeta: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  const id = draft._id.toString();
  const body = formBody(req);
  await submitForm(
    async () => {
      const meta = parseMetaForm(body);
      await editDraft(contextOf(req), id, 'meta', (content) => updateMeta(content, meta));
      req.flash('success', 'templates.saved');
      res.redirect(303, pageOf(id));
    },
    (error) => renderMeta(req, res, draft, body, placeMetaProblems(error)),
  );
};

/* ── sections ──────────────────────────────────────────────────────────────────────────── */

function renderSection(
  req: Request,
  res: Response,
  draft: TemplateRecord,
  sectionKey: string | undefined,
  values: Record<string, unknown>,
  problems?: PlacedProblems,
) {
  const locals = { ...templateLocals(req), mode: sectionKey ? 'edit' : 'new', template: draft, sectionKey };
  renderForm(res, 'templates/section', values, locals, problems);
}

/** Where a section is in the content a save produced (for placing its problems). */
const sectionIndexIn = (content: TemplateContent | undefined, key: string) =>
  content?.sections.findIndex((section) => section.key === key) ?? -1;

export const showNewSection: RequestHandler = async (req, res) => {
  renderSection(req, res, await draftFor(req), undefined, {});
};

export const createSection: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  const id = draft._id.toString();
  const body = formBody(req);
  let edited: TemplateContent | undefined;
  await submitForm(
    async () => {
      const { key, fields } = parseSectionForm(body, true);
      await editDraft(contextOf(req), id, `section.add ${key}`, (content) => {
        edited = addSection(content, key, fields);
        return edited;
      });
      req.flash('success', 'templates.sectionAdded');
      res.redirect(303, pageOf(id, `section-${key}`));
    },
    (error) => {
      // The new section is the last one; a duplicate key is reported there.
      const index = edited ? edited.sections.length - 1 : -1;
      renderSection(req, res, draft, undefined, body, placeSectionProblems(error, index));
    },
  );
};

export const showSection: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  const section = findSection(draft.content, keyOf(req, 'sectionKey'));
  if (!section) throw new NotFoundError();
  renderSection(req, res, draft, section.key, sectionValues(section));
};

export const saveSection: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  const id = draft._id.toString();
  const sectionKey = keyOf(req, 'sectionKey');
  if (!findSection(draft.content, sectionKey)) throw new NotFoundError();
  const body = { ...formBody(req), key: sectionKey };
  let edited: TemplateContent | undefined;
  await submitForm(
    async () => {
      const { fields } = parseSectionForm(body, false);
      await editDraft(contextOf(req), id, `section.edit ${sectionKey}`, (content) => {
        edited = updateSection(content, sectionKey, fields);
        return edited;
      });
      req.flash('success', 'templates.saved');
      res.redirect(303, pageOf(id, `section-${sectionKey}`));
    },
    (error) =>
      renderSection(
        req,
        res,
        draft,
        sectionKey,
        body,
        placeSectionProblems(error, sectionIndexIn(edited, sectionKey)),
      ),
  );
};

export const moveSectionAction: RequestHandler = async (req, res) => {
  const id = templateIdOf(req);
  const sectionKey = keyOf(req, 'sectionKey');
  const { direction } = parseInput(moveSchema, formBody(req));
  await oneClick(req, res, pageOf(id, `section-${sectionKey}`), () =>
    editDraft(contextOf(req), id, `section.move ${sectionKey} ${direction}`, (content) =>
      moveSection(content, sectionKey, direction),
    ),
  );
};

export const deleteSectionAction: RequestHandler = async (req, res) => {
  const id = templateIdOf(req);
  const sectionKey = keyOf(req, 'sectionKey');
  await oneClick(req, res, pageOf(id), async () => {
    await editDraft(contextOf(req), id, `section.delete ${sectionKey}`, (content) =>
      deleteSection(content, sectionKey),
    );
    req.flash('success', 'templates.sectionDeleted', { key: sectionKey });
  });
};

/* ── questions ─────────────────────────────────────────────────────────────────────────── */

function renderQuestion(
  req: Request,
  res: Response,
  draft: TemplateRecord,
  place: { questionKey: string } | { sectionKey: string },
  values: Record<string, unknown>,
  problems?: PlacedProblems,
) {
  renderForm(
    res,
    'templates/question',
    values,
    {
      ...templateLocals(req),
      mode: 'questionKey' in place ? 'edit' : 'new',
      template: draft,
      questionKey: 'questionKey' in place ? place.questionKey : undefined,
      sectionKey: 'sectionKey' in place ? place.sectionKey : undefined,
      sections: draft.content.sections,
      candidates: showIfCandidates(draft.content, place),
      optionRows: optionRowCount(values),
    },
    problems,
  );
}

/** Where a saved question is in the content a save produced, for placing its problems. */
function questionPath(content: TemplateContent | undefined, key: string, sectionKey: string, isNew: boolean) {
  if (!content) return { sectionIndex: -1, questionIndex: -1 };
  if (!isNew) return findQuestion(content, key) ?? { sectionIndex: -1, questionIndex: -1 };
  // A new question is the last of its section (a duplicate key is reported there).
  const sectionIndex = sectionIndexIn(content, sectionKey);
  return { sectionIndex, questionIndex: (content.sections[sectionIndex]?.questions.length ?? 0) - 1 };
}

export const showNewQuestion: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  const sectionKey = keyOf(req, 'sectionKey');
  if (!findSection(draft.content, sectionKey)) throw new NotFoundError();
  renderQuestion(req, res, draft, { sectionKey }, questionValues(undefined, sectionKey));
};

export const showQuestion: RequestHandler = async (req, res) => {
  const draft = await draftFor(req);
  const location = findQuestion(draft.content, keyOf(req, 'questionKey'));
  if (!location) throw new NotFoundError();
  const { question, section } = location;
  renderQuestion(req, res, draft, { questionKey: question.key }, questionValues(question, section.key));
};

/** Saves the question form: a new question in `sectionKey`, or the question `questionKey`. */
async function saveQuestionForm(
  req: Request,
  res: Response,
  place: { questionKey: string } | { sectionKey: string },
) {
  const draft = await draftFor(req);
  const id = draft._id.toString();
  const isNew = 'sectionKey' in place;
  if (isNew ? !findSection(draft.content, place.sectionKey) : !findQuestion(draft.content, place.questionKey))
    throw new NotFoundError();
  const body = formBody(req);
  let edited: TemplateContent | undefined;
  let form: ReturnType<typeof parseQuestionForm> | undefined;
  await submitForm(
    async () => {
      form = parseQuestionForm(body, isNew);
      const { key, sectionKey, question } = form;
      const questionKey = isNew ? key : place.questionKey;
      await editDraft(contextOf(req), id, `question.${isNew ? 'add' : 'edit'} ${questionKey}`, (content) => {
        edited = isNew
          ? addQuestion(content, sectionKey, { ...question, key })
          : updateQuestion(content, questionKey, question, sectionKey);
        return edited;
      });
      req.flash('success', isNew ? 'templates.questionAdded' : 'templates.saved');
      res.redirect(303, pageOf(id, `question-${questionKey}`));
    },
    (error) => {
      const key = isNew ? (form?.key ?? '') : place.questionKey;
      const path = questionPath(edited, key, form?.sectionKey ?? '', isNew);
      const values = isNew ? body : { ...body, key };
      renderQuestion(
        req,
        res,
        draft,
        place,
        values,
        placeQuestionProblems(error, path, form?.optionRows ?? []),
      );
    },
  );
}

export const createQuestion: RequestHandler = (req, res) =>
  saveQuestionForm(req, res, { sectionKey: keyOf(req, 'sectionKey') });

export const saveQuestion: RequestHandler = (req, res) =>
  saveQuestionForm(req, res, { questionKey: keyOf(req, 'questionKey') });

export const moveQuestionAction: RequestHandler = async (req, res) => {
  const id = templateIdOf(req);
  const questionKey = keyOf(req, 'questionKey');
  const { direction } = parseInput(moveSchema, formBody(req));
  await oneClick(req, res, pageOf(id, `question-${questionKey}`), () =>
    editDraft(contextOf(req), id, `question.move ${questionKey} ${direction}`, (content) =>
      moveQuestion(content, questionKey, direction),
    ),
  );
};

export const deleteQuestionAction: RequestHandler = async (req, res) => {
  const id = templateIdOf(req);
  const questionKey = keyOf(req, 'questionKey');
  await oneClick(req, res, pageOf(id), async () => {
    await editDraft(contextOf(req), id, `question.delete ${questionKey}`, (content) =>
      deleteQuestion(content, questionKey),
    );
    req.flash('success', 'templates.questionDeleted', { key: questionKey });
  });
};
