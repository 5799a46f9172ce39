import { Schema, model, type InferSchemaType, type Types } from 'mongoose';

/** Lifecycle of a supplier relationship, in order. */
export const SUPPLIER_STATUSES = ['prospect', 'onboarding', 'active', 'suspended', 'offboarded'] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

const supplierSchema = new Schema(
  {
    name: { type: String, required: true, trim: true },
    status: { type: String, enum: SUPPLIER_STATUSES, default: 'prospect', required: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User' },
  },
  { timestamps: true, collection: 'suppliers' },
);

supplierSchema.index({ name: 1 });
supplierSchema.index({ status: 1 });

export type SupplierRecord = InferSchemaType<typeof supplierSchema> & { _id: Types.ObjectId };
export const SupplierModel = model('Supplier', supplierSchema);
