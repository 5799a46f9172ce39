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
const zoneFormats = new Map<string, Intl.DateTimeFormat>();
/** A zone's offset from UTC in minutes, per zone and quarter hour: lists work out thousands of dates. */
const offsets = new Map<string, number>();
const QUARTER_HOUR_MS = 15 * 60 * 1000;

function offsetMinutes(instant: Date, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  // Offsets change (daylight saving) only at whole quarter hours of UTC, so one look per
  // quarter hour of time is exact.
  const key = `${timeZone}|${Math.floor(instant.getTime() / QUARTER_HOUR_MS)}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let format = zoneFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      hourCycle: 'h23',
    });
    zoneFormats.set(timeZone, format);
  }
  const parts = Object.fromEntries(
    format.formatToParts(instant).map((part) => [part.type, Number(part.value)]),
  );
  const local = Date.UTC(parts.year ?? 0, (parts.month ?? 1) - 1, parts.day, parts.hour, parts.minute);
  const offset = Math.round((local - Math.floor(instant.getTime() / 60_000) * 60_000) / 60_000);
  if (offsets.size > 100_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/**
 * The wall-clock time of an instant in a time zone, as a Date whose UTC fields read it
 * (`getUTCHours()` is the local hour, `toISOString()` the local date and time).
 */
export function wallClock(instant: Date, timeZone: string): Date {
  return new Date(instant.getTime() + offsetMinutes(instant, timeZone) * 60_000);
}

/**
 * The calendar day an instant falls on in a time zone, as that day's midnight UTC (the form in
 * which Vetted stores calendar days, e.g. due dates). 23:30 UTC on 31 January is 1 February in
 * Shanghai.
 */
export function dayIn(instant: Date, timeZone: string): Date {
  const local = wallClock(instant, timeZone);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()));
}

/** The hour of the day (0–23) an instant falls on in a time zone. */
export function hourIn(instant: Date, timeZone: string): number {
  return wallClock(instant, timeZone).getUTCHours();
}

/** The first day of the month a calendar day is in. */
export function monthStart(day: Date): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), 1));
}
