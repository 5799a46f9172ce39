import type { Readable } from 'node:stream';
import type { Response } from 'express';
import { AppError, NotFoundError } from '../errors';
import { openFileStream, verifyFile, type StoredFile } from './file-store';

/** A stored file no longer matches the SHA-256 taken when it was uploaded (or is gone). */
export class IntegrityError extends AppError {
  constructor() {
    super(409, 'files.errors.integrity');
  }
}

/**
 * Opens a stored file for download only after reading it once and checking its SHA-256
 * against `expectedSha256` (taken at upload). A missing or altered file yields
 * `{ ok: false }` so that the caller can audit the failure before refusing.
 */
export async function openVerified(
  fileId: string,
  expectedSha256: string,
): Promise<{ ok: true; file: StoredFile; stream: Readable } | { ok: false; actualSha256: string }> {
  const check = await verifyFile(fileId).catch((error: unknown) => {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  });
  if (!check?.ok || check.actualSha256 !== expectedSha256) {
    return { ok: false, actualSha256: check?.actualSha256 ?? 'missing' };
  }
  return { ok: true, file: check.file, stream: openFileStream(check.file) };
}

/** An attachment header that keeps a Chinese file name (RFC 6266 / 5987). */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** What a download response needs to know about the file it streams. */
interface DownloadableFile {
  filename: string;
  length: number;
  contentType: string;
}

/** Streams a verified file as a private, uncacheable attachment. */
export function sendDownload(res: Response, file: DownloadableFile, stream: Readable): void {
  res.setHeader('Content-Type', file.contentType);
  res.setHeader('Content-Length', String(file.length));
  res.setHeader('Content-Disposition', contentDisposition(file.filename));
  res.setHeader('Cache-Control', 'private, no-store');
  stream.on('error', (error) => res.destroy(error));
  stream.pipe(res);
}
