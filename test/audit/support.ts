import mongoose from 'mongoose';
import { sequenceId } from '../../src/lib/sequence-id';
import { resetAuditCache } from '../../src/modules/audit';
import { GENESIS_HASH, hashEvent } from '../../src/modules/audit/audit.service';

/** The stored audit trail, for tests that tamper with it the way someone with database access could. */
export const auditCollection = () => mongoose.connection.collection('audit_events');

export interface StoredEvent {
  _id: string;
  seq: number;
  at: Date;
  action: string;
  outcome: string;
  actor?: { id?: string; email?: string; role?: string };
  target?: { type: string; id?: string; label?: string };
  supplier?: string;
  ip?: string;
  details?: Record<string, string | number | boolean | null>;
  prevHash: string;
  hash: string;
}

/** Audit events, oldest first (optionally only those with this action). */
export async function storedEvents(action?: string): Promise<StoredEvent[]> {
  return auditCollection()
    .find<StoredEvent>(action ? { action } : {})
    .sort({ _id: 1 })
    .toArray();
}

/**
 * Writes `count` correctly chained events straight into the trail, the i-th happening at
 * `at(i)` (tests need events from months ago), and moves the head to the last one.
 */
export async function writeChain(count: number, at: (index: number) => Date): Promise<void> {
  const events = [];
  let prevHash = GENESIS_HASH;
  for (let index = 0; index < count; index++) {
    const seq = index + 1;
    const fields = {
      _id: sequenceId(seq),
      seq,
      at: at(index),
      action: 'test.event',
      outcome: 'success' as const,
      details: { index },
      prevHash,
    };
    const hash = hashEvent(fields);
    events.push({ ...fields, hash });
    prevHash = hash;
  }
  await auditCollection().insertMany(events as never[]);
  await mongoose.connection
    .collection('audit_head')
    .updateOne({ _id: 'head' } as never, { $set: { seq: count, hash: prevHash } }, { upsert: true });
  resetAuditCache();
}

/** Waits until `check` holds (events of reads are written just after the response). */
export async function eventually<T>(probe: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const value = await probe();
    if (check(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Months before now (approximately: 31 days each, enough for retention tests). */
export function monthsAgo(months: number): Date {
  return new Date(Date.now() - months * 31 * 24 * 3600_000);
}

/** One way to tamper with a trail of six events, and what verification must report. */
export interface Tampering {
  name: string;
  apply(): Promise<void>;
  expected: { seq: number; reason: 'altered' | 'missing' | 'relinked' | 'checkpoint' };
}

const setDetails = (seq: number, index: number) =>
  auditCollection().updateOne({ _id: sequenceId(seq) } as never, { $set: { 'details.index': index } });

/** Swaps two neighbouring events, each keeping its own hash, renumbered to the other's place. */
async function swap(first: number): Promise<void> {
  const a = await auditCollection().findOne({ _id: sequenceId(first) } as never);
  const b = await auditCollection().findOne({ _id: sequenceId(first + 1) } as never);
  if (!a || !b) throw new Error('nothing to swap');
  await auditCollection().deleteMany({ _id: { $in: [sequenceId(first), sequenceId(first + 1)] } } as never);
  await auditCollection().insertMany([
    { ...b, _id: sequenceId(first), seq: first },
    { ...a, _id: sequenceId(first + 1), seq: first + 1 },
  ] as never[]);
}

/** Altering the first, a middle and the last event, deleting one, re-ordering a pair. */
export const TAMPERINGS: readonly Tampering[] = [
  {
    name: 'the first event altered',
    apply: () => setDetails(1, 99).then(),
    expected: { seq: 1, reason: 'altered' },
  },
  {
    name: 'a middle event altered',
    apply: () => setDetails(3, 99).then(),
    expected: { seq: 3, reason: 'altered' },
  },
  {
    name: 'the last event altered',
    apply: () => setDetails(6, 99).then(),
    expected: { seq: 6, reason: 'altered' },
  },
  {
    name: 'a middle event deleted',
    apply: () =>
      auditCollection()
        .deleteOne({ _id: sequenceId(4) } as never)
        .then(),
    expected: { seq: 4, reason: 'missing' },
  },
  { name: 'a pair re-ordered', apply: () => swap(3), expected: { seq: 3, reason: 'relinked' } },
];
