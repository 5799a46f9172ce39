import { Schema, model, type InferSchemaType, type Types } from 'mongoose';
import { LOCALES } from '../../lib/i18n';
import { ROLES } from './roles';
import { forgetUsers } from './user-cache';

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    name: { type: String, required: true, trim: true },
    role: { type: String, enum: ROLES, required: true },
    /** Vendor users only: the supplier they belong to. */
    supplier: { type: Schema.Types.ObjectId, ref: 'Supplier' },
    /** argon2id hash; absent until the user sets a password from an invitation or reset link. */
    passwordHash: { type: String },
    passwordChangedAt: { type: Date },
    locale: { type: String, enum: LOCALES },
    disabled: { type: Boolean, default: false },
    failedSignIns: { type: Number, default: 0 },
    lockedUntil: { type: Date },
    lastSignInAt: { type: Date },
    /** Two-step sign-in (TOTP) is on: the password alone no longer signs this user in. */
    mfaEnabled: { type: Boolean, default: false },
    /** The confirmed TOTP secret, encrypted (encryptField); never stored in plain text. */
    mfaSecret: { type: String },
    mfaEnrolledAt: { type: Date },
    /** The last TOTP time step accepted, so the same code cannot be used twice. */
    mfaLastStep: { type: Number },
    /** A secret being set up (encrypted): not used for sign-in until a code confirms it. */
    mfaPendingSecret: { type: String },
    mfaPendingAt: { type: Date },
    /** SHA-256 hashes of the unused one-time recovery codes; a used code is removed. */
    recoveryCodes: { type: [String], default: undefined },
  },
  { timestamps: true, collection: 'users' },
);

// Every write empties the per-process cache of users read on each request (user-cache.ts).
for (const operation of [
  'save',
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'deleteOne',
  'deleteMany',
] as const) {
  userSchema.post(operation, forgetUsers);
}
userSchema.post('insertMany', forgetUsers);

userSchema.index({ role: 1 });
userSchema.index({ supplier: 1 });

export type UserRecord = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId };
export const UserModel = model('User', userSchema);
