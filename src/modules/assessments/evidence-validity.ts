import mongoose, { Schema } from 'mongoose';
import { ReadModel } from '../../lib/read-model';

/**
 * Evidence with an end date (a certificate, an audit report): one entry per file and supplier,
 * so that the schedule can list what stops being valid soon without reading every answer. A
 * file carried forward into the next cycle is the same file: it keeps its one entry.
 */
export interface EvidenceValidityRecord {
  /** "<supplierId>:<fileId>" */
  _id: string;
  supplierId: string;
  supplierName: string;
  assessmentId: string;
  questionKey: string;
  filename: string;
  validUntil: Date;
}

const validitySchema = new Schema<EvidenceValidityRecord>(
  {
    _id: { type: String, required: true },
    supplierId: { type: String, required: true },
    supplierName: { type: String, required: true },
    assessmentId: { type: String, required: true },
    questionKey: { type: String, required: true },
    filename: { type: String, required: true },
    validUntil: { type: Date, required: true },
  },
  { collection: 'evidence_validity', versionKey: false },
);

const EvidenceValidityModel = mongoose.model<EvidenceValidityRecord>('EvidenceValidity', validitySchema);

export interface EvidenceValidityRow extends Omit<EvidenceValidityRecord, '_id'> {
  id: string;
  fileId: string;
}

/** Every evidence file with an end date, in memory (see ReadModel). */
export const evidenceValidityDirectory = new ReadModel<EvidenceValidityRecord, EvidenceValidityRow>({
  entity: 'evidence_validity',
  loadAll: () => EvidenceValidityModel.find({}).lean<EvidenceValidityRecord[]>(),
  loadOne: (id) => EvidenceValidityModel.findById(id).lean<EvidenceValidityRecord>(),
  toRow: ({ _id, ...rest }) => ({ id: _id, fileId: _id.slice(_id.indexOf(':') + 1), ...rest }),
});

/** Notes that a file of a supplier's evidence is valid until a day. */
export async function noteEvidenceValidity(entry: Omit<EvidenceValidityRecord, '_id'> & { fileId: string }) {
  const { fileId, ...fields } = entry;
  const _id = `${entry.supplierId}:${fileId}`;
  await EvidenceValidityModel.updateOne({ _id }, { $set: fields }, { upsert: true });
  await evidenceValidityDirectory.publish({ _id, ...fields });
}

/** Forgets a file's end date (the vendor took the file off the answer). */
export async function forgetEvidenceValidity(supplierId: string, fileId: string): Promise<void> {
  const _id = `${supplierId}:${fileId}`;
  const { deletedCount } = await EvidenceValidityModel.deleteOne({ _id });
  if (deletedCount > 0) await evidenceValidityDirectory.forget(_id);
}
