import mongoose, { Schema } from 'mongoose';
import { isDuplicateKey } from './errors';

/**
 * A lease: one holder at a time across every process sharing the database, for a limited time.
 * It expires by itself because it carries its end time and every reader compares it with the
 * clock (no TTL index: the embedded database has none, and a TTL sweep may run a minute late).
 *
 * Taking a lease must be atomic on MongoDB and on the embedded FerretDB, where a conditional
 * update is not. So each taking of a lease first inserts a claim whose `_id` names the lease's
 * next generation ("daily-job#7"): a unique `_id` lets exactly one process insert it. Only the
 * winner then writes the lease itself.
 */
const leaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    holder: { type: String, required: true },
    generation: { type: Number, required: true },
    expiresAt: { type: Date, required: true },
  },
  { collection: 'job_locks', versionKey: false },
);
const claimSchema = new Schema(
  { _id: { type: String, required: true }, holder: { type: String, required: true }, at: Date },
  { collection: 'job_lock_claims', versionKey: false },
);

const LeaseModel = mongoose.model('Lease', leaseSchema);
const ClaimModel = mongoose.model('LeaseClaim', claimSchema);

interface LeaseRecord {
  _id: string;
  holder: string;
  generation: number;
  expiresAt: Date;
}

/** A lease this process holds. */
export interface HeldLease {
  name: string;
  holder: string;
  generation: number;
  expiresAt: Date;
}

/**
 * Takes the lease `name` for `ttlMs` if nobody holds it (or the holder's time ran out); returns
 * undefined when someone else holds it or won the race for it.
 */
export async function acquireLease(
  name: string,
  holder: string,
  ttlMs: number,
): Promise<HeldLease | undefined> {
  const now = new Date();
  const current = await LeaseModel.findById(name).lean<LeaseRecord>();
  if (current && current.expiresAt > now) return undefined;
  const generation = (current?.generation ?? 0) + 1;
  try {
    await ClaimModel.create({ _id: `${name}#${generation}`, holder, at: now });
  } catch (error) {
    if (isDuplicateKey(error)) return undefined;
    throw error;
  }
  const expiresAt = new Date(now.getTime() + ttlMs);
  await LeaseModel.updateOne({ _id: name }, { $set: { holder, generation, expiresAt } }, { upsert: true });
  // Claims older than the previous generation are no longer needed to settle any race.
  if (generation > 2) await ClaimModel.deleteOne({ _id: `${name}#${generation - 2}` });
  return { name, holder, generation, expiresAt };
}

/**
 * Gives a held lease back at once, so another process need not wait for it to run out. A holder
 * whose time ran out and whose lease was taken meanwhile frees nothing: the generation differs.
 */
export async function releaseLease(lease: HeldLease): Promise<void> {
  await LeaseModel.updateOne(
    { _id: lease.name, holder: lease.holder, generation: lease.generation },
    { $set: { expiresAt: new Date() } },
  );
}

/**
 * Claims a one-time action by name ("agreement-expired:<id>"): true for exactly one caller
 * across every process and restart, false for everyone after.
 */
export async function claimOnce(key: string, holder: string): Promise<boolean> {
  try {
    await ClaimModel.create({ _id: `once:${key}`, holder, at: new Date() });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}
