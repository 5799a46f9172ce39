export type {
  Bilingual,
  QuestionType,
  TemplateContent,
  TemplateQuestion,
  TemplateSection,
} from './template.types';
export { QUESTION_TYPES } from './template.types';
export type { TemplateRecord } from './template.model';
export {
  findTemplateVersion,
  listTemplates,
  questionsOf,
  resetTemplateCache,
  seedTemplate,
  sendableTemplates,
} from './template.service';
