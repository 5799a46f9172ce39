import type { Locale } from './i18n';

/** Formats a date (and time) for display in the user's language. */
export function formatDateTime(
  value: Date | string | undefined | null,
  locale: Locale,
  timeZone = 'UTC',
): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone }).format(date);
}

/** Formats a calendar date for display in the user's language. */
export function formatDate(
  value: Date | string | undefined | null,
  locale: Locale,
  timeZone = 'UTC',
): string {
  if (!value) return '';
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) return '';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone }).format(date);
}
