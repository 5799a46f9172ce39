import { Schema, model, type InferSchemaType } from 'mongoose';

/** Why a set-password link was issued. */
export const LINK_PURPOSES = ['invite', 'reset'] as const;

const invitationSchema = new Schema(
  {
    /** SHA-256 of the token in the link: the token itself is never stored. */
    _id: { type: String, required: true },
    purpose: { type: String, enum: LINK_PURPOSES, required: true },
    user: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** Copied from the user so the invitation list reads one collection. */
    email: { type: String, required: true },
    name: { type: String, required: true },
    role: { type: String, required: true },
    supplier: { type: Schema.Types.ObjectId, ref: 'Supplier' },
    supplierName: { type: String },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
    createdByName: { type: String },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date },
    revokedAt: { type: Date },
  },
  { timestamps: true, collection: 'invitations' },
);

invitationSchema.index({ user: 1 });
invitationSchema.index({ createdAt: -1 });

export type InvitationRecord = InferSchemaType<typeof invitationSchema>;
export const InvitationModel = model('Invitation', invitationSchema);
