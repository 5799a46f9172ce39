import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { TextDecoder } from 'node:util';
import { Binary, MongoNotConnectedError, ObjectId, type Collection } from 'mongodb';
import mongoose from 'mongoose';
import { NotFoundError, UploadRejectedError } from '../errors';
import { logger } from '../logger';
import {
  FILE_KINDS,
  KIND_CONTENT_TYPES,
  KIND_EXTENSIONS,
  SNIFF_BYTES,
  detectKind,
  type FileKind,
} from './sniff';

/*
 * Files are kept in the standard GridFS layout (fs.files + fs.chunks), so mongofiles and the
 * drivers' GridFS readers can still read them, but every chunk has a deterministic _id,
 * "<file id hex>:<n>", and this module reads and deletes chunks only by _id equality. The
 * embedded FerretDB (SQLite) can serve nothing else without scanning the collection, and a
 * GridFS reader's find({ files_id }).sort({ n: 1 }) would scan every chunk of every file.
 * No transactions: chunks are written first and the files document last, so a file exists
 * only once all of it is stored.
 */

/** Bytes per chunk: the GridFS default, which keeps each chunk document well under 16 MB. */
export const CHUNK_SIZE = 255 * 1024;

const FILES_COLLECTION = 'fs.files';
const CHUNKS_COLLECTION = 'fs.chunks';
const MAX_FILENAME_LENGTH = 200;
const RESERVED_METADATA_KEYS = new Set(['sha256', 'kind', 'contentType']);

/** A file as the rest of the application sees it. */
export interface StoredFile {
  /** The files document's ObjectId as 24 hex digits. */
  id: string;
  /** The uploader's file name, made safe (see sanitizeFilename). */
  filename: string;
  /** Size in bytes. */
  length: number;
  /** SHA-256 of the content, lower-case hex, computed while it was stored. */
  sha256: string;
  /** What the content is, decided from the bytes. */
  kind: FileKind;
  /** The Content-Type to serve it with (follows from kind). */
  contentType: string;
  uploadedAt: Date;
}

/** Extra facts stored with a file (who uploaded it, for which record). */
export type FileMetadata = Record<string, string | number | boolean>;

/** What storeFile needs besides the bytes. */
export interface StoreFileOptions {
  /** The name the uploader gave; only sanitised and kept, never trusted for the type. */
  filename: string;
  /** The kinds this upload may be; anything else is refused with reason 'type'. */
  accept: readonly FileKind[];
  /** The largest size accepted, in bytes; one byte more is refused with reason 'size'. */
  maxBytes: number;
  /** Stored in the files document's metadata; keys must not start with "$" or contain ".". */
  metadata?: FileMetadata;
}

/** Stored content that does not match its files document: a chunk is missing or too long. */
export class FileIntegrityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

interface FilesDocument {
  _id: ObjectId;
  length: number;
  chunkSize: number;
  uploadDate: Date;
  filename: string;
  metadata?: Record<string, unknown>;
}

interface ChunkDocument {
  _id: string;
  files_id: ObjectId;
  n: number;
  data: Binary;
}

function collections(): { files: Collection<FilesDocument>; chunks: Collection<ChunkDocument> } {
  const db = mongoose.connection.db;
  if (!db) throw new MongoNotConnectedError('the database is not connected');
  return {
    files: db.collection<FilesDocument>(FILES_COLLECTION),
    chunks: db.collection<ChunkDocument>(CHUNKS_COLLECTION),
  };
}

function chunkId(fileId: ObjectId, n: number): string {
  return `${fileId.toHexString()}:${n}`;
}

function parseFileId(id: string): ObjectId | undefined {
  return /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : undefined;
}

function chunkBytes(chunk: ChunkDocument): Buffer {
  const bytes = chunk.data.read(0, chunk.data.length());
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** True when the document found under a chunk _id really is chunk n of the file. */
function isChunkOf(chunk: ChunkDocument | null, fileId: ObjectId, n: number): chunk is ChunkDocument {
  return chunk !== null && chunk.files_id.equals(fileId) && chunk.n === n && chunk.data instanceof Binary;
}

function isFileKind(value: unknown): value is FileKind {
  return typeof value === 'string' && (FILE_KINDS as readonly string[]).includes(value);
}

/** The StoredFile for a files document, or undefined when this module did not write it. */
function toStoredFile(doc: FilesDocument): StoredFile | undefined {
  const metadata = doc.metadata ?? {};
  const { sha256, kind, contentType } = metadata;
  if (typeof sha256 !== 'string' || !isFileKind(kind) || typeof contentType !== 'string') return undefined;
  if (!Number.isInteger(doc.chunkSize) || doc.chunkSize <= 0) return undefined;
  return {
    id: doc._id.toHexString(),
    filename: doc.filename,
    length: doc.length,
    sha256,
    kind,
    contentType,
    uploadedAt: doc.uploadDate,
  };
}

async function findFilesDocument(id: string): Promise<FilesDocument | undefined> {
  const fileId = parseFileId(id);
  if (!fileId) return undefined;
  return (await collections().files.findOne({ _id: fileId })) ?? undefined;
}

function isUnsafeCodePoint(codePoint: number): boolean {
  return (
    codePoint < 0x20 || // C0 controls
    (codePoint >= 0x7f && codePoint <= 0x9f) || // DEL and C1 controls
    codePoint === 0x200e || // left-to-right and right-to-left marks
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) || // bidi embeddings and overrides ("gpj.exe")
    (codePoint >= 0x2066 && codePoint <= 0x2069) // bidi isolates
  );
}

/**
 * The uploader's file name made safe to store and to offer back as a download name: only the
 * last path segment, without control or bidi-override characters, trimmed, at most 200
 * characters (keeping the extension), and "file.<ext>" when nothing is left. Other Unicode,
 * such as Chinese, is kept.
 */
export function sanitizeFilename(name: string, kind: FileKind): string {
  const visible = Array.from(name.normalize('NFC'))
    .filter((character) => !isUnsafeCodePoint(character.codePointAt(0) ?? 0))
    .join('');
  const base = (visible.split(/[/\\]/).pop() ?? '').trim();
  if (base === '' || base === '.' || base === '..') return `file.${KIND_EXTENSIONS[kind]}`;
  const characters = Array.from(base);
  if (characters.length <= MAX_FILENAME_LENGTH) return base;
  const dot = base.lastIndexOf('.');
  const extension = dot > 0 ? Array.from(base.slice(dot)) : [];
  if (extension.length === 0 || extension.length > 16)
    return characters.slice(0, MAX_FILENAME_LENGTH).join('');
  const stem = Array.from(base.slice(0, dot)).slice(0, MAX_FILENAME_LENGTH - extension.length);
  return stem.join('').trimEnd() + extension.join('');
}

const KIND_LABELS: Record<FileKind, string> = {
  pdf: 'PDF',
  png: 'PNG',
  jpeg: 'JPEG',
  gif: 'GIF',
  webp: 'WebP',
  docx: 'DOCX',
  xlsx: 'XLSX',
  pptx: 'PPTX',
  ole: 'DOC/XLS/PPT',
  csv: 'CSV',
  text: 'TXT',
};

function checkMetadata(metadata: FileMetadata | undefined): void {
  for (const key of Object.keys(metadata ?? {})) {
    if (key.startsWith('$') || key.includes('.') || RESERVED_METADATA_KEYS.has(key))
      throw new TypeError(`file metadata key not allowed: ${key}`);
  }
}

function asBuffer(piece: unknown): Buffer {
  if (Buffer.isBuffer(piece)) return piece;
  if (typeof piece === 'string') return Buffer.from(piece, 'utf8');
  if (piece instanceof Uint8Array) return Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
  throw new TypeError('storeFile needs a byte stream');
}

/** One upload on its way into fs.chunks: hashes, sniffs, counts and writes chunk by chunk. */
class ChunkedUpload {
  readonly fileId = new ObjectId();
  length = 0;
  kind: FileKind | undefined;
  private readonly hash = createHash('sha256');
  private chunk = Buffer.allocUnsafe(CHUNK_SIZE);
  private filled = 0;
  private chunksStarted = 0;
  private utf8: TextDecoder | undefined;

  constructor(
    private readonly chunks: Collection<ChunkDocument>,
    private readonly options: StoreFileOptions,
  ) {}

  /** Takes the next bytes of the file; writes each chunk as soon as it is full. */
  async add(data: Buffer): Promise<void> {
    this.length += data.length;
    if (this.length > this.options.maxBytes) throw new UploadRejectedError('size', this.options.maxBytes);
    this.hash.update(data);
    let offset = 0;
    while (offset < data.length) {
      const copied = data.copy(this.chunk, this.filled, offset);
      this.filled += copied;
      offset += copied;
      if (this.kind === undefined && this.filled >= SNIFF_BYTES) this.sniff();
      if (this.filled === CHUNK_SIZE) await this.flush();
    }
  }

  /** Writes what is left; returns the file's kind and the SHA-256 of all of it. */
  async finish(): Promise<{ kind: FileKind; sha256: string }> {
    if (this.length === 0) throw new UploadRejectedError('empty');
    const kind = this.kind ?? this.sniff();
    if (this.filled > 0) await this.flush();
    this.checkText(undefined);
    return { kind, sha256: this.hash.digest('hex') };
  }

  /** Removes every chunk this upload may have written. Never throws: it runs after a failure. */
  async discard(): Promise<void> {
    for (let n = 0; n < this.chunksStarted; n++) {
      try {
        await this.chunks.deleteOne({ _id: chunkId(this.fileId, n) });
      } catch (error) {
        logger().warn(
          { err: error, fileId: this.fileId.toHexString(), n },
          'could not remove a chunk of a failed upload',
        );
      }
    }
  }

  private rejectType(): UploadRejectedError {
    const labels = [...new Set(this.options.accept.map((kind) => KIND_LABELS[kind]))];
    return new UploadRejectedError('type', undefined, labels);
  }

  private sniff(): FileKind {
    const kind = detectKind(this.chunk.subarray(0, Math.min(this.filled, SNIFF_BYTES)));
    if (kind === undefined || !this.options.accept.includes(kind)) throw this.rejectType();
    this.kind = kind;
    // The head looked like text; the whole file must be, or it is something else in disguise.
    if (kind === 'text' || kind === 'csv') this.utf8 = new TextDecoder('utf-8', { fatal: true });
    return kind;
  }

  /** For text kinds: refuses NUL bytes and invalid UTF-8 anywhere (undefined = end of file). */
  private checkText(data: Buffer | undefined): void {
    if (!this.utf8) return;
    if (data?.includes(0)) throw this.rejectType();
    try {
      if (data === undefined) this.utf8.decode();
      else this.utf8.decode(data, { stream: true });
    } catch {
      throw this.rejectType();
    }
  }

  private async flush(): Promise<void> {
    const data = this.chunk.subarray(0, this.filled);
    this.checkText(data);
    const n = this.chunksStarted++;
    await this.chunks.insertOne({
      _id: chunkId(this.fileId, n),
      files_id: this.fileId,
      n,
      data: new Binary(data),
    });
    this.chunk = Buffer.allocUnsafe(CHUNK_SIZE);
    this.filled = 0;
  }
}

/**
 * Streams an upload into the database and returns what was stored. The kind is decided from the
 * first 64 KiB before anything is written; the size is checked as the bytes arrive. A refused or
 * failed upload leaves nothing behind (its chunks are deleted, the source is destroyed) and
 * rejects with UploadRejectedError ('type', 'size' or 'empty') or the underlying error.
 */
export async function storeFile(source: Readable, options: StoreFileOptions): Promise<StoredFile> {
  checkMetadata(options.metadata);
  const { files, chunks } = collections();
  const upload = new ChunkedUpload(chunks, options);
  let filesInsertStarted = false;
  try {
    // Not destroyed on leaving the loop early: a plain for-await would destroy the source with an
    // AbortError, and multer answers on that error before the chunks below are removed.
    const pieces = source.iterator({ destroyOnReturn: false }) as AsyncIterableIterator<unknown>;
    for await (const piece of pieces) await upload.add(asBuffer(piece));
    const { kind, sha256 } = await upload.finish();
    const stored: StoredFile = {
      id: upload.fileId.toHexString(),
      filename: sanitizeFilename(options.filename, kind),
      length: upload.length,
      sha256,
      kind,
      contentType: KIND_CONTENT_TYPES[kind],
      uploadedAt: new Date(),
    };
    filesInsertStarted = true;
    await files.insertOne({
      _id: upload.fileId,
      length: stored.length,
      chunkSize: CHUNK_SIZE,
      uploadDate: stored.uploadedAt,
      filename: stored.filename,
      // The caller's facts first: they cannot overwrite the integrity fields.
      metadata: { ...options.metadata, sha256, kind, contentType: stored.contentType },
    });
    return stored;
  } catch (error) {
    await upload.discard();
    if (filesInsertStarted) await files.deleteOne({ _id: upload.fileId }).catch(() => undefined);
    // Only now, and without an error event: whoever feeds the source learns of the refusal from
    // this promise, after nothing is left in the database.
    source.destroy();
    throw error;
  }
}

/** The stored file with this id; undefined when there is none or the id is malformed. */
export async function findFile(id: string): Promise<StoredFile | undefined> {
  const doc = await findFilesDocument(id);
  return doc && toStoredFile(doc);
}

/**
 * Re-reads every chunk of a file and checks it against the SHA-256 taken at upload, to prove a
 * file is intact. `ok` is false when a byte changed, a chunk is missing, or the length differs.
 * Throws NotFoundError when there is no such file.
 */
export async function verifyFile(
  id: string,
): Promise<{ file: StoredFile; ok: boolean; actualSha256: string }> {
  const doc = await findFilesDocument(id);
  const file = doc && toStoredFile(doc);
  if (!doc || !file) throw new NotFoundError();
  const { chunks } = collections();
  const hash = createHash('sha256');
  const expectedChunks = Math.ceil(doc.length / doc.chunkSize);
  let complete = true;
  let total = 0;
  for (let n = 0; n < expectedChunks; n++) {
    const chunk = await chunks.findOne({ _id: chunkId(doc._id, n) });
    if (!isChunkOf(chunk, doc._id, n)) {
      complete = false;
      continue;
    }
    const data = chunkBytes(chunk);
    hash.update(data);
    total += data.length;
  }
  const actualSha256 = hash.digest('hex');
  return { file, ok: complete && total === file.length && actualSha256 === file.sha256, actualSha256 };
}

async function* chunksOf(file: StoredFile): AsyncGenerator<Buffer> {
  const fileId = parseFileId(file.id);
  if (!fileId) throw new FileIntegrityError(`not a stored file id: ${file.id}`);
  const { chunks } = collections();
  let sent = 0;
  // Chunk by chunk, each fetched only when the reader wants more: memory stays at about a chunk.
  for (let n = 0; sent < file.length; n++) {
    const chunk = await chunks.findOne({ _id: chunkId(fileId, n) });
    if (!isChunkOf(chunk, fileId, n)) throw new FileIntegrityError(`file ${file.id}: chunk ${n} is missing`);
    const data = chunkBytes(chunk);
    sent += data.length;
    if (sent > file.length || data.length === 0)
      throw new FileIntegrityError(`file ${file.id}: chunk ${n} does not match the file's length`);
    yield data;
  }
}

/**
 * The file's bytes as a stream, for a download. A missing or damaged chunk ends the stream with
 * a FileIntegrityError (the bytes are not re-hashed here; verifyFile does that).
 */
export function openFileStream(file: StoredFile): Readable {
  return Readable.from(chunksOf(file), { objectMode: false });
}

/** Deletes a file: its chunks first, then the files document. Nothing happens for an unknown id. */
export async function deleteFile(id: string): Promise<void> {
  const doc = await findFilesDocument(id);
  if (!doc) return;
  const { files, chunks } = collections();
  const chunkSize = Number.isInteger(doc.chunkSize) && doc.chunkSize > 0 ? doc.chunkSize : CHUNK_SIZE;
  const expectedChunks = Math.ceil(doc.length / chunkSize);
  for (let n = 0; n < expectedChunks; n++) await chunks.deleteOne({ _id: chunkId(doc._id, n) });
  await files.deleteOne({ _id: doc._id });
}
