import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { currentKey, keyFor } from './keyring';

export { FieldKeysError, loadFieldKeys, reloadFieldKeys, type FieldKeyConfig } from './keyring';

/**
 * Encryption of single personal fields at rest (AES-256-GCM).
 *
 * A stored value describes itself: `enc:v1:<keyId>:<iv>:<tag>:<ciphertext>` (base64url parts),
 * so values written under different keys can live side by side during a rotation. The header
 * (version and key id) and an optional purpose are authenticated as additional data: moving a
 * value to another key id, or to a field with another purpose, fails the tag check.
 */

const PREFIX = 'enc';
const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const STORED_PATTERN = /^enc:v1:([A-Za-z0-9_-]{1,32}):([A-Za-z0-9_-]+):([A-Za-z0-9_-]+):([A-Za-z0-9_-]*)$/;

/** Raised when a stored value cannot be decrypted; the message never contains the value. */
export class FieldDecryptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldDecryptionError';
  }
}

function additionalData(keyId: string, purpose: string | undefined): Buffer {
  return Buffer.from(`${PREFIX}:${VERSION}:${keyId}${purpose ? `:${purpose}` : ''}`, 'utf8');
}

/** Encrypts one field value with the current key and a fresh random IV. */
export function encryptField(plain: string, purpose?: string): string {
  const { id, key } = currentKey();
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(additionalData(id, purpose));
  const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [
    PREFIX,
    VERSION,
    id,
    iv.toString('base64url'),
    tag.toString('base64url'),
    ciphertext.toString('base64url'),
  ].join(':');
}

/** Decrypts a value written by encryptField; throws FieldDecryptionError rather than return garbage. */
export function decryptField(stored: string, purpose?: string): string {
  const match = typeof stored === 'string' ? STORED_PATTERN.exec(stored) : null;
  if (!match) throw new FieldDecryptionError('not an encrypted field value (expected enc:v1:…)');
  const [, keyId = '', ivText = '', tagText = '', ciphertextText = ''] = match;
  const key = keyFor(keyId);
  if (!key) throw new FieldDecryptionError(`unknown field encryption key id "${keyId}"`);
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new FieldDecryptionError(`malformed encrypted value (key id "${keyId}")`);
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(additionalData(keyId, purpose));
    decipher.setAuthTag(tag);
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertextText, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  } catch {
    throw new FieldDecryptionError(`integrity check failed for a value under key id "${keyId}"`);
  }
}

/** Whether a stored value is in the encrypted format (anything else is legacy plain text). */
export function isEncrypted(value: unknown): boolean {
  return typeof value === 'string' && STORED_PATTERN.test(value);
}

/** The key id a stored encrypted value names, or undefined for plain text. */
export function keyIdOf(value: unknown): string | undefined {
  return typeof value === 'string' ? STORED_PATTERN.exec(value)?.[1] : undefined;
}

/** The id of the key new values are encrypted with. */
export function currentKeyId(): string {
  return currentKey().id;
}

/**
 * The readable form of a stored field: decrypts encrypted values and passes plain legacy values
 * (written before encryption existed) through unchanged; empty stays empty.
 */
export function revealField(stored: string | null | undefined, purpose?: string): string {
  if (stored === null || stored === undefined || stored === '') return '';
  return isEncrypted(stored) ? decryptField(stored, purpose) : stored;
}

/** The stored form of an optional field: encrypted, except that an empty value stays empty. */
export function sealField(plain: string | null | undefined, purpose?: string): string {
  if (plain === null || plain === undefined || plain === '') return '';
  // Always encrypt, even text that looks encrypted: a typed "enc:v1:…" must not be stored as a value to decrypt.
  return encryptField(plain, purpose);
}

/** Whether a stored value should be (re-)encrypted: plain text, or encrypted under an old key. */
export function needsReencryption(stored: unknown): boolean {
  if (typeof stored !== 'string' || stored === '') return false;
  const keyId = keyIdOf(stored);
  return keyId === undefined || keyId !== currentKeyId();
}
