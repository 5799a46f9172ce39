import type { Locale } from './i18n';

// Building an Intl.DateTimeFormat costs far more than using one; pages format many dates.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime ? 't' : 'd'}`;
  let found = formatters.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(
      locale,
      withTime ? { dateStyle: 'medium', timeStyle: 'short', timeZone } : { dateStyle: 'medium', timeZone },
    );
    formatters.set(key, found);
  }
  return found;
}

function asDate(value: Date | string | undefined | null): Date | undefined {
  if (!value) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Formats a date (and time) for display in the user's language. */
export function formatDateTime(
  value: Date | string | undefined | null,
  locale: Locale,
  timeZone = 'UTC',
): string {
  const date = asDate(value);
  return date ? formatter(locale, timeZone, true).format(date) : '';
}

/** Formats a calendar date for display in the user's language. */
export function formatDate(
  value: Date | string | undefined | null,
  locale: Locale,
  timeZone = 'UTC',
): string {
  const date = asDate(value);
  return date ? formatter(locale, timeZone, false).format(date) : '';
}
