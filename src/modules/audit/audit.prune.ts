import { systemContext } from '../../lib/context';
import { addMonths } from '../../lib/dates';
import { logger } from '../../lib/logger';
import { sequenceId } from '../../lib/sequence-id';
import { getSettings, MIN_AUDIT_RETENTION_MONTHS } from '../settings';
import { AuditCheckpointModel, AuditEventModel } from './audit.model';
import { GENESIS_HASH, record } from './audit.service';
import { CHECKPOINT_ID, PRUNE_ACTION, linkProblem } from './audit.verify';

export interface PruneReport {
  removed: number;
  /** The last removed position (0 when nothing was ever pruned). */
  checkpointSeq: number;
  /** Events before this instant were due for removal. */
  cutoff: Date;
  /** The chain did not verify inside the old part: pruning stopped before the break. */
  stoppedAtBreak?: number;
}

interface KeptEnd {
  seq: number;
  hash: string;
  at: Date;
}

/**
 * The last event at the start of the chain that is older than `cutoff` and still verifies.
 * Pruning stops at the first event that is too young, missing or does not verify, so that
 * removing old events never removes the evidence of tampering with them.
 */
async function lastPrunable(
  from: { seq: number; hash: string },
  cutoff: Date,
): Promise<{ last: KeptEnd | undefined; breakAt: number | undefined }> {
  let expectedSeq = from.seq + 1;
  let prevHash = from.hash;
  let last: KeptEnd | undefined;
  const cursor = AuditEventModel.find(from.seq > 0 ? { _id: { $gt: sequenceId(from.seq) } } : {})
    .sort({ _id: 1 })
    .lean()
    .cursor({ batchSize: 500 });
  try {
    for await (const event of cursor) {
      if (event.at >= cutoff) return { last, breakAt: undefined };
      if (linkProblem(event, expectedSeq, prevHash)) return { last, breakAt: expectedSeq };
      last = { seq: event.seq, hash: event.hash, at: event.at };
      prevHash = event.hash;
      expectedSeq++;
    }
    return { last, breakAt: undefined };
  } finally {
    await cursor.close();
  }
}

/**
 * Removes audit events older than the retention setting (never younger than six months) from
 * the start of the chain, keeping a checkpoint (position and hash of the last removed event)
 * from which verification continues. Called by the daily job; `prunedBy` names the run.
 *
 * Order matters: the `audit.prune` event naming the new checkpoint is sealed in the chain
 * first, then the checkpoint is moved, then the events are deleted. A run cut short in between
 * leaves a checkpoint that verification reports until the next run completes the prune.
 */
export async function pruneAuditTrail(prunedBy: string, now = new Date()): Promise<PruneReport> {
  const months = Math.max(MIN_AUDIT_RETENTION_MONTHS, (await getSettings()).auditRetentionMonths);
  const cutoff = addMonths(now, -months);
  const stored = await AuditCheckpointModel.findById(CHECKPOINT_ID).lean();
  const current = stored ? { seq: stored.seq, hash: stored.hash } : { seq: 0, hash: GENESIS_HASH };
  const { last, breakAt } = await lastPrunable(current, cutoff);
  const next = last ? { seq: last.seq, hash: last.hash } : current;
  const removed = next.seq - current.seq;

  await record(systemContext(), {
    action: PRUNE_ACTION,
    outcome: breakAt === undefined ? 'success' : 'failure',
    target: { type: 'audit_trail' },
    details: {
      removed,
      checkpointSeq: next.seq,
      checkpointHash: next.hash,
      retentionMonths: months,
      cutoff: cutoff.toISOString(),
      prunedBy,
      ...(breakAt !== undefined ? { stoppedAtBreak: breakAt } : {}),
    },
  });
  if (last) {
    await AuditCheckpointModel.updateOne(
      { _id: CHECKPOINT_ID },
      { $set: { seq: last.seq, hash: last.hash, lastPrunedAt: last.at, prunedAt: now, prunedBy } },
      { upsert: true },
    );
    await AuditEventModel.deleteMany({
      _id: { $gt: sequenceId(current.seq), $lte: sequenceId(last.seq) },
    });
  }
  if (breakAt !== undefined)
    logger().error({ breakAt }, 'audit trail: the old part does not verify; pruning stopped before it');
  return {
    removed,
    checkpointSeq: next.seq,
    cutoff,
    ...(breakAt !== undefined ? { stoppedAtBreak: breakAt } : {}),
  };
}
