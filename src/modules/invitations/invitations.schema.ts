import { z } from 'zod';
import { LOCALES } from '../../lib/i18n';
import { emailAddress, objectIdString, requiredText } from '../../lib/validation';

export const vendorInvitationSchema = z.object({
  supplierId: objectIdString(),
  name: requiredText(120),
  email: emailAddress(),
  locale: z.preprocess((value) => (value === '' ? undefined : value), z.enum(LOCALES).optional()),
});

export const invitationFilterSchema = z.object({
  state: z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.enum(['pending', 'expired', 'used', 'revoked']).optional(),
  ),
});

export const newInvitationQuery = z.object({
  supplierId: z.preprocess((value) => (value === '' ? undefined : value), objectIdString().optional()),
});
