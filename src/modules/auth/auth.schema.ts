import { z } from 'zod';
import { LOCALES } from '../../lib/i18n';

export const signInSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(1024),
});

/** A second-factor code: six digits from an app, or a recovery code (spaces allowed). */
export const secondFactorSchema = z.object({
  code: z.string().trim().min(1).max(64),
});

export const setPasswordSchema = z
  .object({
    password: z.string().min(1).max(1024),
    confirmPassword: z.string().max(1024),
  })
  .refine((form) => form.password === form.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordsDiffer',
  });

export const tokenParam = z.object({ token: z.string().regex(/^[\w-]{20,100}$/) });

export const languageSchema = z.object({
  locale: z.enum(LOCALES),
  returnTo: z.string().max(2000).optional(),
});
