/**
 * What the template pages show, computed from template versions: versions grouped by template,
 * text in the reader's language, and the questions a show-if condition may point at.
 */
import type { Locale } from '../../lib/i18n';
import type { TemplateRecord, TemplateStatus } from './template.model';
import type { Bilingual, TemplateContent, TemplateQuestion } from './template.types';

/** One row of the template list: a version with what a reader needs to pick it. */
export interface VersionRow {
  id: string;
  version: number;
  status: TemplateStatus;
  name: Bilingual;
  questionCount: number;
  sectionCount: number;
  publishedAt: Date | undefined;
  updatedAt: Date | undefined;
}

/** One template (a family of versions), newest version first. */
export interface TemplateFamily {
  familyId: string;
  name: Bilingual;
  versions: VersionRow[];
}

/** The number of questions in a template version. */
export function questionCount(content: TemplateContent): number {
  return content.sections.reduce((sum, section) => sum + section.questions.length, 0);
}

/** Versions grouped by template, in the order given (listTemplates sorts them). */
export function groupFamilies(templates: TemplateRecord[]): TemplateFamily[] {
  const families = new Map<string, TemplateFamily>();
  for (const template of templates) {
    const family = families.get(template.familyId) ?? {
      familyId: template.familyId,
      name: template.content.name,
      versions: [],
    };
    family.versions.push({
      id: template._id.toString(),
      version: template.version,
      status: template.status,
      name: template.content.name,
      questionCount: questionCount(template.content),
      sectionCount: template.content.sections.length,
      publishedAt: template.publishedAt,
      updatedAt: template.updatedAt,
    });
    families.set(template.familyId, family);
  }
  for (const family of families.values()) {
    family.versions.sort((a, b) => b.version - a.version);
    // The template is known by its newest version's name.
    family.name = family.versions[0]?.name ?? family.name;
  }
  return [...families.values()];
}

/** Text helpers for views: the reader's language first, the other language beside it. */
export function textHelpers(locale: Locale) {
  const own = locale === 'zh-CN' ? 'zh' : 'en';
  const other = own === 'zh' ? 'en' : 'zh';
  return {
    /** The text in the reader's language (the other language when that one is empty). */
    local: (text: Bilingual | undefined): string => (text ? text[own] || text[other] : ''),
    /** The text in the other language. */
    other: (text: Bilingual | undefined): string => (text ? text[other] : ''),
    otherLang: other === 'zh' ? 'zh-CN' : 'en',
  };
}

/** The answer values a question offers to show-if conditions (none for free-text questions). */
export function answerValues(question: TemplateQuestion): string[] {
  if (question.type === 'yes_no') return ['yes', 'partial', 'no', 'na'];
  if (question.type === 'single_choice' || question.type === 'multi_choice')
    return (question.options ?? []).map((option) => option.value);
  return [];
}

/** A question another question's show-if condition may depend on. */
export interface ShowIfCandidate {
  key: string;
  text: Bilingual;
  values: string[];
}

/**
 * The questions before `questionKey` (or, for a new question, before the end of `sectionKey`)
 * whose answers have fixed values: the ones a show-if condition can name.
 */
export function showIfCandidates(
  content: TemplateContent,
  place: { questionKey: string } | { sectionKey: string },
): ShowIfCandidate[] {
  const candidates: ShowIfCandidate[] = [];
  for (const section of content.sections) {
    for (const question of section.questions) {
      if ('questionKey' in place && question.key === place.questionKey) return candidates;
      const values = answerValues(question);
      if (values.length > 0) candidates.push({ key: question.key, text: question.text, values });
    }
    if ('sectionKey' in place && section.key === place.sectionKey) return candidates;
  }
  return candidates;
}
