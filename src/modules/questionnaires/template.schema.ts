import { z } from 'zod';
import {
  EVIDENCE_RULES,
  QUESTION_TYPES,
  type TemplateContent,
  type TemplateQuestion,
} from './template.types';

const CHOICE_TYPES = new Set(['single_choice', 'multi_choice']);
const YES_NO_VALUES = ['yes', 'partial', 'no', 'na'];

const bilingual = (max: number) =>
  z.object({ en: z.string().trim().min(1).max(max), zh: z.string().trim().min(1).max(max) });
const optionalBilingual = (max: number) =>
  z.object({ en: z.string().trim().max(max), zh: z.string().trim().max(max) }).optional();

const questionSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'templates.errors.questionKey'),
  type: z.enum(QUESTION_TYPES),
  text: bilingual(2000),
  help: optionalBilingual(4000),
  options: z
    .array(
      z.object({
        value: z.string().regex(/^[a-z0-9_]{1,40}$/, 'templates.errors.optionValue'),
        label: bilingual(300),
        score: z.number().min(0).max(1).optional(),
      }),
    )
    .max(30)
    .optional(),
  weight: z.number().int().min(0).max(5),
  required: z.boolean(),
  evidence: z.enum(EVIDENCE_RULES),
  showIf: z.object({ question: z.string().min(1), anyOf: z.array(z.string().min(1)).min(1) }).optional(),
  controls: z.object({
    ccm: z.array(z.string().max(20)).max(20),
    iso27001: z.array(z.string().max(20)).max(20),
    pipl: z.array(z.string().max(20)).max(20),
    other: z.array(z.string().max(60)).max(20).optional(),
  }),
});

export const templateContentSchema = z
  .object({
    name: bilingual(200),
    description: z.object({ en: z.string().max(4000), zh: z.string().max(4000) }),
    sections: z
      .array(
        z.object({
          key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'templates.errors.sectionKey'),
          title: bilingual(200),
          description: optionalBilingual(2000),
          questions: z.array(questionSchema).max(200),
        }),
      )
      .max(50),
  })
  .superRefine((content, context) => {
    const sectionKeys = new Set<string>();
    const seen = new Map<string, TemplateQuestion>();
    content.sections.forEach((section, sectionIndex) => {
      if (sectionKeys.has(section.key)) {
        context.addIssue({
          code: 'custom',
          path: ['sections', sectionIndex, 'key'],
          message: 'templates.errors.duplicateKey',
          params: { key: section.key },
        });
      }
      sectionKeys.add(section.key);
      section.questions.forEach((question, questionIndex) => {
        const path = ['sections', sectionIndex, 'questions', questionIndex];
        if (seen.has(question.key)) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'key'],
            message: 'templates.errors.duplicateKey',
            params: { key: question.key },
          });
        }
        const isChoice = CHOICE_TYPES.has(question.type);
        if (isChoice && (question.options?.length ?? 0) < 2) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'options'],
            message: 'templates.errors.optionsNeeded',
          });
        }
        if (!isChoice && (question.options?.length ?? 0) > 0) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'options'],
            message: 'templates.errors.optionsNotAllowed',
          });
        }
        const values = new Set(question.options?.map((option) => option.value));
        if (values.size !== (question.options?.length ?? 0)) {
          context.addIssue({
            code: 'custom',
            path: [...path, 'options'],
            message: 'templates.errors.duplicateOption',
          });
        }
        if (question.showIf) {
          const target = seen.get(question.showIf.question);
          const valid =
            target?.type === 'yes_no'
              ? YES_NO_VALUES
              : target && CHOICE_TYPES.has(target.type)
                ? (target.options ?? []).map((option) => option.value)
                : undefined;
          if (!valid) {
            context.addIssue({
              code: 'custom',
              path: [...path, 'showIf'],
              message: 'templates.errors.showIfTarget',
              params: { key: question.showIf.question },
            });
          } else if (question.showIf.anyOf.some((value) => !valid.includes(value))) {
            context.addIssue({
              code: 'custom',
              path: [...path, 'showIf'],
              message: 'templates.errors.showIfValue',
            });
          }
        }
        seen.set(question.key, question);
      });
    });
  });

export interface TemplateProblem {
  /** Where, e.g. "sections[2].questions[4].key". */
  path: string;
  key: string;
  params: Record<string, string | number>;
}

/** Checks a template's content; returns it typed, or every problem with where it is. */
export function checkTemplateContent(
  input: unknown,
): { ok: true; content: TemplateContent } | { ok: false; problems: TemplateProblem[] } {
  const result = templateContentSchema.safeParse(input);
  if (result.success) return { ok: true, content: result.data };
  return {
    ok: false,
    problems: result.error.issues.map((issue) => ({
      path: issue.path
        .map((part, index) =>
          typeof part === 'number' ? `[${part}]` : `${index > 0 ? '.' : ''}${String(part)}`,
        )
        .join(''),
      key:
        issue.message.startsWith('templates.') || issue.message.startsWith('validation.')
          ? issue.message
          : 'templates.errors.invalid',
      params: {
        ...((issue as { params?: Record<string, string | number> }).params ?? {}),
        detail: issue.message,
      },
    })),
  };
}
