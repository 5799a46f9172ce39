import { sequenceId } from '../../lib/sequence-id';
import { AuditEventModel, AuditHeadModel } from './audit.model';
import { GENESIS_HASH, hashEvent } from './audit.service';

export interface ChainReport {
  ok: boolean;
  /** Events checked before the first problem (or all of them). */
  checked: number;
  /** Position of the first event that does not fit the chain, and why. */
  firstBroken?: { seq: number; reason: 'altered' | 'missing' | 'relinked' };
}

/**
 * Walks the audit trail from the first event and recomputes every hash. Reports the first
 * event that was altered, removed, or re-linked to a different predecessor.
 */
export async function verifyAuditChain(): Promise<ChainReport> {
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  const cursor = AuditEventModel.find({}).sort({ _id: 1 }).lean().cursor({ batchSize: 500 });
  for await (const event of cursor) {
    if (event.seq !== expectedSeq || event._id !== sequenceId(expectedSeq)) {
      return { ok: false, checked: expectedSeq - 1, firstBroken: { seq: expectedSeq, reason: 'missing' } };
    }
    if (event.prevHash !== prevHash) {
      return { ok: false, checked: expectedSeq - 1, firstBroken: { seq: event.seq, reason: 'relinked' } };
    }
    const { hash, ...fields } = event;
    if (hashEvent(fields as Parameters<typeof hashEvent>[0]) !== hash) {
      return { ok: false, checked: expectedSeq - 1, firstBroken: { seq: event.seq, reason: 'altered' } };
    }
    prevHash = hash;
    expectedSeq++;
  }
  // The head remembers how long the chain was: events cut from its end show up here.
  const head = await AuditHeadModel.findById('head').lean();
  if (head && head.seq >= expectedSeq) {
    return { ok: false, checked: expectedSeq - 1, firstBroken: { seq: expectedSeq, reason: 'missing' } };
  }
  return { ok: true, checked: expectedSeq - 1 };
}
