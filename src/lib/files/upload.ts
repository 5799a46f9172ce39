import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { AppError, BadRequestError, UploadRejectedError } from '../errors';
import { deleteFile, storeFile, type FileMetadata } from './file-store';
import { SNIFF_BYTES, detectKind, type FileKind } from './sniff';

/** How many plain text fields may come with the file (a CSRF token, a title, a note...). */
const MAX_TEXT_FIELDS = 10;
/** Longest text field value, in bytes. */
const MAX_TEXT_FIELD_BYTES = 16 * 1024;

/** What multer accepts of a one-file form: the file up to `maxBytes` and a few short fields. */
function oneFileLimits(maxBytes: number): multer.Options['limits'] {
  return {
    fileSize: maxBytes,
    files: 1,
    fields: MAX_TEXT_FIELDS,
    parts: MAX_TEXT_FIELDS + 1,
    fieldSize: MAX_TEXT_FIELD_BYTES,
    fieldNameSize: 100,
    headerPairs: 50,
  };
}

/** What one upload route accepts. */
export interface FileUploadOptions {
  /** The kinds of file accepted, decided from the content. */
  accept: readonly FileKind[];
  /** The largest file accepted, in bytes. */
  maxBytes: number;
  /** The form field that carries the file; "file" unless said otherwise. */
  field?: string;
  /** False lets a form be sent without a file (req.storedFile then stays undefined). */
  required?: boolean;
  /** Facts to store with the file, such as who uploaded it (never taken from the form). */
  metadata?: (req: Request) => FileMetadata;
}

/** A multer storage engine that streams each file part into the database through storeFile. */
class DatabaseStorage implements multer.StorageEngine {
  /** Errors this engine raised, so they are passed on as they are rather than as a bad request. */
  readonly ownErrors = new WeakSet<object>();

  constructor(private readonly options: FileUploadOptions) {}

  _handleFile(
    req: Request,
    file: Express.Multer.File,
    callback: (error?: unknown, info?: Partial<Express.Multer.File>) => void,
  ): void {
    const fail = (error: unknown) => {
      if (typeof error === 'object' && error !== null) this.ownErrors.add(error);
      callback(error);
    };
    let metadata: FileMetadata | undefined;
    try {
      metadata = this.options.metadata?.(req);
    } catch (error) {
      file.stream.resume();
      fail(error);
      return;
    }
    storeFile(file.stream, {
      filename: file.originalname,
      accept: this.options.accept,
      maxBytes: this.options.maxBytes,
      ...(metadata ? { metadata } : {}),
    }).then(
      (stored) => callback(null, { size: stored.length, filename: stored.filename, storedFile: stored }),
      fail,
    );
  }

  _removeFile(_req: Request, file: Express.Multer.File, callback: (error: Error | null) => void): void {
    if (!file.storedFile) {
      callback(null);
      return;
    }
    deleteFile(file.storedFile.id).then(
      () => callback(null),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }
}

/** Turns what multer reports into the application's errors. */
function uploadError(error: unknown, storage: DatabaseStorage, maxBytes: number): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof multer.MulterError) {
    // Both the file being too large and a second file are the uploader's to fix; other limits
    // mean a form this application did not render.
    if (error.code === 'LIMIT_FILE_SIZE') return new UploadRejectedError('size', maxBytes);
    return new BadRequestError();
  }
  if (typeof error === 'object' && error !== null && storage.ownErrors.has(error)) return error;
  // The multipart body itself was malformed or cut off.
  return new BadRequestError();
}

/**
 * Middleware for a form that uploads one file: streams the file part (field "file" unless
 * `field` says otherwise) into the database, checking its kind by content and its size as it
 * arrives, and puts the result on `req.storedFile` (and `req.file.storedFile`); the form's text
 * fields land on `req.body`. A refused file ends as UploadRejectedError (413 for 'size', 422
 * otherwise) with nothing stored; a missing file is 'empty' unless `required` is false.
 */
export function fileUpload(options: FileUploadOptions): RequestHandler {
  const storage = new DatabaseStorage(options);
  const parse = multer({
    storage,
    limits: oneFileLimits(options.maxBytes),
    // Browsers send the file name as raw UTF-8; busboy's default (latin1) would garble Chinese.
    defParamCharset: 'utf8',
  }).single(options.field ?? 'file');

  return (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      if (error) {
        next(uploadError(error, storage, options.maxBytes));
        return;
      }
      const stored = req.file?.storedFile;
      if (stored) req.storedFile = stored;
      else if (options.required !== false) {
        next(new UploadRejectedError('empty'));
        return;
      }
      next();
    });
  };
}

/**
 * Reads an optional single-file upload into memory without storing it, for files that are
 * only looked at (a PDF to verify). Checks the size as it arrives and the kind by content;
 * refuses with UploadRejectedError. Resolves to undefined when the form carried no file.
 */
export function readUploadIntoMemory(
  req: Request,
  res: Response,
  options: Pick<FileUploadOptions, 'accept' | 'maxBytes' | 'field'> & { acceptedNames: readonly string[] },
): Promise<Buffer | undefined> {
  const parse = multer({
    storage: multer.memoryStorage(),
    limits: oneFileLimits(options.maxBytes),
  }).single(options.field ?? 'file');
  return new Promise((resolve, reject) => {
    parse(req, res, (error?: unknown) => {
      if (error) {
        if (error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE')
          reject(new UploadRejectedError('size', options.maxBytes));
        else reject(error instanceof AppError ? error : new BadRequestError());
        return;
      }
      const buffer = req.file?.buffer;
      if (!buffer || buffer.length === 0) return resolve(undefined);
      const kind = detectKind(buffer.subarray(0, SNIFF_BYTES));
      if (!kind || !options.accept.includes(kind))
        return reject(new UploadRejectedError('type', undefined, options.acceptedNames));
      resolve(buffer);
    });
  });
}
