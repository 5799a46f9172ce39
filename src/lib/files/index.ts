/**
 * Uploaded files in the database (GridFS layout, chunks read by _id): store with a content
 * check, find, verify, stream and delete; plus the upload middleware for Express routes.
 */
export { UploadRejectedError, type UploadRejectionReason } from '../errors';
export {
  CHUNK_SIZE,
  FileIntegrityError,
  deleteFile,
  findFile,
  openFileStream,
  sanitizeFilename,
  storeFile,
  verifyFile,
  type FileMetadata,
  type StoreFileOptions,
  type StoredFile,
} from './file-store';
export {
  FILE_KINDS,
  KIND_CONTENT_TYPES,
  KIND_EXTENSIONS,
  SNIFF_BYTES,
  detectKind,
  type FileKind,
} from './sniff';
export { fileUpload, readUploadIntoMemory, type FileUploadOptions } from './upload';
export { IntegrityError, contentDisposition, openVerified, sendDownload } from './verified-download';
