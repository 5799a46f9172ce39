import { Schema, model, type InferSchemaType } from 'mongoose';

/** Whether the audited attempt succeeded, failed, or was refused by a policy. */
export const AUDIT_OUTCOMES = ['success', 'failure', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

const actorSchema = new Schema({ id: String, email: String, role: String }, { _id: false });
const targetSchema = new Schema(
  { type: { type: String, required: true }, id: String, label: String },
  { _id: false },
);

/**
 * One entry of the append-only audit trail. `seq` is the position in the chain (1, 2, 3…) and
 * `_id` the same number as a padded string (see sequenceId), so appending is an insert that
 * the unique `_id` guards. `hash` covers the entry and the hash of the one before it: altering
 * or removing any entry breaks every link after it.
 */
const auditEventSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    at: { type: Date, required: true },
    action: { type: String, required: true },
    outcome: { type: String, enum: AUDIT_OUTCOMES, required: true },
    actor: { type: actorSchema },
    target: { type: targetSchema },
    supplier: { type: String },
    ip: { type: String },
    requestId: { type: String },
    details: { type: Schema.Types.Mixed },
    prevHash: { type: String, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_events', versionKey: false },
);

auditEventSchema.index({ at: -1 });
auditEventSchema.index({ action: 1 });
auditEventSchema.index({ 'actor.id': 1 });
auditEventSchema.index({ supplier: 1 });

export type AuditEventRecord = InferSchemaType<typeof auditEventSchema>;
export const AuditEventModel = model('AuditEvent', auditEventSchema);

/** Where the chain ends, so that appending does not have to search for the last event. */
const auditHeadSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
  },
  { collection: 'audit_head', versionKey: false },
);

export const AuditHeadModel = model('AuditHead', auditHeadSchema);

/**
 * Where the kept part of the chain starts after old events were pruned: the position and hash
 * of the last removed event. The first kept event's prevHash must equal `hash`, and the latest
 * `audit.prune` event in the chain must name this same position and hash, so moving the
 * checkpoint (to hide removed events or to skip altered ones) is found by verification.
 */
const auditCheckpointSchema = new Schema(
  {
    _id: { type: String, required: true },
    seq: { type: Number, required: true },
    hash: { type: String, required: true },
    /** When the last removed event happened. */
    lastPrunedAt: { type: Date, required: true },
    prunedAt: { type: Date, required: true },
    /** Which job (lease holder) or person pruned. */
    prunedBy: { type: String, required: true },
  },
  { collection: 'audit_checkpoint', versionKey: false },
);

export type AuditCheckpointRecord = InferSchemaType<typeof auditCheckpointSchema>;
export const AuditCheckpointModel = model('AuditCheckpoint', auditCheckpointSchema);
