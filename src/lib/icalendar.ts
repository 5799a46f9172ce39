/** One all-day entry in a subscribed calendar (for example a review that is due). */
export interface CalendarEvent {
  /** Stable unique id, e.g. "review-<id>@vetted" — the same item must keep the same uid across feeds. */
  uid: string;
  /** The calendar day (a Date at midnight UTC of that day, as the app stores calendar days). */
  day: Date;
  summary: string;
  description?: string;
  /** Absolute link back to the item in the portal. */
  url?: string;
  /** When the item last changed (DTSTAMP / LAST-MODIFIED); defaults to generatedAt. */
  updatedAt?: Date;
}

/** A whole subscription feed: what Outlook and Google Calendar fetch and show under `name`. */
export interface CalendarFeed {
  name: string;
  generatedAt: Date;
  events: CalendarEvent[];
}

const CRLF = '\r\n';
/** RFC 5545 3.1: longer content lines must be folded, counted in octets, not characters. */
const MAX_LINE_OCTETS = 75;

/** TEXT value (RFC 5545 3.3.11); a raw line break would otherwise start a new, forged property. */
function escapeText(value: string): string {
  return stripControls(
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n'),
  );
}

/** Controls are not allowed in content lines; HTAB is (RFC 5545 3.1, CONTROL excludes it). */
function stripControls(value: string): string {
  return value.replace(/\p{Cc}/gu, (char) => (char === '\t' ? char : ''));
}

/** DATE form (YYYYMMDD) of a calendar day; days are kept as midnight UTC, so UTC fields are the day. */
function formatDate(date: Date): string {
  return date.toISOString().slice(0, 10).replace(/-/g, '');
}

/** UTC DATE-TIME form (YYYYMMDDTHHMMSSZ); UTC so that no VTIMEZONE is needed. */
function formatDateTime(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

/** DTEND of an all-day event is exclusive, so it is the following day. */
function nextDay(day: Date): Date {
  return new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1));
}

/** Folds by whole code points so that no UTF-8 sequence (Chinese text is common) is cut in two. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    if (octets + size > MAX_LINE_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

function eventLines(event: CalendarEvent, generatedAt: Date): string[] {
  const lines = [
    'BEGIN:VEVENT',
    `UID:${escapeText(event.uid)}`,
    `DTSTAMP:${formatDateTime(event.updatedAt ?? generatedAt)}`,
    `DTSTART;VALUE=DATE:${formatDate(event.day)}`,
    `DTEND;VALUE=DATE:${formatDate(nextDay(event.day))}`,
    `SUMMARY:${escapeText(event.summary)}`,
  ];
  if (event.description !== undefined) lines.push(`DESCRIPTION:${escapeText(event.description)}`);
  // A URI is not TEXT: escaping its commas would break the link, but line breaks must still go.
  if (event.url !== undefined) lines.push(`URL:${stripControls(event.url)}`);
  if (event.updatedAt !== undefined) lines.push(`LAST-MODIFIED:${formatDateTime(event.updatedAt)}`);
  lines.push('TRANSP:TRANSPARENT', 'END:VEVENT');
  return lines;
}

/**
 * Renders the feed as text/calendar content. Events are free time (TRANSPARENT) so that due
 * dates never block anyone's availability, and clients are asked to refresh hourly.
 */
export function renderCalendar(feed: CalendarFeed): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Vetted//Review schedule//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(feed.name)}`,
    'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
    'X-PUBLISHED-TTL:PT1H',
    ...feed.events.flatMap((event) => eventLines(event, feed.generatedAt)),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join(CRLF) + CRLF;
}
