const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The same time of day `months` calendar months later (UTC). A day that does not exist in the
 * target month is clamped to its last day: 31 January + 1 month is 28 (or 29) February.
 */
export function addMonths(date: Date, months: number): Date {
  const result = new Date(date.getTime());
  const day = result.getUTCDate();
  result.setUTCDate(1);
  result.setUTCMonth(result.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(result.getUTCFullYear(), result.getUTCMonth() + 1, 0)).getUTCDate();
  result.setUTCDate(Math.min(day, lastDay));
  return result;
}

/** `days` days later (negative for earlier). */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from `from` to `to`, rounded down (negative when `to` is earlier). */
export function daysBetween(from: Date, to: Date): number {
  return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** Parses a YYYY-MM-DD form value as midnight UTC; undefined for anything else. */
export function parseDay(value: string | undefined): Date | undefined {
  if (!value || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value ? undefined : date;
}

/** A date as YYYY-MM-DD (UTC), for form fields and CSV files. */
export function formatDay(date: Date | undefined | null): string {
  return date ? date.toISOString().slice(0, 10) : '';
}

// One formatter per zone: building an Intl.DateTimeFormat costs far more than using one.
const zoneParts = new Map<string, Intl.DateTimeFormat>();

function partsIn(
  instant: Date,
  timeZone: string,
): { year: number; month: number; day: number; hour: number } {
  let format = zoneParts.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      hourCycle: 'h23',
    });
    zoneParts.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
  };
}

/**
 * The calendar day an instant falls on in a time zone, as that day's midnight UTC (the form in
 * which Vetted stores calendar days, e.g. due dates). 23:30 UTC on 31 January is 1 February in
 * Shanghai.
 */
export function dayIn(instant: Date, timeZone: string): Date {
  const { year, month, day } = partsIn(instant, timeZone);
  return new Date(Date.UTC(year, month - 1, day));
}

/** The hour of the day (0–23) an instant falls on in a time zone. */
export function hourIn(instant: Date, timeZone: string): number {
  return partsIn(instant, timeZone).hour;
}

/** The first day of the month a calendar day is in. */
export function monthStart(day: Date): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
}
