import { expect } from 'chai';
import mongoose from 'mongoose';
import { systemContext } from '../../src/lib/context';
import { sequenceId } from '../../src/lib/sequence-id';
import { record, resetAuditCache, verifyAuditChain } from '../../src/modules/audit';
import { hashEvent } from '../../src/modules/audit/audit.service';
import { signedInAs } from '../helpers/agents';
import { resetDatabase } from '../helpers/environment';

const events = () => mongoose.connection.collection('audit_events');

describe('audit: hash chain', () => {
  beforeEach(resetDatabase);

  it('each event carries the hash of the one before it, and the chain verifies', async () => {
    for (let index = 0; index < 5; index++)
      await record(systemContext(), { action: 'test.event', details: { index } });
    const stored = await events().find({}).sort({ _id: 1 }).toArray();
    expect(stored.map((event) => event.seq)).to.deep.equal([1, 2, 3, 4, 5]);
    expect(stored.map((event) => event._id)).to.deep.equal([1, 2, 3, 4, 5].map(sequenceId));
    expect(stored[0]?.prevHash).to.equal('0'.repeat(64));
    for (let index = 1; index < stored.length; index++) {
      expect(stored[index]?.prevHash).to.equal(stored[index - 1]?.hash);
    }
    expect(await verifyAuditChain()).to.deep.equal({ ok: true, checked: 5 });
  });

  it('concurrent events from one process and from a second writer with a stale view → one unbroken chain', async () => {
    await record(systemContext(), { action: 'test.first' });
    const writes: Promise<void>[] = [];
    for (let index = 0; index < 30; index++) {
      // Forgetting the cached end of the chain makes the next write behave like another process
      // that last saw an older event: it must find the real end through the unique _id.
      if (index % 7 === 0) resetAuditCache();
      writes.push(record(systemContext(), { action: 'test.concurrent', details: { index } }));
    }
    await Promise.all(writes);
    const report = await verifyAuditChain();
    expect(report).to.deep.equal({ ok: true, checked: 31 });
  });

  it('altering one event → verify names that event as altered', async () => {
    for (let index = 0; index < 6; index++)
      await record(systemContext(), { action: 'test.event', details: { index } });
    await events().updateOne({ _id: sequenceId(4) } as never, { $set: { 'details.index': 99 } });
    expect(await verifyAuditChain()).to.deep.equal({
      ok: false,
      checked: 3,
      firstBroken: { seq: 4, reason: 'altered' },
    });
  });

  it('altering an event and recomputing its hash → the next event no longer links to it', async () => {
    for (let index = 0; index < 6; index++)
      await record(systemContext(), { action: 'test.event', details: { index } });
    // A forger edits event 3 and reseals it so that the event checks out on its own…
    const original = await events().findOne({ _id: sequenceId(3) } as never);
    const { hash: _oldHash, ...fields } = { ...original, details: { index: 42 } } as Record<string, unknown>;
    const resealed = hashEvent(fields as unknown as Parameters<typeof hashEvent>[0]);
    await events().updateOne({ _id: sequenceId(3) } as never, {
      $set: { 'details.index': 42, hash: resealed },
    });
    // …but event 4 still carries the old hash, so the chain breaks right after the forgery.
    expect(await verifyAuditChain()).to.deep.equal({
      ok: false,
      checked: 3,
      firstBroken: { seq: 4, reason: 'relinked' },
    });
  });

  it('deleting an event in the middle or at the end → verify reports it missing', async () => {
    for (let index = 0; index < 6; index++)
      await record(systemContext(), { action: 'test.event', details: { index } });
    await events().deleteOne({ _id: sequenceId(6) } as never);
    expect(await verifyAuditChain()).to.deep.equal({
      ok: false,
      checked: 5,
      firstBroken: { seq: 6, reason: 'missing' },
    });
    await events().deleteOne({ _id: sequenceId(2) } as never);
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 2, reason: 'missing' });
  });

  it('the audit page lists events newest first and filters by action and outcome', async () => {
    const admin = await signedInAs('admin');
    await record(systemContext(), { action: 'test.alpha', outcome: 'failure' });
    await record(systemContext(), { action: 'test.beta' });
    const page = await admin.agent.get('/audit?action=test.');
    expect(page.status).to.equal(200);
    expect(page.text.indexOf('test.beta')).to.be.lessThan(page.text.indexOf('test.alpha'));
    const failures = await admin.agent.get('/audit?action=test.&outcome=failure');
    expect(failures.text).to.include('test.alpha');
    expect(failures.text).not.to.include('test.beta');
  });
});
