import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { isDuplicateKey } from '../../lib/errors';
import type { RequestContext } from '../../lib/context';
import { sequenceId } from '../../lib/sequence-id';
import { stableStringify } from '../../lib/stable-json';
import { Hook } from '../../lib/hooks';
import { logger } from '../../lib/logger';
import { AuditEventModel, AuditHeadModel, type AuditOutcome } from './audit.model';
import { rememberRecentChanges } from './audit.recent';

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_ID = 'head';

type DetailValue = string | number | boolean | null;

/** What a feature tells the audit trail about one thing that happened. */
export interface AuditInput {
  /** Dotted verb, e.g. "auth.sign_in", "users.disable". */
  action: string;
  outcome?: AuditOutcome;
  target?: { type: string; id?: string; label?: string };
  /** The supplier the event concerns, so the trail can be filtered per supplier. */
  supplierId?: string;
  /** Actor to record when no one is signed in yet (e.g. a failed sign-in names the email tried). */
  actorEmail?: string;
  details?: Record<string, DetailValue>;
}

interface ChainedFields {
  _id: string;
  seq: number;
  at: Date;
  action: string;
  outcome: AuditOutcome;
  actor?: { id?: string; email?: string; role?: string };
  target?: { type: string; id?: string; label?: string };
  supplier?: string;
  ip?: string;
  requestId?: string;
  details?: Record<string, DetailValue>;
  prevHash: string;
}

/** The hash that seals one event: over its own fields and the previous event's hash. */
export function hashEvent(fields: ChainedFields): string {
  return createHash('sha256').update(stableStringify(fields)).digest('hex');
}

/** One event just appended to the trail, as listeners (access monitoring) see it. */
export interface RecordedEvent {
  context: RequestContext;
  input: AuditInput;
  at: Date;
}

/**
 * Runs after each event is safely in the trail. Listeners must not make the caller wait for
 * slow work or fail its request: their errors are logged, not thrown.
 */
export const eventRecorded = new Hook<RecordedEvent>();

let lastKnown: { seq: number; hash: string } | undefined;

interface Pending {
  context: RequestContext;
  input: AuditInput;
  /** When it happened: taken at the call, not when the batch is written. */
  at: Date;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/** Whether a feature recorded any event while serving one request (see watchRequest). */
export interface RequestWatch {
  recorded: boolean;
}

/**
 * The request being served, followed through its asynchronous work: the read-trail middleware
 * skips its generic `read.page` when the feature already recorded a richer event (e.g.
 * `suppliers.view`). Tied to the request's own call chain, not to a request id a client could
 * send twice, so one request can never silence the record of another.
 */
const requestWatch = new AsyncLocalStorage<RequestWatch>();

/** Runs `next` (the rest of the request) watched: `watch.recorded` turns true on any event. */
export function watchRequest(watch: RequestWatch, next: () => void): void {
  requestWatch.run(watch, next);
}

let pending: Pending[] = [];
let flushing: Promise<void> | undefined;
/** Events written in one go when many arrive at once (e.g. many autosaves). */
const MAX_BATCH = 200;

/**
 * Appends an event to the audit trail. Events from this process are chained in the order of
 * the calls and written in batches; several processes sharing the database are kept in one
 * order by the unique `_id` of each position.
 */
export function record(context: RequestContext, input: AuditInput): Promise<void> {
  const watch = requestWatch.getStore();
  if (watch) watch.recorded = true;
  return new Promise((resolve, reject) => {
    pending.push({ context, input, at: new Date(), resolve, reject });
    startFlushing();
  });
}

function startFlushing(): void {
  if (flushing) return;
  flushing = flush().finally(() => {
    flushing = undefined;
    // Events may have arrived after the last look at the queue but before this point.
    if (pending.length > 0) startFlushing();
  });
}

async function flush(): Promise<void> {
  while (pending.length > 0) {
    const batch = pending.slice(0, MAX_BATCH);
    pending = pending.slice(batch.length);
    try {
      await appendBatch(batch);
      for (const item of batch) item.resolve();
      for (const item of batch) announce(item);
    } catch (error) {
      for (const item of batch) item.reject(error);
    }
  }
}

async function appendBatch(batch: Pending[]): Promise<void> {
  let tail = lastKnown ?? (await readHead());
  let remaining = batch;
  for (let attempt = 0; attempt < 100 && remaining.length > 0; attempt++) {
    const events: (ChainedFields & { hash: string })[] = [];
    let previous = tail;
    for (const item of remaining) {
      const fields = buildFields(previous.seq + 1, previous.hash, item.context, item.input, item.at);
      const hash = hashEvent(fields);
      events.push({ ...fields, hash });
      previous = { seq: fields.seq, hash };
    }
    let written = events.length;
    try {
      await AuditEventModel.collection.insertMany(events as never[], { ordered: true });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Another process appended in between: keep what was written, move to the real end of
      // the chain and chain the rest after it.
      written = (error as { insertedCount?: number; result?: { insertedCount?: number } }).insertedCount ?? 0;
    }
    if (written > 0) {
      const last = events[written - 1];
      if (last) tail = { seq: last.seq, hash: last.hash };
      lastKnown = tail;
      await advanceHead(tail);
      await rememberRecentChanges(events.slice(0, written));
    }
    remaining = remaining.slice(written);
    if (remaining.length > 0) tail = await catchUp(tail);
  }
  if (remaining.length > 0) throw new Error('audit trail: could not append after 100 attempts');
}

function announce({ context, input, at }: Pending): void {
  eventRecorded.run({ context, input, at }).catch((error: unknown) => {
    logger().error({ err: error, action: input.action }, 'audit trail: a listener failed');
  });
}

function buildFields(
  seq: number,
  prevHash: string,
  context: RequestContext,
  input: AuditInput,
  at: Date,
): ChainedFields {
  const actor = context.actor
    ? { id: context.actor.id, email: context.actor.email, role: context.actor.role }
    : input.actorEmail
      ? { email: input.actorEmail }
      : undefined;
  // Absent members are left out rather than stored as null, so that the stored event hashes
  // to the same value as the one sealed here.
  return compact({
    _id: sequenceId(seq),
    seq,
    at,
    action: input.action,
    outcome: input.outcome ?? 'success',
    actor,
    target: input.target,
    supplier: input.supplierId,
    ip: context.ip,
    requestId: context.requestId,
    details: input.details,
    prevHash,
  });
}

function compact<T extends object>(value: T): T {
  const kept = Object.entries(value)
    .filter(([, member]) => member !== undefined)
    .map(([key, member]: [string, unknown]) => [key, isPlainObject(member) ? compact(member) : member]);
  return Object.fromEntries(kept) as T;
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

async function readHead(): Promise<{ seq: number; hash: string }> {
  const head = await AuditHeadModel.findById(HEAD_ID).lean();
  return catchUp(head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: GENESIS_HASH });
}

/** Follows the chain forward from a known position to its last event. */
async function catchUp(from: { seq: number; hash: string }): Promise<{ seq: number; hash: string }> {
  let tail = from;
  for (;;) {
    const next = await AuditEventModel.findById(sequenceId(tail.seq + 1), { seq: 1, hash: 1 }).lean();
    if (!next) return tail;
    tail = { seq: next.seq, hash: next.hash };
  }
}

async function advanceHead(head: { seq: number; hash: string }): Promise<void> {
  try {
    await AuditHeadModel.updateOne(
      { _id: HEAD_ID, seq: { $lt: head.seq } },
      { $set: { seq: head.seq, hash: head.hash } },
      { upsert: true },
    );
  } catch (error) {
    // The head is only a shortcut; a newer head written by another process is fine.
    if (!isDuplicateKey(error)) logger().warn({ err: error }, 'audit trail: could not move the head');
  }
}

/** Resolves once every event recorded so far is written (shutdown waits for it before closing the database). */
export async function auditQueueDrained(): Promise<void> {
  while (flushing) await flushing.catch(() => undefined);
}

/** Forgets the cached end of the chain (tests that empty the database call this). */
export function resetAuditCache(): void {
  lastKnown = undefined;
}
