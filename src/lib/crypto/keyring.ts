import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the field-encryption keys come from and which one new values use.
 *
 * Two sources: keys given in the configuration (production), or a keyring file in the data
 * folder (development and tests) that `npm run keys:rotate` may change while the portal runs.
 * In file mode a running process notices a new key in two ways: a value carrying a key id it
 * does not know makes it re-read the file at once, and writers look at the file's timestamp at
 * most once a second so new values soon use the new current key.
 */

/** The configuration this module needs (a subset of src/config's Config). */
export interface FieldKeyConfig {
  readonly dataDir: string;
  readonly isProduction: boolean;
  readonly fieldEncryption: {
    readonly keys: readonly { readonly id: string; readonly key: string }[];
    readonly currentKeyId: string | undefined;
  };
}

/** Raised when keys are missing, unreadable or not loaded yet; the message says what to do. */
export class FieldKeysError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FieldKeysError';
  }
}

/** The keyring file's name inside DATA_DIR. */
export const KEYRING_FILE_NAME = 'field-keys.json';
const KEY_BYTES = 32;
/** How often (at most) a writer checks whether the keyring file changed. */
const FILE_CHECK_INTERVAL_MS = 1000;

interface KeyringFile {
  version: 1;
  current: string;
  keys: { id: string; key: string; createdAt: string }[];
}

interface Keyring {
  source: 'config' | 'file';
  file: string | undefined;
  keys: Map<string, Buffer>;
  currentId: string;
  fileStamp: string;
  checkedAt: number;
}

let keyring: Keyring | undefined;

function loaded(): Keyring {
  if (!keyring) {
    throw new FieldKeysError(
      'Field encryption keys are not loaded: call loadFieldKeys(config) at start-up before reading or writing encrypted fields.',
    );
  }
  return keyring;
}

/** A new random key id, e.g. "k20250101-1a2b3c". */
export function newKeyId(now = new Date()): string {
  return `k${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}

/** A new random 32-byte key, base64-encoded. */
export function newKeyMaterial(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

function stampOf(file: string): string {
  const stat = fs.statSync(file);
  return `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
}

function readKeyringFile(file: string): KeyringFile {
  let parsed: Partial<KeyringFile> | null;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<KeyringFile> | null;
  } catch (error) {
    throw new FieldKeysError(`The keyring file ${file} cannot be read: ${(error as Error).message}`);
  }
  const keys = parsed?.version === 1 && Array.isArray(parsed.keys) ? parsed.keys : [];
  const valid =
    keys.every(
      (entry) =>
        typeof entry.id === 'string' &&
        typeof entry.key === 'string' &&
        Buffer.from(entry.key, 'base64').length === KEY_BYTES,
    ) && keys.some((entry) => entry.id === parsed?.current);
  if (!valid || !parsed?.current)
    throw new FieldKeysError(`The keyring file ${file} is damaged: its current key is missing or invalid.`);
  return { version: 1, current: parsed.current, keys };
}

function fileKeyring(file: string): Keyring {
  const stamp = stampOf(file);
  const content = readKeyringFile(file);
  return {
    source: 'file',
    file,
    keys: new Map(content.keys.map((entry) => [entry.id, Buffer.from(entry.key, 'base64')])),
    currentId: content.current,
    fileStamp: stamp,
    checkedAt: Date.now(),
  };
}

/** Writes a file readable by its owner only, replacing any old one in one step. */
function writePrivately(file: string, content: KeyringFile): void {
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  fs.renameSync(temporary, file);
}

/** Creates the keyring file with one key unless it exists (two processes may race: one wins). */
function createKeyringFileIfMissing(file: string): void {
  if (fs.existsSync(file)) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const id = newKeyId();
  const content: KeyringFile = {
    version: 1,
    current: id,
    keys: [{ id, key: newKeyMaterial(), createdAt: new Date().toISOString() }],
  };
  const temporary = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    // link() fails if the file appeared meanwhile, so a key another process already uses is never replaced.
    fs.linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/**
 * Loads the field-encryption keys for this process: from the configuration when it has any,
 * otherwise from (or into a new) keyring file in DATA_DIR. Production without configured keys is
 * refused, because a key generated on one machine would make data unreadable on the next.
 */
export function loadFieldKeys(config: FieldKeyConfig): void {
  const { keys, currentKeyId } = config.fieldEncryption;
  const firstId = keys[0]?.id;
  if (firstId !== undefined) {
    keyring = {
      source: 'config',
      file: undefined,
      keys: new Map(keys.map((entry) => [entry.id, Buffer.from(entry.key, 'base64')])),
      currentId: currentKeyId ?? firstId,
      fileStamp: '',
      checkedAt: 0,
    };
    return;
  }
  if (config.isProduction) {
    throw new FieldKeysError(
      'FIELD_ENCRYPTION_KEYS is required when NODE_ENV=production. Generate a key with ' +
        '`npm run keys:rotate -- --new-key` and set FIELD_ENCRYPTION_KEYS=<id>:<key> (see README, "Field encryption").',
    );
  }
  const file = path.join(config.dataDir, KEYRING_FILE_NAME);
  createKeyringFileIfMissing(file);
  keyring = fileKeyring(file);
}

/** Forgets the loaded keys (tests of the "not loaded" error). */
export function unloadFieldKeys(): void {
  keyring = undefined;
}

/** Re-reads the keyring file now (file mode only); returns whether anything changed. */
export function reloadFieldKeys(): boolean {
  const ring = loaded();
  if (ring.source !== 'file' || !ring.file) return false;
  const before = ring.fileStamp;
  keyring = fileKeyring(ring.file);
  return keyring.fileStamp !== before;
}

/** The key a stored value names, re-reading the keyring file once when the id is unknown. */
export function keyFor(id: string): Buffer | undefined {
  const ring = loaded();
  const known = ring.keys.get(id);
  if (known || ring.source !== 'file') return known;
  reloadFieldKeys();
  return loaded().keys.get(id);
}

/** The id and key new values are encrypted with (picks up a rotated keyring file within a second). */
export function currentKey(): { id: string; key: Buffer } {
  let ring = loaded();
  if (ring.source === 'file' && ring.file && Date.now() - ring.checkedAt > FILE_CHECK_INTERVAL_MS) {
    ring.checkedAt = Date.now();
    if (stampOf(ring.file) !== ring.fileStamp) keyring = fileKeyring(ring.file);
    ring = loaded();
  }
  const key = ring.keys.get(ring.currentId);
  // Both sources check that the current id names a key; this only guards against a broken invariant.
  if (!key) throw new FieldKeysError(`The current field key ${ring.currentId} is missing from the keyring.`);
  return { id: ring.currentId, key };
}

/** Whether the keys come from the configuration or from the keyring file (and which file). */
export function keySource(): { source: 'config' | 'file'; file: string | undefined; keyIds: string[] } {
  const ring = loaded();
  return { source: ring.source, file: ring.file, keyIds: [...ring.keys.keys()] };
}

/**
 * Adds a new random key to the keyring file and makes it current (rotation in file mode).
 * A lock file keeps two rotations from each writing a keyring that lacks the other's key.
 */
export function addKeyToKeyringFile(): string {
  const ring = loaded();
  if (ring.source !== 'file' || !ring.file) {
    throw new FieldKeysError('Keys come from FIELD_ENCRYPTION_KEYS: add the new key there (see README).');
  }
  const lock = `${ring.file}.lock`;
  try {
    fs.writeFileSync(lock, String(process.pid), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new FieldKeysError(
      `Another key rotation holds ${lock}; if none is running, delete that file and retry.`,
    );
  }
  try {
    const content = readKeyringFile(ring.file);
    const id = newKeyId();
    content.keys.push({ id, key: newKeyMaterial(), createdAt: new Date().toISOString() });
    content.current = id;
    writePrivately(ring.file, content);
    keyring = fileKeyring(ring.file);
    return id;
  } finally {
    fs.rmSync(lock, { force: true });
  }
}
