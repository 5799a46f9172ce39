import type { RequestContext } from '../../lib/context';
import { sequenceId } from '../../lib/sequence-id';
import { authorize } from '../access';
import { AuditCheckpointModel, AuditEventModel, AuditHeadModel, type AuditEventRecord } from './audit.model';
import { GENESIS_HASH, hashEvent, record } from './audit.service';

/** Why an event does not fit the chain. `checkpoint`: the prune checkpoint was moved. */
export const BROKEN_REASONS = ['altered', 'missing', 'relinked', 'checkpoint'] as const;
export type BrokenReason = (typeof BROKEN_REASONS)[number];

/** The action of a prune; its details name the checkpoint it left (see audit.prune.ts). */
export const PRUNE_ACTION = 'audit.prune';
export const CHECKPOINT_ID = 'checkpoint';

export interface ChainReport {
  ok: boolean;
  /** Events checked before the first problem (or all of them). */
  checked: number;
  /** Position of the first event that does not fit the chain, and why. */
  firstBroken?: { seq: number; reason: BrokenReason };
  /** Events up to this position were pruned (retention); verification started after it. */
  prunedThrough?: number;
}

interface Link {
  seq: number;
  hash: string;
}

/** The checkpoint a prune event names (details are sealed by the event's own hash). */
function namedCheckpoint(details: unknown): Link | undefined {
  if (typeof details !== 'object' || details === null) return undefined;
  const { checkpointSeq, checkpointHash } = details as Record<string, unknown>;
  return typeof checkpointSeq === 'number' && typeof checkpointHash === 'string'
    ? { seq: checkpointSeq, hash: checkpointHash }
    : undefined;
}

/**
 * What is wrong with an event at the position the chain expects next, after an event whose
 * hash is `prevHash`: missing (another position is found), re-linked, altered, or nothing.
 */
export function linkProblem(
  event: AuditEventRecord,
  expectedSeq: number,
  prevHash: string,
): Exclude<BrokenReason, 'checkpoint'> | undefined {
  if (event.seq !== expectedSeq || event._id !== sequenceId(expectedSeq)) return 'missing';
  if (event.prevHash !== prevHash) return 'relinked';
  const { hash, ...fields } = event;
  return hashEvent(fields as Parameters<typeof hashEvent>[0]) === hash ? undefined : 'altered';
}

/**
 * Walks the audit trail from its first kept event (after the prune checkpoint, if any) and
 * recomputes every hash. Reports the first event that was altered, removed, or re-linked to a
 * different predecessor, or a checkpoint that is not the one the latest prune recorded.
 */
export async function verifyAuditChain(): Promise<ChainReport> {
  const checkpoint = await AuditCheckpointModel.findById(CHECKPOINT_ID).lean();
  const start: Link = checkpoint
    ? { seq: checkpoint.seq, hash: checkpoint.hash }
    : { seq: 0, hash: GENESIS_HASH };
  const pruned = checkpoint ? { prunedThrough: checkpoint.seq } : {};
  let checked = 0;
  const broken = (seq: number, reason: BrokenReason): ChainReport => ({
    ok: false,
    checked,
    firstBroken: { seq, reason },
    ...pruned,
  });

  let expectedSeq = start.seq + 1;
  let prevHash = start.hash;
  // Without any prune the chain starts at the genesis hash, and that is what it must name.
  let lastPruneNamed: Link = { seq: 0, hash: GENESIS_HASH };
  const filter = checkpoint ? { _id: { $gt: sequenceId(start.seq) } } : {};
  const cursor = AuditEventModel.find(filter).sort({ _id: 1 }).lean().cursor({ batchSize: 500 });
  for await (const event of cursor) {
    const problem = linkProblem(event, expectedSeq, prevHash);
    if (problem) {
      await cursor.close();
      return broken(problem === 'missing' ? expectedSeq : event.seq, problem);
    }
    if (event.action === PRUNE_ACTION) lastPruneNamed = namedCheckpoint(event.details) ?? lastPruneNamed;
    prevHash = event.hash;
    expectedSeq++;
    checked++;
  }
  // The head remembers how long the chain was: events cut from its end show up here.
  const head = await AuditHeadModel.findById('head').lean();
  if (head && head.seq >= expectedSeq) return broken(expectedSeq, 'missing');
  // A checkpoint moved forward hides removed events; the sealed prune event tells the truth.
  if (lastPruneNamed.seq !== start.seq || lastPruneNamed.hash !== start.hash)
    return broken(start.seq, 'checkpoint');
  return { ok: true, checked, ...pruned };
}

/**
 * Verifies the trail for an admin or auditor (the button on the audit page) and records the
 * check and its result in the trail itself.
 */
export async function verifyTrail(context: RequestContext): Promise<ChainReport> {
  authorize(context.actor, 'audit.verify');
  const report = await verifyAuditChain();
  await record(context, {
    action: 'audit.verify',
    outcome: report.ok ? 'success' : 'failure',
    target: { type: 'audit_trail' },
    details: {
      checked: report.checked,
      ...(report.firstBroken ? { brokenAt: report.firstBroken.seq, reason: report.firstBroken.reason } : {}),
      ...(report.prunedThrough !== undefined ? { prunedThrough: report.prunedThrough } : {}),
    },
  });
  return report;
}
