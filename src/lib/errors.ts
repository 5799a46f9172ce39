/**
 * The catalogue of errors the application raises on purpose. Each carries an HTTP status and
 * an i18n key for a message that is safe to show to the user; anything else is a 500 whose
 * details stay in the logs.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly messageKey: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(messageKey);
    this.name = new.target.name;
  }
}

export class NotFoundError extends AppError {
  constructor(messageKey = 'errors.notFound.message') {
    super(404, messageKey);
  }
}

export class ForbiddenError extends AppError {
  constructor(messageKey = 'errors.forbidden.message') {
    super(403, messageKey);
  }
}

export class ConflictError extends AppError {
  constructor(messageKey: string, params: Record<string, string | number> = {}) {
    super(409, messageKey, params);
  }
}

export class BadRequestError extends AppError {
  constructor(messageKey = 'errors.badRequest.message') {
    super(400, messageKey);
  }
}

export class CsrfError extends AppError {
  constructor() {
    super(403, 'errors.csrf.message');
  }
}

export class TooManyRequestsError extends AppError {
  constructor(messageKey = 'errors.tooManyRequests.message') {
    super(429, messageKey);
  }
}

export class ServiceUnavailableError extends AppError {
  constructor() {
    super(503, 'errors.unavailable.message');
  }
}

/** A translated message for one form field: an i18n key and its interpolation values. */
export interface FieldMessage {
  key: string;
  params?: Record<string, string | number>;
}

/** Input that failed validation; the form is shown again with these messages beside the fields. */
export class ValidationError extends AppError {
  constructor(readonly fieldErrors: Record<string, FieldMessage>) {
    super(422, 'errors.validation.message');
  }
}

/** Why an uploaded file was refused. */
export type UploadRejectionReason = 'type' | 'size' | 'empty';

const MIB = 1024 * 1024;

const uploadMessageKeys: Record<UploadRejectionReason, string> = {
  type: 'files.errors.type',
  size: 'files.errors.size',
  empty: 'files.errors.empty',
};

function uploadParams(limitBytes: number | undefined, accepted: readonly string[]) {
  const params: Record<string, string | number> = {};
  if (limitBytes !== undefined) {
    const mb = limitBytes / MIB;
    params.mb = mb >= 1 ? Math.round(mb * 10) / 10 : Number(mb.toPrecision(2));
  }
  if (accepted.length > 0) params.types = accepted.join(', ');
  return params;
}

/**
 * An upload refused for its content: not one of the accepted kinds (422), larger than the limit
 * (413, with the limit as `{mb}`), or empty (422). Nothing of the file is kept. `accepted`
 * (e.g. ["PDF", "DOCX"]) becomes `{types}` for the message.
 */
export class UploadRejectedError extends AppError {
  constructor(
    readonly reason: UploadRejectionReason,
    readonly limitBytes?: number,
    readonly accepted: readonly string[] = [],
  ) {
    super(reason === 'size' ? 413 : 422, uploadMessageKeys[reason], uploadParams(limitBytes, accepted));
  }
}

const databaseErrorNames = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoPoolClearedError',
  'MongoClientClosedError',
]);

/** True for errors that mean "the database cannot be reached right now". */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (databaseErrorNames.has(error.name)) return true;
  if (error.cause instanceof Error && databaseErrorNames.has(error.cause.name)) return true;
  return /buffering timed out|before initial connection is complete|Client must be connected/i.test(
    error.message,
  );
}

/** True for a MongoDB duplicate-key error (a unique index refused the write). */
export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 11000;
}
