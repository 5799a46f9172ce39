import { expect } from 'chai';
import { renderCalendar, type CalendarEvent, type CalendarFeed } from '../../src/lib/icalendar';

const GENERATED_AT = new Date('2026-03-05T14:07:09.123Z');

function day(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

function event(overrides: Partial<CalendarEvent> = {}): CalendarEvent {
  return { uid: 'review-1@vetted', day: day('2026-04-15'), summary: 'Annual review', ...overrides };
}

function render(events: CalendarEvent[], overrides: Partial<CalendarFeed> = {}): string {
  return renderCalendar({ name: 'Vetted reviews', generatedAt: GENERATED_AT, events, ...overrides });
}

/** Undoes folding (RFC 5545 3.1) and splits into logical content lines. */
function contentLines(text: string): string[] {
  return text.replace(/\r\n /g, '').split('\r\n').slice(0, -1);
}

/** The value of each occurrence of `name` (with any parameters) among the logical lines. */
function values(text: string, name: string): string[] {
  return contentLines(text)
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    .map((line) => line.slice(line.indexOf(':') + 1));
}

function physicalLines(text: string): string[] {
  return text.split('\r\n').slice(0, -1);
}

describe('icalendar: renderCalendar', () => {
  describe('structure', () => {
    it('a feed with one event → VCALENDAR header properties in order, one VEVENT, trailing CRLF', () => {
      const text = render([event({ description: 'Check the DPA', url: 'https://vetted.example/r/1' })]);
      expect(contentLines(text)).to.deep.equal([
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Vetted//Review schedule//EN',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Vetted reviews',
        'REFRESH-INTERVAL;VALUE=DURATION:PT1H',
        'X-PUBLISHED-TTL:PT1H',
        'BEGIN:VEVENT',
        'UID:review-1@vetted',
        'DTSTAMP:20260305T140709Z',
        'DTSTART;VALUE=DATE:20260415',
        'DTEND;VALUE=DATE:20260416',
        'SUMMARY:Annual review',
        'DESCRIPTION:Check the DPA',
        'URL:https://vetted.example/r/1',
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      expect(text.endsWith('END:VCALENDAR\r\n')).to.equal(true);
    });

    it('any output → every line break is CRLF (no bare LF or CR)', () => {
      const text = render([event({ summary: 'a\nb', description: 'c\rd\r\ne' })]);
      expect(text.replace(/\r\n/g, '')).not.to.match(/[\r\n]/);
    });

    it('an empty feed → a valid calendar without VEVENT', () => {
      const text = render([]);
      expect(text).to.include('BEGIN:VCALENDAR\r\n').and.include('END:VCALENDAR\r\n');
      expect(text).not.to.include('VEVENT');
    });

    it('several events → one VEVENT each, in the given order, with their own UID', () => {
      const text = render([event({ uid: 'review-1@vetted' }), event({ uid: 'review-2@vetted' })]);
      expect(values(text, 'BEGIN')).to.deep.equal(['VCALENDAR', 'VEVENT', 'VEVENT']);
      expect(values(text, 'UID')).to.deep.equal(['review-1@vetted', 'review-2@vetted']);
    });

    it('an event without description or url → no DESCRIPTION, URL or LAST-MODIFIED line', () => {
      const text = render([event()]);
      expect(values(text, 'DESCRIPTION')).to.deep.equal([]);
      expect(values(text, 'URL')).to.deep.equal([]);
      expect(values(text, 'LAST-MODIFIED')).to.deep.equal([]);
    });
  });

  describe('all-day dates', () => {
    const cases: [string, string, string][] = [
      ['2026-04-15', '20260415', '20260416'],
      ['2026-01-31', '20260131', '20260201'],
      ['2026-04-30', '20260430', '20260501'],
      ['2028-02-28', '20280228', '20280229'],
      ['2028-02-29', '20280229', '20280301'],
      ['2027-02-28', '20270228', '20270301'],
      ['2026-12-31', '20261231', '20270101'],
    ];
    for (const [input, start, end] of cases) {
      it(`day ${input} → DTSTART ${start}, DTEND ${end} (exclusive next day)`, () => {
        const text = render([event({ day: day(input) })]);
        expect(values(text, 'DTSTART;VALUE=DATE')).to.deep.equal([start]);
        expect(values(text, 'DTEND;VALUE=DATE')).to.deep.equal([end]);
      });
    }
  });

  describe('escaping', () => {
    it('semicolon, comma, backslash and newlines in SUMMARY → \\; \\, \\\\ and \\n', () => {
      const text = render([event({ summary: 'a;b,c\\d\ne\r\nf\rg' })]);
      expect(values(text, 'SUMMARY')).to.deep.equal(['a\\;b\\,c\\\\d\\ne\\nf\\ng']);
    });

    it('DESCRIPTION, UID and calendar name → escaped the same way as SUMMARY', () => {
      const text = render([event({ uid: 'x,y@vetted', description: 'line 1\nline 2; done' })], {
        name: 'Reviews, Acme',
      });
      expect(values(text, 'DESCRIPTION')).to.deep.equal(['line 1\\nline 2\\; done']);
      expect(values(text, 'UID')).to.deep.equal(['x\\,y@vetted']);
      expect(values(text, 'X-WR-CALNAME')).to.deep.equal(['Reviews\\, Acme']);
    });

    it('other control characters → stripped, tab kept', () => {
      const text = render([event({ summary: 'a\u0000b\u0007c\u001bd\u007fe\tf' })]);
      expect(values(text, 'SUMMARY')).to.deep.equal(['abcde\tf']);
    });

    it('a summary with CRLF and a property → no forged property line', () => {
      const text = render([event({ summary: 'x\r\nATTENDEE:mailto:evil@example.com' })]);
      expect(values(text, 'ATTENDEE')).to.deep.equal([]);
    });

    it('URL → commas and semicolons kept as is, line breaks stripped', () => {
      const text = render([event({ url: 'https://vetted.example/r?a=1,2;b\r\nX-EVIL:1' })]);
      expect(values(text, 'URL')).to.deep.equal(['https://vetted.example/r?a=1,2;bX-EVIL:1']);
      expect(values(text, 'X-EVIL')).to.deep.equal([]);
    });
  });

  describe('folding', () => {
    const chinese = '供应商年度安全评估：数据处理协议, 个人信息出境; 访问控制与加密措施复核。'.repeat(4);

    it('a long Chinese summary → no physical line exceeds 75 octets', () => {
      const text = render([event({ summary: chinese })]);
      for (const line of physicalLines(text)) {
        expect(Buffer.byteLength(line, 'utf8'), line).to.be.at.most(75);
      }
      expect(physicalLines(text).filter((line) => line.startsWith(' '))).to.have.length.above(2);
    });

    it('a long Chinese summary → unfolding gives back the exact escaped text', () => {
      const text = render([event({ summary: chinese })]);
      expect(values(text, 'SUMMARY')).to.deep.equal([chinese.replace(/;/g, '\\;').replace(/,/g, '\\,')]);
    });

    it('a long Chinese summary → no character is split across lines (every line decodes as strict UTF-8)', () => {
      const text = render([event({ summary: chinese })]);
      const decoder = new TextDecoder('utf-8', { fatal: true });
      for (const line of physicalLines(text)) {
        expect(decoder.decode(Buffer.from(line, 'utf8'))).to.equal(line);
        expect(line).not.to.include('\ufffd');
      }
    });

    it('emoji (4-octet characters, surrogate pairs) → never split, unfolds exactly', () => {
      const summary = 'Review 🔒📄✅ '.repeat(12);
      const text = render([event({ summary })]);
      for (const line of physicalLines(text)) {
        expect(Buffer.byteLength(line, 'utf8')).to.be.at.most(75);
        expect(line).not.to.match(/[\ud800-\udbff]$|^ ?[\udc00-\udfff]/);
      }
      expect(values(text, 'SUMMARY')).to.deep.equal([summary]);
    });

    it('a line of exactly 75 octets → not folded; 76 octets → folded with CRLF + one space', () => {
      const exact = 'a'.repeat(75 - 'SUMMARY:'.length);
      expect(render([event({ summary: exact })])).to.include(`\r\nSUMMARY:${exact}\r\n`);
      const longer = render([event({ summary: `${exact}b` })]);
      expect(longer).to.include(`\r\nSUMMARY:${exact}\r\n b\r\n`);
    });
  });

  describe('DTSTAMP', () => {
    it('an event without updatedAt → DTSTAMP is generatedAt in UTC YYYYMMDDTHHMMSSZ form', () => {
      const text = render([event()]);
      expect(values(text, 'DTSTAMP')).to.deep.equal(['20260305T140709Z']);
    });

    it('an event with updatedAt → DTSTAMP and LAST-MODIFIED are updatedAt, milliseconds dropped', () => {
      const text = render([event({ updatedAt: new Date('2025-11-02T03:04:05.999Z') })]);
      expect(values(text, 'DTSTAMP')).to.deep.equal(['20251102T030405Z']);
      expect(values(text, 'LAST-MODIFIED')).to.deep.equal(['20251102T030405Z']);
    });

    it('any event → DTSTAMP matches the UTC DATE-TIME pattern', () => {
      const text = render([event(), event({ updatedAt: new Date('2030-01-01T23:59:59Z') })]);
      for (const stamp of values(text, 'DTSTAMP')) expect(stamp).to.match(/^\d{8}T\d{6}Z$/);
    });
  });
});
