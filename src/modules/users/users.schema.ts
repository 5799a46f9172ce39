import { z } from 'zod';
import { LOCALES } from '../../lib/i18n';
import { emailAddress, objectIdString, optionalText, requiredText } from '../../lib/validation';
import { ROLES } from './roles';

const blankToUndefined = (value: unknown) => (value === '' ? undefined : value);

export const userFilterSchema = z.object({
  q: optionalText(100),
  role: z.preprocess(blankToUndefined, z.enum(ROLES).optional()),
  state: z.preprocess(blankToUndefined, z.enum(['active', 'pending', 'locked', 'disabled']).optional()),
});

const userFields = {
  name: requiredText(120),
  role: z.enum(ROLES),
  supplierId: z.preprocess(blankToUndefined, objectIdString().optional()),
  locale: z.preprocess(blankToUndefined, z.enum(LOCALES).optional()),
};

export const newUserSchema = z.object({ ...userFields, email: emailAddress() });
export const userChangesSchema = z.object(userFields);
