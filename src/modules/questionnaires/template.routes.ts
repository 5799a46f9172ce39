import { Router } from 'express';
import { fileUpload } from '../../lib/files';
import { requireRole } from '../../middleware/auth';
import { returnRefusedUpload } from '../../middleware/upload-refused';
import * as editor from './template-editor.controller';
import * as templates from './template.controller';

/** The largest template JSON file accepted for import. */
const MAX_IMPORT_BYTES = 2 * 1_048_576;

/**
 * Questionnaire templates: staff read them, administrators write them. The services check
 * `templates.read` / `templates.manage` again.
 */
export function createTemplatesRouter(): Router {
  const admin = requireRole('admin');
  // A JSON file is text; one whose first line has a comma looks like CSV to the content check.
  const jsonUpload = fileUpload({ accept: ['text', 'csv'], maxBytes: MAX_IMPORT_BYTES });
  return Router()
    .use(requireRole('admin', 'procurement', 'auditor'))
    .get('/', templates.list)
    .get('/new', admin, templates.showNew)
    .post('/', admin, templates.create)
    .get('/import', admin, templates.showImport)
    .post('/import', admin, jsonUpload, templates.importJson)
    .get('/:id', templates.show)
    .get('/:id/export.json', templates.exportJson)
    .get('/:id/meta', admin, editor.showMeta)
    .post('/:id/meta', admin, editor.saveMeta)
    .get('/:id/sections/new', admin, editor.showNewSection)
    .post('/:id/sections/new', admin, editor.createSection)
    .get('/:id/sections/:sectionKey', admin, editor.showSection)
    .post('/:id/sections/:sectionKey', admin, editor.saveSection)
    .post('/:id/sections/:sectionKey/move', admin, editor.moveSectionAction)
    .post('/:id/sections/:sectionKey/delete', admin, editor.deleteSectionAction)
    .get('/:id/sections/:sectionKey/questions/new', admin, editor.showNewQuestion)
    .post('/:id/sections/:sectionKey/questions/new', admin, editor.createQuestion)
    .get('/:id/questions/:questionKey', admin, editor.showQuestion)
    .post('/:id/questions/:questionKey', admin, editor.saveQuestion)
    .post('/:id/questions/:questionKey/move', admin, editor.moveQuestionAction)
    .post('/:id/questions/:questionKey/delete', admin, editor.deleteQuestionAction)
    .post('/:id/publish', admin, templates.publish)
    .post('/:id/retire', admin, templates.retire)
    .post('/:id/new-version', admin, templates.newVersion)
    .post('/:id/clone', admin, templates.clone)
    .post('/:id/discard', admin, templates.discard)
    .use(returnRefusedUpload((req) => (req.path === '/import' ? '/templates/import' : undefined)));
}
