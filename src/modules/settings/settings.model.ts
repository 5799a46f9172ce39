import { Schema, model } from 'mongoose';

const cadenceSchema = new Schema(
  {
    critical: { type: Number, required: true },
    high: { type: Number, required: true },
    medium: { type: Number, required: true },
    low: { type: Number, required: true },
  },
  { _id: false },
);

/** Portal-wide settings an administrator changes at run time: one document, `_id: 'global'`. */
const settingsSchema = new Schema(
  {
    _id: { type: String, required: true },
    reviewCadenceMonths: { type: cadenceSchema },
    auditRetentionMonths: { type: Number },
    mfaRequiredForPrivileged: { type: Boolean },
    monitoring: {
      type: new Schema(
        {
          failedSignInsPerAccount: Number,
          failedSignInsPerAddress: Number,
          failedSignInWindowMinutes: Number,
          downloadLimit: Number,
          downloadWindowMinutes: Number,
          alertOnNewAdminAddress: Boolean,
          alertOutsideHours: Boolean,
          workingHoursStart: String,
          workingHoursEnd: String,
          workingDays: { type: [Number], default: undefined },
        },
        { _id: false },
      ),
    },
    updatedBy: { type: String },
  },
  { collection: 'settings', timestamps: true, versionKey: false },
);

export const SettingsModel = model('Settings', settingsSchema);
