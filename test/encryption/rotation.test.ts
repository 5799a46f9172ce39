import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import mongoose, { Types } from 'mongoose';
import { currentKeyId, decryptField, encryptField, keyIdOf } from '../../src/lib/crypto/field-encryption';
import { addKeyToKeyringFile, KEYRING_FILE_NAME } from '../../src/lib/crypto/keyring';
import { reencryptAll } from '../../src/lib/crypto/rotation';
import { supplierDirectory } from '../../src/modules/suppliers';
import { SupplierModel } from '../../src/modules/suppliers/suppliers.model';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { resetDatabase, testDatabaseUri, testDataDir, TEST_SESSION_SECRET } from '../helpers/environment';
import { createUser } from '../helpers/factories';
import { submit, supplierIdFrom, textOf } from '../suppliers/support';

const run = promisify(execFile);
const projectRoot = path.resolve(__dirname, '..', '..');
const TOTP_SECRET = 'JBSWY3DPEHPK3PXP';
const MFA_PURPOSE = 'users.mfaSecret';

const db = () => {
  const database = mongoose.connection.db;
  if (!database) throw new Error('not connected');
  return database;
};

/** Every encrypted value stored in suppliers and users, with its key id. */
async function storedValues(): Promise<{ value: string; keyId: string | undefined }[]> {
  const values: string[] = [];
  for (const supplier of await db().collection('suppliers').find({}).toArray()) {
    for (const contact of (supplier.contacts ?? []) as { email?: string; phone?: string }[]) {
      if (contact.email) values.push(contact.email);
      if (contact.phone) values.push(contact.phone);
    }
  }
  for (const user of await db()
    .collection('users')
    .find({ mfaSecret: { $exists: true } })
    .toArray()) {
    values.push(String(user.mfaSecret));
  }
  return values.map((value) => ({ value, keyId: keyIdOf(value) }));
}

/** Creates `count` suppliers through the real form, each with a phone and an e-mail. */
async function suppliersThroughForm(buyer: SignedIn, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let index = 0; index < count; index++) {
    const response = await submit(buyer.agent, '/suppliers', {
      name: `Rotating Supplier ${index}`,
      volume: 'none',
      access: 'none',
      criticality: 'low',
      contact_name_0: `Contact ${index}`,
      contact_email_0: `contact${index}@rotate.example`,
      contact_phone_0: `+86 21 5555 ${1000 + index}`,
    });
    ids.push(supplierIdFrom(response));
  }
  return ids;
}

/** A supplier written before encryption existed: plain contacts. */
async function legacySupplier(): Promise<string> {
  const created = await SupplierModel.create({
    name: 'Legacy Ltd',
    status: 'active',
    contacts: [{ name: 'Old Contact', email: 'old@legacy.example', phone: '+44 20 7946 0000' }],
  });
  await supplierDirectory.publish(created.toObject());
  return created._id.toString();
}

/** A user whose TOTP secret is stored the way the MFA feature stores it. */
async function userWithMfaSecret(): Promise<string> {
  const user = await createUser({ role: 'admin' });
  await db()
    .collection('users')
    .updateOne(
      { _id: new Types.ObjectId(user.id) },
      { $set: { mfaSecret: encryptField(TOTP_SECRET, MFA_PURPOSE) } },
    );
  return user.id;
}

/** What the supplier page shows of each supplier's first contact. */
async function shownContacts(buyer: SignedIn, ids: string[]): Promise<string[]> {
  const shown: string[] = [];
  for (const id of ids) {
    const page = await buyer.agent.get(`/suppliers/${id}`);
    expect(page.status).to.equal(200);
    const text = textOf(page.text);
    const match = /(\S+@\S+\.example) (\+\d+ \d+ \d+ \d+)/.exec(text);
    shown.push(match ? `${match[1]} ${match[2]}` : `nothing readable on ${id}`);
  }
  return shown;
}

async function mfaSecretOf(userId: string): Promise<string> {
  const user = await db()
    .collection('users')
    .findOne({ _id: new Types.ObjectId(userId) });
  return String(user?.mfaSecret);
}

describe('encryption: key rotation', function () {
  this.timeout(120_000);
  beforeEach(resetDatabase);

  it('rotation in the test process → every value under the new key, all read back, old ciphertexts still accepted, plain values encrypted', async () => {
    const buyer = await signedInAs('procurement');
    const ids = await suppliersThroughForm(buyer, 3);
    const legacyId = await legacySupplier();
    const userId = await userWithMfaSecret();
    const before = await shownContacts(buyer, [...ids, legacyId]);
    const oldSecret = await mfaSecretOf(userId);
    const oldKey = currentKeyId();

    const newKey = addKeyToKeyringFile();
    const report = await reencryptAll(db(), { batchSize: 2 });

    expect(newKey).not.to.equal(oldKey);
    expect(report.keyId).to.equal(newKey);
    expect(report.unreadable).to.deep.equal([]);
    const counts = Object.fromEntries(report.fields.map((field) => [field.field, field]));
    expect(counts['suppliers.contacts[].email']).to.include({ reencrypted: 3, encrypted: 1, current: 0 });
    expect(counts['suppliers.contacts[].phone']).to.include({ reencrypted: 3, encrypted: 1, current: 0 });
    expect(counts['users.mfaSecret']).to.include({ reencrypted: 1, encrypted: 0 });
    const values = await storedValues();
    expect(values).to.have.length(9);
    expect(values.map((value) => value.keyId)).to.deep.equal(values.map(() => newKey));
    expect(await shownContacts(buyer, [...ids, legacyId])).to.deep.equal(before);
    expect(decryptField(await mfaSecretOf(userId), MFA_PURPOSE)).to.equal(TOTP_SECRET);
    expect(decryptField(oldSecret, MFA_PURPOSE), 'the old key still reads old copies').to.equal(TOTP_SECRET);
  });

  it('rotation stopped after one document, then run again → nothing lost, the second run finishes and skips what is done', async () => {
    const buyer = await signedInAs('procurement');
    const ids = await suppliersThroughForm(buyer, 3);
    const before = await shownContacts(buyer, ids);
    addKeyToKeyringFile();

    const first = await reencryptAll(db(), { maxWrites: 1 });
    expect(first.interrupted).to.equal(true);
    const keyIds = (await storedValues()).map((value) => value.keyId);
    expect(new Set(keyIds).size, 'old and new keys side by side').to.equal(2);
    expect(await shownContacts(buyer, ids), 'the app reads both meanwhile').to.deep.equal(before);

    const second = await reencryptAll(db());
    expect(second.interrupted).to.equal(false);
    const email = second.fields.find((field) => field.field === 'suppliers.contacts[].email');
    expect(email).to.include({ reencrypted: 2, current: 1 });
    const third = await reencryptAll(db());
    expect(third.fields.every((field) => field.reencrypted === 0 && field.encrypted === 0)).to.equal(true);
    expect((await storedValues()).every((value) => value.keyId === currentKeyId())).to.equal(true);
    expect(await shownContacts(buyer, ids)).to.deep.equal(before);
  });

  it('the app edits a contact between the rotation reading and writing the document → the edit is kept, the document re-encrypted on a retry', async () => {
    const buyer = await signedInAs('procurement');
    const [id = ''] = await suppliersThroughForm(buyer, 1);
    addKeyToKeyringFile();
    let edited = false;
    // The first write of the rotation waits for a user's save of the same supplier.
    const racingDb = new Proxy(db(), {
      get(target, property, receiver) {
        if (property !== 'collection') return Reflect.get(target, property, receiver) as unknown;
        return (name: string) => {
          const collection = target.collection(name);
          return new Proxy(collection, {
            get(inner, key, innerReceiver) {
              if (key !== 'updateOne' || edited) return Reflect.get(inner, key, innerReceiver) as unknown;
              return async (...args: Parameters<typeof collection.updateOne>) => {
                edited = true;
                const saved = await submit(buyer.agent, `/suppliers/${id}`, {
                  name: 'Rotating Supplier 0',
                  volume: 'none',
                  access: 'none',
                  criticality: 'low',
                  contact_name_0: 'Contact 0',
                  contact_email_0: 'contact0@rotate.example',
                  contact_phone_0: '+86 21 5555 9999',
                });
                expect(saved.status).to.equal(303);
                return inner.updateOne(...args);
              };
            },
          });
        };
      },
    });
    const report = await reencryptAll(racingDb);
    expect(edited).to.equal(true);
    expect(report.skipped).to.equal(0);
    expect(await shownContacts(buyer, [id])).to.deep.equal(['contact0@rotate.example +86 21 5555 9999']);
    expect((await storedValues()).every((value) => value.keyId === currentKeyId())).to.equal(true);
  });

  it('a value that does not decrypt → the rotation writes nothing and names the document', async () => {
    const buyer = await signedInAs('procurement');
    const ids = await suppliersThroughForm(buyer, 2);
    const broken = await SupplierModel.create({
      name: 'Broken Ltd',
      status: 'active',
      contacts: [{ name: 'Someone', email: 'enc:v1:lostkey:AAAAAAAAAAAAAAAA:AAAAAAAAAAAAAAAAAAAAAA:AAAA' }],
    });
    const valuesBefore = await storedValues();
    addKeyToKeyringFile();
    const report = await reencryptAll(db());
    expect(report.unreadable).to.have.length(1);
    expect(report.unreadable[0]).to.include({
      field: 'suppliers.contacts[].email',
      id: broken._id.toString(),
    });
    expect(report.unreadable[0]?.reason).to.include('unknown field encryption key id "lostkey"');
    expect(await storedValues()).to.deep.equal(valuesBefore);
    expect(await shownContacts(buyer, ids)).to.have.length(2);
  });

  describe('npm run keys:rotate as its own process, while this process serves the app', () => {
    const script = (args: string[] = []) =>
      run(process.execPath, ['--import', 'tsx', 'scripts/keys-rotate.ts', ...args], {
        cwd: projectRoot,
        env: {
          ...process.env,
          NODE_ENV: 'test',
          DATA_DIR: testDataDir(),
          MONGODB_URI: testDatabaseUri(),
          SESSION_SECRET: TEST_SESSION_SECRET,
          LOG_LEVEL: 'silent',
          FIELD_ENCRYPTION_KEYS: '',
        },
      });

    it('the script → adds a key to the keyring file, prints the counts per field; the running app reads every value and soon writes with the new key', async () => {
      const buyer = await signedInAs('procurement');
      const ids = await suppliersThroughForm(buyer, 2);
      const legacyId = await legacySupplier();
      const userId = await userWithMfaSecret();
      const before = await shownContacts(buyer, [...ids, legacyId]);
      const oldKey = currentKeyId();

      const { stdout } = await script();

      const keyring = JSON.parse(fs.readFileSync(path.join(testDataDir(), KEYRING_FILE_NAME), 'utf8')) as {
        current: string;
        keys: { id: string }[];
      };
      expect(keyring.current).not.to.equal(oldKey);
      expect(keyring.keys.map((key) => key.id)).to.include(oldKey);
      expect(stdout).to.include(`Re-encrypted under key ${keyring.current}`);
      expect(stdout).to.include(
        'suppliers.contacts[].email: 2 re-encrypted, 1 plain values encrypted, 0 already current',
      );
      expect(stdout).to.include('users.mfaSecret: 1 re-encrypted');
      expect((await storedValues()).every((value) => value.keyId === keyring.current)).to.equal(true);
      // This process never restarted: it meets the new key id and reads the keyring again.
      expect(await shownContacts(buyer, [...ids, legacyId])).to.deep.equal(before);
      expect(decryptField(await mfaSecretOf(userId), MFA_PURPOSE)).to.equal(TOTP_SECRET);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(currentKeyId(), 'new writes use the new key').to.equal(keyring.current);

      const again = await script(['--resume']);
      expect(again.stdout).to.include(
        'suppliers.contacts[].email: 0 re-encrypted, 0 plain values encrypted, 3 already current',
      );
    });

    it('the script with a value it cannot decrypt → exit 1, the value named, no key added, nothing written', async () => {
      const buyer = await signedInAs('procurement');
      await suppliersThroughForm(buyer, 1);
      await db().collection('users').insertOne({
        email: 'broken@example.test',
        name: 'Broken',
        role: 'admin',
        mfaSecret: 'enc:v1:lostkey:AAAA:BBBB:CCCC',
      });
      const valuesBefore = await storedValues();
      const keyringBefore = fs.readFileSync(path.join(testDataDir(), KEYRING_FILE_NAME), 'utf8');
      const failure = await script().then(
        () => expect.fail('the script should exit 1'),
        (error: unknown) => error as { code: number; stdout: string },
      );
      expect(failure.code).to.equal(1);
      expect(failure.stdout).to.include('Nothing was written: 1 value(s) cannot be decrypted');
      expect(failure.stdout).to.include('users.mfaSecret in document');
      expect(fs.readFileSync(path.join(testDataDir(), KEYRING_FILE_NAME), 'utf8')).to.equal(keyringBefore);
      expect(await storedValues()).to.deep.equal(valuesBefore);
    });

    it('--new-key → prints an id:key entry for FIELD_ENCRYPTION_KEYS with a 32-byte key', async () => {
      const { stdout } = await script(['--new-key']);
      const entry = stdout.split('\n')[0] ?? '';
      const [id, key] = entry.split(':');
      expect(id).to.match(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(key ?? '', 'base64')).to.have.length(32);
      expect(stdout).to.include('FIELD_ENCRYPTION_KEYS');
    });
  });
});
