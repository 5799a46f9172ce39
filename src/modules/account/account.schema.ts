import { z } from 'zod';

export const changePasswordSchema = z
  .object({
    currentPassword: z.string().min(1).max(1024),
    newPassword: z.string().min(1).max(1024),
    confirmPassword: z.string().max(1024),
  })
  .refine((form) => form.newPassword === form.confirmPassword, {
    path: ['confirmPassword'],
    error: 'validation.passwordsDiffer',
  });

/** A six-digit code from the authenticator app. */
export const mfaCodeSchema = z.object({ code: z.string().trim().min(1).max(64) });

export const disableMfaSchema = z.object({
  password: z.string().min(1).max(1024),
  code: z.string().trim().min(1).max(64),
});
