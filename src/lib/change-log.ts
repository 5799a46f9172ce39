import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from './errors';
import { sequenceId } from './sequence-id';
import { logger } from './logger';

/**
 * A numbered log of "this record changed" notes, shared by every app process on the database.
 * In-memory read models (the supplier directory) follow it to pick up changes that other
 * processes made. Entries are read only by `_id` equality, the one lookup FerretDB answers
 * without scanning the collection; a head document says where the log ends.
 */
const changeSchema = new Schema(
  {
    /** sequenceId(seq): a string, so that FerretDB finds entries through its index. */
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    entity: { type: String, required: true },
    entityId: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'change_log', versionKey: false },
);
const headSchema = new Schema(
  { _id: { type: String, required: true }, seq: { type: Number, required: true } },
  { collection: 'change_log_head', versionKey: false },
);

const ChangeModel = mongoose.model('Change', changeSchema);
const ChangeHeadModel = mongoose.model('ChangeHead', headSchema);
const HEAD_ID = 'head';
/** Entries older than this many changes are pruned; a process further behind reloads fully. */
const KEEP_ENTRIES = 5_000;

export interface Change {
  seq: number;
  entity: string;
  entityId: string;
}

let lastAppended = 0;

/** Notes that a record changed. Safe when several processes append at once (unique `_id`). */
export async function noteChange(entity: string, entityId: string): Promise<number> {
  let seq = lastAppended || (await currentHead());
  for (let attempt = 0; attempt < 100; attempt++) {
    try {
      await ChangeModel.collection.insertOne({
        _id: sequenceId(seq + 1),
        seq: seq + 1,
        entity,
        entityId,
        at: new Date(),
      } as never);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      seq = (await readChanges(seq)).seq;
      continue;
    }
    lastAppended = seq + 1;
    await advanceHead(lastAppended);
    if (lastAppended % 1_000 === 0) void prune(lastAppended);
    return lastAppended;
  }
  throw new Error('change log: could not append after 100 attempts');
}

/** Where the log ends now. */
export async function currentHead(): Promise<number> {
  const head = await ChangeHeadModel.findById(HEAD_ID).lean();
  let seq = head?.seq ?? 0;
  // The head may lag an append whose process stopped in between: follow the entries.
  while (await ChangeModel.exists({ _id: sequenceId(seq + 1) })) seq++;
  return seq;
}

/**
 * The changes after `seq`, in order. With `checkGap`, a reader that found nothing new also
 * compares with the head: `complete` is false when the entries it needed were pruned, and the
 * reader must reload everything.
 */
export async function readChanges(
  seq: number,
  { checkGap = false } = {},
): Promise<{ seq: number; changes: Change[]; complete: boolean }> {
  const changes: Change[] = [];
  let current = seq;
  for (;;) {
    const next = await ChangeModel.findById(sequenceId(current + 1)).lean();
    if (!next) break;
    current++;
    changes.push({ seq: current, entity: next.entity, entityId: next.entityId });
  }
  if (changes.length > 0 || !checkGap) return { seq: current, changes, complete: true };
  const head = await currentHead();
  return { seq: Math.max(head, current), changes, complete: head <= current };
}

async function advanceHead(seq: number): Promise<void> {
  try {
    await ChangeHeadModel.updateOne({ _id: HEAD_ID, seq: { $lt: seq } }, { $set: { seq } }, { upsert: true });
  } catch (error) {
    // Another process moved the head further already: nothing to do.
    if (!isDuplicateKey(error)) throw error;
  }
}

async function prune(seq: number): Promise<void> {
  try {
    await ChangeModel.deleteMany({ seq: { $lte: seq - KEEP_ENTRIES } });
  } catch (error) {
    logger().warn({ err: error }, 'change log: pruning failed');
  }
}

/** Forgets what this process appended (tests that empty the database). */
export function resetChangeLog(): void {
  lastAppended = 0;
}
