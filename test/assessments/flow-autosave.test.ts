import { randomUUID } from 'node:crypto';
import { expect } from 'chai';
import { oneAtATime } from '../../src/lib/one-at-a-time';
import { csrfToken, signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';
import { auditEvents, flashes, follow, submit } from '../suppliers/support';
import {
  autosave,
  saved,
  sentAssessment,
  storedAnswer,
  storedAssessment,
  type Scenario,
} from './flow-support';

interface Ack {
  revision: number;
  value: unknown;
  overwrote: boolean;
}

/** Values of the answer's history, oldest first. */
async function historyValues(assessmentId: string, key: string): Promise<unknown[]> {
  return ((await storedAnswer(assessmentId, key))?.history ?? []).map((change) => change.value);
}

describe('assessments: autosave of one answer', () => {
  let scenario: Scenario;
  let vendor: SignedIn;
  let assessmentId: string;

  beforeEach(async () => {
    await resetDatabase();
    scenario = await sentAssessment();
    ({ vendor, assessmentId } = scenario);
  });

  it('first save → 200 with revision 1, the value, what is still missing; the assessment goes from sent to in progress', async () => {
    const response = await autosave(vendor, assessmentId, 'acc_mfa', {
      value: 'yes',
      note: 'Hardware keys.',
    });
    expect(response.status).to.equal(200);
    expect(response.body).to.deep.include({
      ok: true,
      revision: 1,
      value: 'yes',
      note: 'Hardware keys.',
      overwrote: false,
      missing: 'evidence',
    });
    const stored = await storedAnswer(assessmentId, 'acc_mfa');
    expect(stored).to.deep.include({
      value: 'yes',
      note: 'Hardware keys.',
      valueRevision: 1,
      updatedByName: 'Li Na',
    });
    expect(stored?.history).to.deep.equal([]);
    expect((await storedAssessment(assessmentId))?.status).to.equal('in_progress');
    const [event] = await auditEvents('answers.change');
    expect(event?.details).to.deep.include({ question: 'acc_mfa', old: '', new: 'yes', overwrote: false });
  });

  it('a save without a note keeps the stored note; a save with an empty note clears it', async () => {
    await saved(vendor, assessmentId, 'ops_contact', { value: 'Wang Fang', note: 'Security lead.' });
    await saved(vendor, assessmentId, 'ops_contact', { value: 'Zhao Lei' });
    expect(await storedAnswer(assessmentId, 'ops_contact')).to.deep.include({
      value: 'Zhao Lei',
      note: 'Security lead.',
    });
    await saved(vendor, assessmentId, 'ops_contact', { value: 'Zhao Lei', note: '' });
    expect((await storedAnswer(assessmentId, 'ops_contact'))?.note).to.equal('');
  });

  it('the same saveId sent twice (a retry after a lost response) → applied once: same revision, one history entry, one audit event', async () => {
    const saveId = randomUUID();
    await saved(vendor, assessmentId, 'ops_staff', { value: 10 });
    const first = await saved(vendor, assessmentId, 'ops_staff', { value: 12, saveId, baseRevision: 1 });
    const retry = await saved(vendor, assessmentId, 'ops_staff', { value: 12, saveId, baseRevision: 1 });
    expect(retry).to.deep.include({ revision: first.revision, value: 12, overwrote: false });
    expect(first.revision).to.equal(2);
    expect(await storedAnswer(assessmentId, 'ops_staff')).to.deep.include({ value: 12, valueRevision: 2 });
    expect(await historyValues(assessmentId, 'ops_staff')).to.deep.equal([10]);
    expect(await auditEvents('answers.change')).to.have.length(2);
  });

  it('the same saveId sent twice at once → applied once', async () => {
    const saveId = randomUUID();
    const token = await csrfToken(vendor.agent);
    const responses = await Promise.all(
      [1, 2, 3].map(() => autosave(vendor, assessmentId, 'ops_staff', { value: 8, saveId }, token)),
    );
    expect(responses.map((response) => response.status)).to.deep.equal([200, 200, 200]);
    expect(responses.map((response) => (response.body as Ack).revision)).to.deep.equal([1, 1, 1]);
    expect(await storedAnswer(assessmentId, 'ops_staff')).to.deep.include({ value: 8, valueRevision: 1 });
    expect(await auditEvents('answers.change')).to.have.length(1);
  });

  it("a retry that arrives after another tab's save is not applied again: the newer value stays", async () => {
    const other = await signedInAs({ role: 'vendor', supplierId: scenario.supplierId, name: 'Chen Jie' });
    const lostResponse = randomUUID();
    await saved(vendor, assessmentId, 'ops_contact', {
      value: 'Wang Fang',
      saveId: lostResponse,
      baseRevision: 0,
    });
    await saved(other, assessmentId, 'ops_contact', { value: 'Zhao Lei', baseRevision: 1 });
    const retry = await saved(vendor, assessmentId, 'ops_contact', {
      value: 'Wang Fang',
      saveId: lostResponse,
      baseRevision: 0,
    });
    expect(retry).to.deep.include({ value: 'Zhao Lei', revision: 2 });
    expect(await storedAnswer(assessmentId, 'ops_contact')).to.deep.include({
      value: 'Zhao Lei',
      valueRevision: 2,
    });
    expect(await historyValues(assessmentId, 'ops_contact')).to.deep.equal(['Wang Fang']);
  });

  it('two tabs one after the other: the later save wins, says it overwrote a newer answer, and the earlier value stays in the history', async () => {
    const tabA = vendor;
    const tabB = await signedInAs({ role: 'vendor', supplierId: scenario.supplierId, name: 'Chen Jie' });
    // Both tabs opened the page at revision 0.
    const fromA = await saved(tabA, assessmentId, 'acc_mfa', { value: 'yes', baseRevision: 0 });
    const fromB = await saved(tabB, assessmentId, 'acc_mfa', { value: 'partial', baseRevision: 0 });
    expect(fromA).to.deep.include({ revision: 1, overwrote: false });
    expect(fromB).to.deep.include({ revision: 2, overwrote: true, value: 'partial' });
    // Tab A took tab B's answer (revision 2) before its next change: no overwrite.
    const again = await saved(tabA, assessmentId, 'acc_mfa', { value: 'no', baseRevision: 2 });
    expect(again).to.deep.include({ revision: 3, overwrote: false });

    const stored = await storedAnswer(assessmentId, 'acc_mfa');
    expect(stored).to.deep.include({ value: 'no', valueRevision: 3, updatedByName: 'Li Na' });
    expect(stored?.history.map((change) => [change.value, change.byName])).to.deep.equal([
      ['yes', 'Li Na'],
      ['partial', 'Chen Jie'],
    ]);
    const overwrites = (await auditEvents('answers.change')).map(
      (event) => (event.details as { overwrote: boolean }).overwrote,
    );
    expect(overwrites).to.deep.equal([false, true, false]);
  });

  for (const tabs of ['the same agent', 'two vendor users'] as const) {
    it(`concurrent saves from ${tabs} → every save acknowledged, revisions 1…n, the stored value is the last acknowledged, every other value in the history in order`, async () => {
      const second =
        tabs === 'the same agent'
          ? vendor
          : await signedInAs({ role: 'vendor', supplierId: scenario.supplierId, name: 'Chen Jie' });
      const tokens = new Map([
        [vendor, await csrfToken(vendor.agent)],
        [second, await csrfToken(second.agent)],
      ]);
      const values = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot'];
      const responses = await Promise.all(
        values.map((value, index) => {
          const tab = index % 2 === 0 ? vendor : second;
          return autosave(tab, assessmentId, 'ops_contact', { value, baseRevision: 0 }, tokens.get(tab));
        }),
      );
      expect(responses.map((response) => response.status)).to.deep.equal(values.map(() => 200));
      const acks = responses.map((response) => response.body as Ack);
      const byRevision = [...acks].sort((a, b) => a.revision - b.revision);
      expect(byRevision.map((ack) => ack.revision)).to.deep.equal([1, 2, 3, 4, 5, 6]);
      // Only the save that found no answer yet was based on the current revision.
      expect(byRevision.map((ack) => ack.overwrote)).to.deep.equal([false, true, true, true, true, true]);

      const last = byRevision.at(-1);
      const stored = await storedAnswer(assessmentId, 'ops_contact');
      expect(stored).to.deep.include({ value: last?.value, valueRevision: 6 });
      expect(stored?.history.map((change) => change.value)).to.deep.equal(
        byRevision.slice(0, -1).map((ack) => ack.value),
      );
      expect([...(stored?.history.map((change) => change.value) ?? []), stored?.value].sort()).to.deep.equal(
        [...values].sort(),
      );
      expect(await auditEvents('answers.change')).to.have.length(values.length);
    });
  }

  it('concurrent saves of different questions → each answer has its own value; the assessment moves to in progress once', async () => {
    const token = await csrfToken(vendor.agent);
    const saves = {
      acc_mfa: 'yes',
      acc_review: 'yearly',
      ops_staff: 40,
      ops_pentest: '2026-01-15',
      ops_contact: 'Wang Fang',
    };
    const responses = await Promise.all(
      Object.entries(saves).map(([key, value]) => autosave(vendor, assessmentId, key, { value }, token)),
    );
    expect(responses.map((response) => response.status)).to.deep.equal([200, 200, 200, 200, 200]);
    for (const [key, value] of Object.entries(saves)) {
      expect((await storedAnswer(assessmentId, key))?.value, key).to.equal(value);
    }
    const history = (await storedAssessment(assessmentId))?.history.map((event) => event.action);
    expect(history).to.deep.equal(['sent', 'in_progress']);
  });

  it('the history keeps the last 50 earlier values', async () => {
    for (let count = 1; count <= 53; count++) {
      await saved(vendor, assessmentId, 'ops_staff', { value: count });
    }
    const values = await historyValues(assessmentId, 'ops_staff');
    expect(values).to.have.length(50);
    expect(values[0]).to.equal(3);
    expect(values.at(-1)).to.equal(52);
    expect((await storedAnswer(assessmentId, 'ops_staff'))?.value).to.equal(53);
  });
});

describe('assessments: saving a section as a form (no script)', () => {
  let vendor: SignedIn;
  let assessmentId: string;

  beforeEach(async () => {
    await resetDatabase();
    ({ vendor, assessmentId } = await sentAssessment());
  });

  it('"save and next" → every changed answer saved, 303 to the next section, "Your answers have been saved."', async () => {
    const response = await submit(vendor.agent, `/assessments/${assessmentId}/sections/access`, {
      q_acc_mfa: 'partial',
      note_acc_mfa: 'Admins only.',
      q_acc_review: 'yearly',
      note_acc_review: '',
      go: 'next',
    });
    expect(response.status).to.equal(303);
    expect(response.headers.location).to.equal(`/assessments/${assessmentId}/sections/operations`);
    expect(flashes((await follow(vendor.agent, response)).text)).to.deep.equal([
      { type: 'success', text: 'Your answers have been saved.' },
    ]);
    expect(await storedAnswer(assessmentId, 'acc_mfa')).to.deep.include({
      value: 'partial',
      note: 'Admins only.',
    });
    expect((await storedAnswer(assessmentId, 'acc_review'))?.value).to.equal('yearly');
  });

  it('answers that did not change are not saved again (no new revision, no history entry)', async () => {
    await saved(vendor, assessmentId, 'ops_staff', { value: 12, note: 'Two teams.' });
    await saved(vendor, assessmentId, 'ops_tools', { value: ['siem', 'ids'] });
    const response = await submit(vendor.agent, `/assessments/${assessmentId}/sections/operations`, {
      q_ops_staff: '12',
      note_ops_staff: 'Two teams.',
      q_ops_tools: ['siem', 'ids'],
      note_ops_tools: '',
      q_ops_contact: 'Wang Fang',
      note_ops_contact: '',
    });
    expect(response.status).to.equal(303);
    expect(await storedAnswer(assessmentId, 'ops_staff')).to.deep.include({ valueRevision: 1, history: [] });
    expect(await storedAnswer(assessmentId, 'ops_tools')).to.deep.include({ valueRevision: 1, history: [] });
    expect((await storedAnswer(assessmentId, 'ops_contact'))?.value).to.equal('Wang Fang');
  });

  it('unticking every box of a multiple-choice question clears its answer', async () => {
    await saved(vendor, assessmentId, 'ops_tools', { value: ['siem'] });
    await submit(vendor.agent, `/assessments/${assessmentId}/sections/operations`, { note_ops_tools: '' });
    expect((await storedAnswer(assessmentId, 'ops_tools'))?.value).to.equal(null);
  });

  it('a bad value → the good ones are saved, the bad one is named in a message, and the vendor stays on the section', async () => {
    const response = await submit(vendor.agent, `/assessments/${assessmentId}/sections/operations`, {
      q_ops_staff: 'a dozen',
      note_ops_staff: '',
      q_ops_contact: 'Wang Fang',
      note_ops_contact: '',
      go: 'next',
    });
    expect(response.headers.location).to.equal(`/assessments/${assessmentId}/sections/operations`);
    expect(flashes((await follow(vendor.agent, response)).text)).to.deep.equal([
      { type: 'danger', text: 'Some answers could not be saved: ops_staff.' },
    ]);
    expect(await storedAnswer(assessmentId, 'ops_staff')).to.equal(null);
    expect((await storedAnswer(assessmentId, 'ops_contact'))?.value).to.equal('Wang Fang');
  });

  it('the section page shows the saved answers and each question’s revision for the script', async () => {
    await saved(vendor, assessmentId, 'ops_staff', { value: 12 });
    await saved(vendor, assessmentId, 'ops_staff', { value: 14 });
    const html = (await vendor.agent.get(`/assessments/${assessmentId}/sections/operations`)).text;
    expect(html).to.match(/id="q-ops_staff"[^>]*data-revision="2"/);
    expect(html).to.match(/name="q_ops_staff" type="number" step="any" value="14"/);
    expect(html).to.include('data-editable="true"');
  });
});

describe('assessments: writes of one record wait for each other (oneAtATime, unit)', () => {
  const pause = () => new Promise((resolve) => setTimeout(resolve, 5));

  it('tasks with the same key run one after another, in order; other keys do not wait', async () => {
    const events: string[] = [];
    const task = (name: string) => async () => {
      events.push(`${name} start`);
      await pause();
      events.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([
      oneAtATime('answer:1', task('a')),
      oneAtATime('answer:1', task('b')),
      oneAtATime('answer:2', task('c')),
    ]);
    expect(results).to.deep.equal(['a', 'b', 'c']);
    expect(events.indexOf('b start')).to.be.greaterThan(events.indexOf('a end'));
    expect(events.indexOf('c start')).to.be.lessThan(events.indexOf('a end'));
  });

  it('a task that fails gives its error to its caller and does not hold up the next one', async () => {
    const failing = oneAtATime('answer:3', () => Promise.reject(new Error('write failed')));
    const next = oneAtATime('answer:3', () => Promise.resolve('written'));
    const [first, second] = await Promise.allSettled([failing, next]);
    expect(first).to.deep.include({ status: 'rejected' });
    expect(second).to.deep.equal({ status: 'fulfilled', value: 'written' });
  });
});
