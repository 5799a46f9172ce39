import { z } from 'zod';
import { asLocale, type Locale } from '../../lib/i18n';

/** ?lang=en|zh-CN picks the edition; anything else means the reader's own language. */
export function reportLocale(query: unknown, fallback: Locale): Locale {
  const lang =
    typeof query === 'object' && query !== null ? (query as Record<string, unknown>).lang : undefined;
  return asLocale(lang) ?? fallback;
}

/** What the verify form accepts as text: a SHA-256 (spaces and case do not matter) or a document id. */
export const verifyTextSchema = z.object({
  reference: z
    .string()
    .trim()
    .max(200)
    .transform((value) => value.replace(/\s+/g, ''))
    .optional(),
});

export type VerifyReference = { sha256: string } | { documentId: string } | undefined;

/** Reads the pasted text as a hash or a document id; 'invalid' when it is neither. */
export function parseReference(text: string | undefined): VerifyReference | 'invalid' {
  if (!text) return undefined;
  if (/^[0-9a-f]{64}$/i.test(text)) return { sha256: text.toLowerCase() };
  if (/^DD-[0-9A-F]{4}(-[0-9A-F]{4}){3}$/i.test(text)) return { documentId: text.toUpperCase() };
  return 'invalid';
}
