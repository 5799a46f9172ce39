import { expect } from 'chai';
import mongoose from 'mongoose';
import { sequenceId } from '../../src/lib/sequence-id';
import { pruneAuditTrail, verifyAuditChain } from '../../src/modules/audit';
import { runDailyJob } from '../../src/modules/scheduler';
import { resetSettingsCache } from '../../src/modules/settings';
import { resetDatabase } from '../helpers/environment';
import { auditCollection, monthsAgo, storedEvents, writeChain } from './support';

const checkpoint = () => mongoose.connection.collection('audit_checkpoint');

async function setRetention(months: number): Promise<void> {
  // Written around the settings form, as an old or hand-edited value could be.
  await mongoose.connection
    .collection('settings')
    .updateOne({ _id: 'global' } as never, { $set: { auditRetentionMonths: months } }, { upsert: true });
  resetSettingsCache();
}

/** Five events from 14 months ago, then three from last month. */
const oldThenRecent = (index: number) => (index < 5 ? monthsAgo(14) : monthsAgo(1));

describe('audit: retention prunes old events and the chain still verifies', () => {
  beforeEach(resetDatabase);

  it('pruneAuditTrail: events past 12 months go, a checkpoint is kept, and verification starts after it', async () => {
    await writeChain(8, oldThenRecent);
    const report = await pruneAuditTrail('test-run');
    expect(report).to.include({ removed: 5, checkpointSeq: 5 });
    expect((await storedEvents()).map((event) => event.seq)).to.deep.equal([6, 7, 8, 9]);
    const kept = await checkpoint().findOne({ _id: 'checkpoint' } as never);
    expect(kept).to.include({ seq: 5, prunedBy: 'test-run' });
    const [prune] = await storedEvents('audit.prune');
    expect(prune?.details).to.include({
      removed: 5,
      checkpointSeq: 5,
      retentionMonths: 12,
      prunedBy: 'test-run',
    });
    // Three kept events and the prune event itself.
    expect(await verifyAuditChain()).to.deep.equal({ ok: true, checked: 4, prunedThrough: 5 });
  });

  it('pruneAuditTrail: a retention below six months (stored by hand) still keeps six months', async () => {
    await setRetention(3);
    await writeChain(3, (index) => [monthsAgo(8), monthsAgo(5), monthsAgo(4)][index] ?? new Date());
    const report = await pruneAuditTrail('test-run');
    expect(report.removed).to.equal(1);
    expect((await storedEvents('test.event')).map((event) => event.seq)).to.deep.equal([2, 3]);
    expect((await verifyAuditChain()).ok).to.equal(true);
  });

  it('pruneAuditTrail twice: the second prune continues from the first checkpoint and the chain verifies', async () => {
    await writeChain(6, (index) => (index < 2 ? monthsAgo(30) : index < 4 ? monthsAgo(14) : monthsAgo(1)));
    expect((await pruneAuditTrail('first', monthsAgo(12))).removed).to.equal(2);
    expect((await pruneAuditTrail('second')).removed).to.equal(2);
    expect(await verifyAuditChain()).to.deep.equal({ ok: true, checked: 4, prunedThrough: 4 });
  });

  it('pruneAuditTrail: nothing old enough → nothing removed, no checkpoint, still intact', async () => {
    await writeChain(3, () => monthsAgo(1));
    expect((await pruneAuditTrail('test-run')).removed).to.equal(0);
    expect(await checkpoint().countDocuments()).to.equal(0);
    expect(await verifyAuditChain()).to.deep.equal({ ok: true, checked: 4 });
  });

  it('after a prune: altering or deleting the first kept event is still found at its position', async () => {
    await writeChain(8, oldThenRecent);
    await pruneAuditTrail('test-run');
    await auditCollection().updateOne({ _id: sequenceId(7) } as never, { $set: { 'details.index': 99 } });
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 7, reason: 'altered' });
    await auditCollection().deleteOne({ _id: sequenceId(6) } as never);
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 6, reason: 'missing' });
  });

  it('after a prune: the checkpoint moved back → the event after it is missing', async () => {
    await writeChain(8, oldThenRecent);
    await pruneAuditTrail('test-run');
    const [first] = await storedEvents();
    await checkpoint().updateOne({ _id: 'checkpoint' } as never, { $set: { seq: 3 } });
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 4, reason: 'missing' });
    // Back at the right position but with another hash: the first kept event no longer links.
    await checkpoint().updateOne({ _id: 'checkpoint' } as never, { $set: { seq: 5, hash: first?.hash } });
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 6, reason: 'relinked' });
  });

  it('after a prune: the checkpoint moved forward over deleted events → reported as a moved checkpoint', async () => {
    await writeChain(8, oldThenRecent);
    await pruneAuditTrail('test-run');
    // Someone removes two recent events and moves the checkpoint so that the cut looks planned.
    const seventh = await auditCollection().findOne({ _id: sequenceId(7) } as never);
    await auditCollection().deleteMany({ _id: { $in: [sequenceId(6), sequenceId(7)] } } as never);
    await checkpoint().updateOne({ _id: 'checkpoint' } as never, { $set: { seq: 7, hash: seventh?.hash } });
    expect(await verifyAuditChain()).to.deep.include({
      ok: false,
      firstBroken: { seq: 7, reason: 'checkpoint' },
    });
  });

  it('a checkpoint that no prune recorded, or a deleted checkpoint → reported', async () => {
    await writeChain(8, oldThenRecent);
    // A forged checkpoint on a trail that was never pruned (events before it deleted).
    const fifth = await auditCollection().findOne({ _id: sequenceId(5) } as never);
    await auditCollection().deleteMany({ _id: { $lte: sequenceId(5) } } as never);
    await checkpoint().insertOne({ _id: 'checkpoint', seq: 5, hash: fifth?.hash } as never);
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 5, reason: 'checkpoint' });
    await checkpoint().deleteMany({});
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 1, reason: 'missing' });
  });

  it('pruneAuditTrail: an altered old event is not pruned away; the prune stops before it', async () => {
    await writeChain(8, oldThenRecent);
    await auditCollection().updateOne({ _id: sequenceId(3) } as never, { $set: { 'details.index': 99 } });
    const report = await pruneAuditTrail('test-run');
    expect(report).to.include({ removed: 2, stoppedAtBreak: 3 });
    expect((await verifyAuditChain()).firstBroken).to.deep.equal({ seq: 3, reason: 'altered' });
    const [prune] = await storedEvents('audit.prune');
    expect(prune?.outcome).to.equal('failure');
  });

  it('daily job: prunes the audit trail and says how many events went', async () => {
    await writeChain(8, oldThenRecent);
    const report = await runDailyJob('daily-test');
    expect(report.auditEventsPruned).to.equal(5);
    expect((await verifyAuditChain()).ok).to.equal(true);
  });
});
