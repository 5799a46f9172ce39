import { expect } from 'chai';
import { checkValue, valueText } from '../../src/modules/assessments/answer-values';
import { resetDatabase } from '../helpers/environment';
import { question, autosave, saved, sentAssessment, storedAnswer, type Scenario } from './flow-support';

const yesNo = question({ key: 'mfa' });
const single = question({
  key: 'cadence',
  type: 'single_choice',
  options: [
    { value: 'monthly', label: { en: 'Monthly', zh: '每月' } },
    { value: 'yearly', label: { en: 'Yearly', zh: '每年' } },
  ],
});
const multi = question({
  key: 'tools',
  type: 'multi_choice',
  options: [
    { value: 'siem', label: { en: 'SIEM', zh: 'SIEM' } },
    { value: 'ids', label: { en: 'IDS', zh: 'IDS' } },
    { value: 'edr', label: { en: 'EDR', zh: 'EDR' } },
  ],
});
const shortText = question({ key: 'contact', type: 'short_text' });
const longText = question({ key: 'story', type: 'long_text' });
const number = question({ key: 'staff', type: 'number' });
const date = question({ key: 'pentest', type: 'date' });
const file = question({ key: 'policy', type: 'file' });

describe('assessments: answer values (unit)', () => {
  it('blank input (undefined, null, "", []) → "no answer" (null) for every kind of question', () => {
    for (const kind of [yesNo, single, multi, shortText, longText, number, date, file]) {
      for (const blank of [undefined, null, '', []]) {
        expect(checkValue(kind, blank), `${kind.type} ${JSON.stringify(blank)}`).to.deep.equal({
          ok: true,
          value: null,
        });
      }
    }
  });

  it('yes/no: yes, partial, no, na are kept; anything else → validation.invalidChoice', () => {
    for (const value of ['yes', 'partial', 'no', 'na']) {
      expect(checkValue(yesNo, value)).to.deep.equal({ ok: true, value });
    }
    for (const value of ['YES', 'maybe', 1, true, ['yes']]) {
      expect(checkValue(yesNo, value), JSON.stringify(value)).to.deep.equal({
        ok: false,
        key: 'validation.invalidChoice',
      });
    }
  });

  it('single choice: one of the options; another value or a list → validation.invalidChoice', () => {
    expect(checkValue(single, 'yearly')).to.deep.equal({ ok: true, value: 'yearly' });
    for (const value of ['weekly', ['monthly'], 3]) {
      expect(checkValue(single, value), JSON.stringify(value)).to.deep.equal({
        ok: false,
        key: 'validation.invalidChoice',
      });
    }
  });

  it("multiple choice: stored once each in the template's order; one value alone is a list of one; an unknown value → validation.invalidChoice", () => {
    expect(checkValue(multi, ['edr', 'siem', 'edr'])).to.deep.equal({ ok: true, value: ['siem', 'edr'] });
    expect(checkValue(multi, 'ids')).to.deep.equal({ ok: true, value: ['ids'] });
    expect(checkValue(multi, ['siem', 'firewall'])).to.deep.equal({
      ok: false,
      key: 'validation.invalidChoice',
    });
  });

  it('short text: up to 500 characters (CRLF counted as one); 501 → validation.tooLong; only spaces → no answer; not text → validation.invalid', () => {
    expect(checkValue(shortText, 'Wang Fang')).to.deep.equal({ ok: true, value: 'Wang Fang' });
    expect(checkValue(shortText, 'x'.repeat(500))).to.deep.equal({ ok: true, value: 'x'.repeat(500) });
    expect(checkValue(shortText, 'line\r\n'.repeat(100))).to.deep.equal({
      ok: true,
      value: 'line\n'.repeat(100),
    });
    expect(checkValue(shortText, 'x'.repeat(501))).to.deep.equal({
      ok: false,
      key: 'validation.tooLong',
      params: { max: 500 },
    });
    expect(checkValue(shortText, '   ')).to.deep.equal({ ok: true, value: null });
    expect(checkValue(shortText, 42)).to.deep.equal({ ok: false, key: 'validation.invalid' });
  });

  it('long text: up to 10,000 characters; 10,001 → validation.tooLong', () => {
    expect(checkValue(longText, 'y'.repeat(10_000))).to.deep.equal({ ok: true, value: 'y'.repeat(10_000) });
    expect(checkValue(longText, 'y'.repeat(10_001))).to.deep.equal({
      ok: false,
      key: 'validation.tooLong',
      params: { max: 10_000 },
    });
  });

  it('number: numbers and numeric text (thousands separators, spaces, signs); words, Infinity or ≥ 1e12 → assessments.errors.number', () => {
    expect(checkValue(number, 12)).to.deep.equal({ ok: true, value: 12 });
    expect(checkValue(number, '1,250')).to.deep.equal({ ok: true, value: 1250 });
    expect(checkValue(number, ' 3.5 ')).to.deep.equal({ ok: true, value: 3.5 });
    expect(checkValue(number, '-2')).to.deep.equal({ ok: true, value: -2 });
    expect(checkValue(number, 0)).to.deep.equal({ ok: true, value: 0 });
    for (const value of ['twelve', '12 people', Infinity, 1e12, '1e13', true]) {
      expect(checkValue(number, value), String(value)).to.deep.equal({
        ok: false,
        key: 'assessments.errors.number',
      });
    }
  });

  it('only spaces → no answer for every kind (a number question: not 0)', () => {
    for (const kind of [yesNo, single, multi, shortText, longText, number, date]) {
      expect(checkValue(kind, ' \r\n '), kind.type).to.deep.equal({ ok: true, value: null });
    }
  });

  it('date: a real YYYY-MM-DD day (spaces trimmed); another format or an impossible day → validation.date', () => {
    expect(checkValue(date, '2026-01-15')).to.deep.equal({ ok: true, value: '2026-01-15' });
    expect(checkValue(date, ' 2026-01-15 ')).to.deep.equal({ ok: true, value: '2026-01-15' });
    for (const value of ['2026-02-30', '15/01/2026', 'next week', 20260115]) {
      expect(checkValue(date, value), String(value)).to.deep.equal({ ok: false, key: 'validation.date' });
    }
  });

  it('file: a value sent for a file question is ignored (files come by upload only)', () => {
    expect(checkValue(file, 'policy.pdf')).to.deep.equal({ ok: true, value: null });
  });

  it('valueText: a value as one line of text', () => {
    expect(valueText(['siem', 'ids'])).to.equal('siem, ids');
    expect(valueText(0)).to.equal('0');
    expect(valueText(null)).to.equal('');
    expect(valueText(undefined)).to.equal('');
  });
});

describe('assessments: answer values through autosave', () => {
  let scenario: Scenario;

  beforeEach(async () => {
    await resetDatabase();
    scenario = await sentAssessment();
  });

  const refusals: { key: string; value: unknown; message: string }[] = [
    { key: 'acc_mfa', value: 'maybe', message: 'Choose one of the options.' },
    { key: 'acc_review', value: 'weekly', message: 'Choose one of the options.' },
    { key: 'ops_tools', value: ['siem', 'firewall'], message: 'Choose one of the options.' },
    { key: 'ops_staff', value: 'a dozen', message: 'Enter a number.' },
    { key: 'ops_pentest', value: '2026-02-30', message: 'Enter a date (YYYY-MM-DD).' },
    { key: 'ops_contact', value: 'x'.repeat(501), message: 'Use at most 500 characters.' },
  ];
  for (const { key, value, message } of refusals) {
    it(`${key} = ${JSON.stringify(value).slice(0, 30)} → 422 "${message}"; the stored answer is unchanged`, async () => {
      const { vendor, assessmentId } = scenario;
      const good = key === 'ops_staff' ? 7 : undefined;
      if (good !== undefined) await saved(vendor, assessmentId, key, { value: good });
      const response = await autosave(vendor, assessmentId, key, { value });
      expect(response.status).to.equal(422);
      expect(response.body).to.deep.equal({ error: { message } });
      expect((await storedAnswer(assessmentId, key))?.value ?? null).to.equal(good ?? null);
    });
  }

  it('a value of the wrong shape (an object, a boolean) or a missing saveId → 400 "could not be understood"', async () => {
    const { vendor, assessmentId } = scenario;
    for (const body of [{ value: { yes: true } }, { value: true }, { value: 'yes', saveId: 'x' }]) {
      const response = await autosave(vendor, assessmentId, 'acc_mfa', body);
      expect(response.status, JSON.stringify(body)).to.equal(400);
      expect(response.body).to.deep.equal({ error: { message: 'The request could not be understood.' } });
    }
    expect(await storedAnswer(assessmentId, 'acc_mfa')).to.equal(null);
  });

  it('good values of every kind → 200 with the value as stored', async () => {
    const { vendor, assessmentId } = scenario;
    expect((await saved(vendor, assessmentId, 'ops_tools', { value: ['ids', 'siem'] })).value).to.deep.equal([
      'siem',
      'ids',
    ]);
    expect((await saved(vendor, assessmentId, 'ops_staff', { value: '1,200' })).value).to.equal(1200);
    expect((await saved(vendor, assessmentId, 'ops_pentest', { value: '2026-01-15' })).value).to.equal(
      '2026-01-15',
    );
    expect((await saved(vendor, assessmentId, 'acc_mfa', { value: 'partial' })).value).to.equal('partial');
    expect((await storedAnswer(assessmentId, 'ops_staff'))?.value).to.equal(1200);
  });
});
