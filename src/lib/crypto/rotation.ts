import type { Db, Document, Filter, ObjectId } from 'mongodb';
import { ENCRYPTED_FIELDS, fieldLabel, type EncryptedField } from './encrypted-fields';
import { currentKeyId, decryptField, encryptField, isEncrypted, keyIdOf } from './field-encryption';

/**
 * Re-encryption of every registered field under the current key, one document per write, while
 * the portal keeps running. Each write only applies if the stored values are still the ones that
 * were read, so an edit made by the app in between is never overwritten (FerretDB has no
 * transactions across connections); such a document is read again and retried.
 */

/** What happened to one registered field. */
export interface FieldCounts {
  field: string;
  /** Values moved from an older key to the current one. */
  reencrypted: number;
  /** Plain values (from before the field was encrypted) now encrypted. */
  encrypted: number;
  /** Values already under the current key, left alone. */
  current: number;
}

/** A value that cannot be decrypted: the rotation writes nothing while any exists. */
export interface UnreadableValue {
  field: string;
  id: string;
  reason: string;
}

export interface RotationReport {
  keyId: string;
  fields: FieldCounts[];
  /** Documents that kept changing under the rotation and were left for a re-run. */
  skipped: number;
  /** True when stopped early (signal or limit): running again finishes the job. */
  interrupted: boolean;
  unreadable: UnreadableValue[];
}

export interface RotationOptions {
  /** Documents read per query. */
  batchSize?: number;
  /** Stop after this many written documents (tests of an interrupted run). */
  maxWrites?: number;
  /** Stops between two documents (Ctrl-C in the script). */
  signal?: AbortSignal;
}

const MAX_ATTEMPTS = 3;

function byCollection(): Map<string, EncryptedField[]> {
  const groups = new Map<string, EncryptedField[]>();
  for (const entry of ENCRYPTED_FIELDS)
    groups.set(entry.collection, [...(groups.get(entry.collection) ?? []), entry]);
  return groups;
}

/** Reads a collection in pages of `_id` order; each page is its own short query. */
async function* pages(
  db: Db,
  collection: string,
  fields: string[],
  batchSize: number,
): AsyncGenerator<Document[]> {
  const projection = Object.fromEntries(fields.map((field) => [field, 1]));
  let after: unknown;
  for (;;) {
    const filter = (after === undefined ? {} : { _id: { $gt: after } }) as Filter<Document>;
    const page = await db
      .collection(collection)
      .find(filter, { projection })
      .sort({ _id: 1 })
      .limit(batchSize)
      .toArray();
    if (page.length === 0) return;
    yield page;
    after = page.at(-1)?._id;
  }
}

type Outcome = 'reencrypted' | 'encrypted' | 'current' | 'empty';

/** The value under the current key, and what was done to get it; throws when it cannot be read. */
function rotateValue(value: unknown, purpose: string | undefined): { value: unknown; outcome: Outcome } {
  if (typeof value !== 'string' || value === '') return { value, outcome: 'empty' };
  if (!isEncrypted(value)) return { value: encryptField(value, purpose), outcome: 'encrypted' };
  if (keyIdOf(value) === currentKeyId()) {
    decryptField(value, purpose); // a value under the current key must still prove readable
    return { value, outcome: 'current' };
  }
  return { value: encryptField(decryptField(value, purpose), purpose), outcome: 'reencrypted' };
}

interface DocumentPlan {
  set: Record<string, unknown>;
  outcomes: { field: string; outcome: Outcome }[];
}

/** Works out the new values of one document's registered fields (nothing is written here). */
function planDocument(document: Document, entries: EncryptedField[]): DocumentPlan {
  const set: Record<string, unknown> = {};
  const outcomes: DocumentPlan['outcomes'] = [];
  for (const entry of entries) {
    const label = fieldLabel(entry);
    const stored = (entry.field in set ? set[entry.field] : document[entry.field]) as unknown;
    const element = entry.element;
    if (element) {
      if (!Array.isArray(stored)) continue;
      const elements = stored.map((item: unknown) => {
        if (!item || typeof item !== 'object') return item;
        const record = item as Record<string, unknown>;
        const rotated = rotateValue(record[element], entry.purpose);
        outcomes.push({ field: label, outcome: rotated.outcome });
        return rotated.outcome === 'current' || rotated.outcome === 'empty'
          ? record
          : { ...record, [element]: rotated.value };
      });
      if (elements.some((element, index) => element !== stored[index])) set[entry.field] = elements;
    } else {
      const rotated = rotateValue(stored, entry.purpose);
      outcomes.push({ field: label, outcome: rotated.outcome });
      if (rotated.value !== stored) set[entry.field] = rotated.value;
    }
  }
  return { set, outcomes };
}

/**
 * Reads every registered value and lists those that do not decrypt (unknown key, damaged
 * value). Writes nothing; the rotation runs it first and stops when the list is not empty.
 */
export async function findUnreadableValues(db: Db, batchSize = 200): Promise<UnreadableValue[]> {
  const unreadable: UnreadableValue[] = [];
  for (const [collection, entries] of byCollection()) {
    for await (const page of pages(
      db,
      collection,
      [...new Set(entries.map((entry) => entry.field))],
      batchSize,
    )) {
      for (const document of page) {
        for (const entry of entries) {
          try {
            planDocument(document, [entry]);
          } catch (error) {
            unreadable.push({
              field: fieldLabel(entry),
              id: String(document._id),
              reason: (error as Error).message,
            });
          }
        }
      }
    }
  }
  return unreadable;
}

/** Re-encrypts every registered field under the current key; see the module comment. */
export async function reencryptAll(db: Db, options: RotationOptions = {}): Promise<RotationReport> {
  const batchSize = options.batchSize ?? 200;
  const report: RotationReport = {
    keyId: currentKeyId(),
    fields: ENCRYPTED_FIELDS.map((entry) => ({
      field: fieldLabel(entry),
      reencrypted: 0,
      encrypted: 0,
      current: 0,
    })),
    skipped: 0,
    interrupted: false,
    unreadable: await findUnreadableValues(db, batchSize),
  };
  if (report.unreadable.length > 0) return report;
  let writes = 0;
  for (const [collection, entries] of byCollection()) {
    const roots = [...new Set(entries.map((entry) => entry.field))];
    for await (const page of pages(db, collection, roots, batchSize)) {
      for (const first of page) {
        if (options.signal?.aborted || (options.maxWrites !== undefined && writes >= options.maxWrites)) {
          report.interrupted = true;
          return report;
        }
        const result = await rotateDocument(db, collection, entries, roots, first);
        if (result === 'skipped') report.skipped += 1;
        else {
          if (result.wrote) writes += 1;
          for (const { field, outcome } of result.outcomes) {
            const counts = report.fields.find((candidate) => candidate.field === field);
            if (counts && outcome !== 'empty') counts[outcome] += 1;
          }
        }
      }
    }
  }
  return report;
}

/** Rotates one document, reading it again when the app changed it between read and write. */
async function rotateDocument(
  db: Db,
  collection: string,
  entries: EncryptedField[],
  roots: string[],
  first: Document,
): Promise<'skipped' | { wrote: boolean; outcomes: DocumentPlan['outcomes'] }> {
  let document: Document | null = first;
  for (let attempt = 0; attempt < MAX_ATTEMPTS && document; attempt += 1) {
    const read: Document = document;
    // Suppliers and users have ObjectId ids; the cast only satisfies the driver's filter type.
    const byId: Filter<Document> = { _id: read._id as ObjectId };
    const plan = planDocument(read, entries);
    if (Object.keys(plan.set).length === 0) return { wrote: false, outcomes: plan.outcomes };
    // The filter holds every value read: if any changed meanwhile, nothing is written.
    const unchanged: Record<string, unknown> = Object.fromEntries(
      roots.map((root): [string, unknown] => [root, read[root] ?? null]),
    );
    const result = await db.collection(collection).updateOne({ ...byId, ...unchanged }, { $set: plan.set });
    if (result.matchedCount === 1) return { wrote: true, outcomes: plan.outcomes };
    const projection = Object.fromEntries(roots.map((root) => [root, 1]));
    document = await db.collection(collection).findOne(byId, { projection });
  }
  // Deleted meanwhile (nothing to do), or still changing: a re-run picks it up.
  return document ? 'skipped' : { wrote: false, outcomes: [] };
}
