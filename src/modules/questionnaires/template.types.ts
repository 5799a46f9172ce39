/**
 * The shape of a questionnaire template: what the default template in seed/questionnaire
 * is written in, what JSON import/export carries, and what a stored template version holds.
 */

/** Text in both of the portal's languages. */
export interface Bilingual {
  en: string;
  zh: string;
}

/**
 * Kinds of question.
 * - yes_no: answered yes / partial / no / not applicable (n.a. is excluded from scoring)
 * - single_choice / multi_choice: from `options`
 * - short_text / long_text / number / date: free answers (not scored unless weight > 0 and reviewed)
 * - file: evidence upload only
 */
export const QUESTION_TYPES = [
  'yes_no',
  'single_choice',
  'multi_choice',
  'short_text',
  'long_text',
  'number',
  'date',
  'file',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

export const EVIDENCE_RULES = ['none', 'optional', 'required'] as const;
export type EvidenceRule = (typeof EVIDENCE_RULES)[number];

export interface ChoiceOption {
  /** Stable value stored in answers: lower-case letters, digits and underscores. */
  value: string;
  label: Bilingual;
  /** Share of the question's weight this option earns, 0 to 1 (choice questions only). */
  score?: number;
}

/** Show a question only when another question of the same template has one of these answers. */
export interface ShowIf {
  question: string;
  /** Answer values that make the question appear (e.g. ["yes", "partial"]). */
  anyOf: string[];
}

/** Controls a question gives evidence for. Codes as the frameworks write them. */
export interface ControlMappings {
  /** CSA Cloud Controls Matrix v4, e.g. "IAM-05". */
  ccm: string[];
  /** ISO/IEC 27001:2022 Annex A, e.g. "A.5.15". */
  iso27001: string[];
  /** China's Personal Information Protection Law articles, e.g. "PIPL 51". */
  pipl: string[];
  /** Other references where apt, e.g. "CSL 21", "MVSP 1.5", "OWASP ASVS V2". */
  other?: string[];
}

export interface TemplateQuestion {
  /** Unique within the template; lower-case letters, digits and underscores, e.g. "iam_03". */
  key: string;
  type: QuestionType;
  text: Bilingual;
  help?: Bilingual;
  options?: ChoiceOption[];
  /** Relative importance in scoring, 0 (not scored) to 5. */
  weight: number;
  required: boolean;
  evidence: EvidenceRule;
  showIf?: ShowIf;
  controls: ControlMappings;
}

export interface TemplateSection {
  /** Unique within the template, e.g. "access_control". */
  key: string;
  title: Bilingual;
  description?: Bilingual;
  questions: TemplateQuestion[];
}

/** The content of one template version. */
export interface TemplateContent {
  name: Bilingual;
  description: Bilingual;
  sections: TemplateSection[];
}
