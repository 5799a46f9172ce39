import { Schema, model } from 'mongoose';
import { logger } from '../../lib/logger';
import type { AuditEventRecord } from './audit.model';
import { READ_ACTIONS } from './audit.reads';

/** How many of the latest changes the home pages can show. */
export const RECENT_CHANGES_KEPT = 50;

/**
 * A copy of the latest changes (every event but the read trail's), in a ring of fixed slots:
 * event n goes to slot n mod 50. Reads outnumber changes many times over, so finding the last
 * few changes in the chain itself would mean reading back through hundreds of events; this
 * collection never holds more than 50 documents. The chain stays the record: this is only what
 * the home pages list.
 */
const recentChangeSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    event: { type: Schema.Types.Mixed, required: true },
  },
  { collection: 'audit_recent_changes', versionKey: false },
);

const RecentChangeModel = model('AuditRecentChange', recentChangeSchema);

interface RecentSlot {
  _id: string;
  seq: number;
  event: AuditEventRecord;
}

const readActions: ReadonlySet<string> = new Set(READ_ACTIONS);

/** Keeps the changes among freshly appended events (only the last ring's worth matters). */
export async function rememberRecentChanges(events: readonly AuditEventRecord[]): Promise<void> {
  const changes = events.filter((event) => !readActions.has(event.action)).slice(-RECENT_CHANGES_KEPT);
  if (changes.length === 0) return;
  try {
    // The driver's own bulkWrite: mongoose would validate each replacement and quietly drop it.
    await RecentChangeModel.db.collection<RecentSlot>(RecentChangeModel.collection.name).bulkWrite(
      changes.map((event) => ({
        replaceOne: {
          filter: { _id: `slot-${event.seq % RECENT_CHANGES_KEPT}` },
          replacement: { seq: event.seq, event },
          upsert: true,
        },
      })),
      { ordered: false },
    );
  } catch (error) {
    // Only the home pages' list suffers; the event itself is safely in the chain.
    logger().warn({ err: error }, 'audit trail: could not update the list of recent changes');
  }
}

/** The latest changes, newest first. */
export async function latestChanges(count: number): Promise<AuditEventRecord[]> {
  const slots = await RecentChangeModel.find({}).lean<RecentSlot[]>();
  return slots
    .sort((a, b) => b.seq - a.seq)
    .slice(0, count)
    .map((slot) => ({ ...slot.event, at: new Date(slot.event.at) }));
}
