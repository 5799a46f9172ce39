import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import { ConfigError, loadConfig } from '../../src/config';
import {
  FieldDecryptionError,
  FieldKeysError,
  currentKeyId,
  decryptField,
  encryptField,
  isEncrypted,
  loadFieldKeys,
  revealField,
} from '../../src/lib/crypto/field-encryption';
import { KEYRING_FILE_NAME, unloadFieldKeys } from '../../src/lib/crypto/keyring';
import { testConfig, testDataDir } from '../helpers/environment';
import { startProcess } from '../helpers/server-process';

const key = () => randomBytes(32).toString('base64');

/** Replaces one part of an `enc:v1:id:iv:tag:ct` value. */
function withPart(stored: string, index: number, change: (part: string) => string): string {
  const parts = stored.split(':');
  parts[index] = change(parts[index]!);
  return parts.join(':');
}

/** Flips one bit of a base64url part. */
const flipped = (part: string) => {
  const bytes = Buffer.from(part, 'base64url');
  bytes[0] = bytes[0]! ^ 1;
  return bytes.toString('base64url');
};

describe('encryption: field encryption (unit)', () => {
  // Some tests load other keys; every test ends with the test run's own keyring again.
  afterEach(() => loadFieldKeys(testConfig()));

  it('a value encrypted and decrypted → the same text, Chinese and empty text included', () => {
    for (const plain of ['+86 10 6512 3456', 'li.na@northwind.example', '王小明 · 数据保护官', '']) {
      const stored = encryptField(plain);
      expect(isEncrypted(stored)).to.equal(true);
      expect(decryptField(stored)).to.equal(plain);
    }
  });

  it('a value → stored as enc:v1 with the current key id and without the plain text', () => {
    const stored = encryptField('li.na@northwind.example');
    expect(stored.startsWith(`enc:v1:${currentKeyId()}:`)).to.equal(true);
    expect(stored).not.to.include('northwind');
  });

  it('the same text twice → two different ciphertexts (a fresh IV each time)', () => {
    const first = encryptField('+86 10 6512 3456');
    const second = encryptField('+86 10 6512 3456');
    expect(first).not.to.equal(second);
    expect(first.split(':')[3]).not.to.equal(second.split(':')[3]);
  });

  it('a tampered ciphertext, tag or IV → FieldDecryptionError, never other text', () => {
    const stored = encryptField('li.na@northwind.example');
    for (const index of [3, 4, 5]) {
      expect(() => decryptField(withPart(stored, index, flipped)), `part ${index}`).to.throw(
        FieldDecryptionError,
        /integrity check failed|malformed/,
      );
    }
  });

  it('an unknown key id → FieldDecryptionError naming the id', () => {
    const stored = withPart(encryptField('secret'), 2, () => 'nosuchkey');
    expect(() => decryptField(stored)).to.throw(
      FieldDecryptionError,
      'unknown field encryption key id "nosuchkey"',
    );
  });

  it('a value moved to another known key id → the integrity check fails', () => {
    const first = 'k-one';
    const second = 'k-two';
    const config = loadConfig({ FIELD_ENCRYPTION_KEYS: `${first}:${key()},${second}:${key()}` });
    loadFieldKeys(config);
    const stored = encryptField('secret');
    expect(() => decryptField(withPart(stored, 2, () => second))).to.throw(FieldDecryptionError, 'integrity');
  });

  it('a value encrypted for one purpose and read for another → the integrity check fails', () => {
    const stored = encryptField('+86 10 6512 3456', 'suppliers.contacts.phone');
    expect(decryptField(stored, 'suppliers.contacts.phone')).to.equal('+86 10 6512 3456');
    expect(() => decryptField(stored, 'suppliers.contacts.email')).to.throw(FieldDecryptionError);
    expect(() => decryptField(stored)).to.throw(FieldDecryptionError);
  });

  it('plain text → decryptField refuses it, revealField passes it through (data from before encryption)', () => {
    expect(() => decryptField('li.na@northwind.example')).to.throw(FieldDecryptionError, 'not an encrypted');
    expect(revealField('li.na@northwind.example')).to.equal('li.na@northwind.example');
    expect(isEncrypted('li.na@northwind.example')).to.equal(false);
    expect(isEncrypted(undefined)).to.equal(false);
    expect(isEncrypted(42)).to.equal(false);
  });

  it('a call before the keys are loaded → FieldKeysError that says to call loadFieldKeys', () => {
    unloadFieldKeys();
    expect(() => encryptField('x')).to.throw(FieldKeysError, /loadFieldKeys/);
    expect(() => currentKeyId()).to.throw(FieldKeysError);
  });
});

describe('encryption: where keys come from (unit)', () => {
  afterEach(() => loadFieldKeys(testConfig()));

  it('no keys configured → a keyring file in DATA_DIR readable by its owner only, the same after a reload', () => {
    const file = path.join(testDataDir(), KEYRING_FILE_NAME);
    expect(fs.existsSync(file)).to.equal(true);
    expect(fs.statSync(file).mode & 0o777).to.equal(0o600);
    const stored = encryptField('kept across restarts');
    unloadFieldKeys();
    loadFieldKeys(testConfig());
    expect(decryptField(stored)).to.equal('kept across restarts');
  });

  it('FIELD_ENCRYPTION_KEYS → new values use the first key, or FIELD_ENCRYPTION_KEY_ID; all keys still read', () => {
    const keys = `new:${key()},old:${key()}`;
    loadFieldKeys(loadConfig({ FIELD_ENCRYPTION_KEYS: keys, FIELD_ENCRYPTION_KEY_ID: 'old' }));
    const underOld = encryptField('secret');
    expect(currentKeyId()).to.equal('old');
    loadFieldKeys(loadConfig({ FIELD_ENCRYPTION_KEYS: keys }));
    expect(currentKeyId()).to.equal('new');
    expect(decryptField(underOld)).to.equal('secret');
  });

  it('production without FIELD_ENCRYPTION_KEYS → start-up refused with a message naming the setting', () => {
    const config = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(40),
      DATA_DIR: testDataDir(),
    });
    expect(() => loadFieldKeys(config)).to.throw(FieldKeysError, /FIELD_ENCRYPTION_KEYS is required/);
  });

  it('a malformed key list or a key id that is not in it → ConfigError naming the setting', () => {
    for (const [env, name] of [
      [{ FIELD_ENCRYPTION_KEYS: 'k1:tooshort' }, 'FIELD_ENCRYPTION_KEYS'],
      [{ FIELD_ENCRYPTION_KEYS: `k1:${key()},k1:${key()}` }, 'FIELD_ENCRYPTION_KEYS'],
      [{ FIELD_ENCRYPTION_KEYS: `k1:${key()}`, FIELD_ENCRYPTION_KEY_ID: 'k9' }, 'FIELD_ENCRYPTION_KEY_ID'],
    ] as const) {
      expect(() => loadConfig(env), JSON.stringify(env))
        .to.throw(ConfigError)
        .with.property('message')
        .that.includes(name);
    }
  });
});

describe('encryption: start-up of the portal', () => {
  it('npm start with NODE_ENV=production and no FIELD_ENCRYPTION_KEYS → exits 1 naming the setting, before touching any data', async function () {
    this.timeout(60_000);
    const started = startProcess('src/server.ts', { NODE_ENV: 'production', FIELD_ENCRYPTION_KEYS: '' });
    try {
      const { code } = await started.exited;
      expect(code).to.equal(1);
      expect(started.stderr()).to.include('FIELD_ENCRYPTION_KEYS is required when NODE_ENV=production');
      expect(
        fs.existsSync(path.join(started.dataDir, KEYRING_FILE_NAME)),
        'no keyring file made up',
      ).to.equal(false);
    } finally {
      fs.rmSync(started.dataDir, { recursive: true, force: true });
    }
  });
});
