import fs from 'node:fs';
import mongoose from 'mongoose';
import { ConfigError, loadConfig } from '../src/config';
import { connectWithRetry, disconnect } from '../src/db/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded';
import { FieldKeysError, loadFieldKeys } from '../src/lib/crypto/field-encryption';
import { addKeyToKeyringFile, keySource, newKeyId, newKeyMaterial } from '../src/lib/crypto/keyring';
import { findUnreadableValues, reencryptAll, type RotationReport } from '../src/lib/crypto/rotation';
import { createLogger } from '../src/lib/logger';

/**
 * `npm run keys:rotate`: rotates the field-encryption key without stopping the portal.
 *
 *   (no option)   keyring-file mode: adds a new key, makes it current, re-encrypts every value;
 *                 FIELD_ENCRYPTION_KEYS mode: re-encrypts every value under the current key.
 *   --resume      re-encrypts under the current key without adding one (after an interruption).
 *   --new-key     prints a new "id:key" entry for FIELD_ENCRYPTION_KEYS and touches nothing.
 *
 * Exit status 1 when a value cannot be decrypted (nothing is written then) or the run was stopped.
 */
const out = (line: string) => process.stdout.write(`${line}\n`);

function printReport(report: RotationReport): void {
  for (const field of report.fields) {
    out(
      `  ${field.field}: ${field.reencrypted} re-encrypted, ${field.encrypted} plain values encrypted, ${field.current} already current`,
    );
  }
  if (report.skipped > 0)
    out(`  ${report.skipped} document(s) kept changing meanwhile; run again with --resume.`);
}

async function run(args: string[]): Promise<number> {
  if (args.includes('--new-key')) {
    out(`${newKeyId()}:${newKeyMaterial()}`);
    out(
      'Add this entry FIRST in FIELD_ENCRYPTION_KEYS on every instance (keep the old keys after it), restart them one by one, then run `npm run keys:rotate`.',
    );
    return 0;
  }
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  loadFieldKeys(config);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  const stop = new AbortController();
  // Ctrl-C finishes the document being written and stops; a re-run with --resume goes on.
  process.once('SIGINT', () => stop.abort());
  process.once('SIGTERM', () => stop.abort());
  try {
    embedded = config.mongodbUri
      ? undefined
      : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
    await connectWithRetry(config.mongodbUri ?? embedded?.uri ?? '', logger, AbortSignal.timeout(60_000));
    const db = mongoose.connection.db;
    if (!db) throw new Error('not connected');
    const source = keySource();
    if (source.source === 'file' && !args.includes('--resume')) {
      // Check that everything is readable before adding a key: a broken database gets no new key.
      const unreadable = await findUnreadableValues(db);
      if (unreadable.length === 0) out(`New current key: ${addKeyToKeyringFile()} (in ${source.file ?? ''})`);
    }
    const report = await reencryptAll(db, { signal: stop.signal });
    if (report.unreadable.length > 0) {
      out(`Nothing was written: ${report.unreadable.length} value(s) cannot be decrypted:`);
      for (const value of report.unreadable) out(`  ${value.field} in document ${value.id}: ${value.reason}`);
      return 1;
    }
    out(`Re-encrypted under key ${report.keyId}${report.interrupted ? ' (stopped early)' : ''}:`);
    printReport(report);
    if (report.interrupted) {
      out('Stopped before the end: run `npm run keys:rotate -- --resume` to finish.');
      return 1;
    }
    return 0;
  } finally {
    await disconnect();
    await embedded?.stop();
  }
}

run(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    // Known problems get their message; anything else its stack, for whoever has to debug it.
    const known = error instanceof ConfigError || error instanceof FieldKeysError;
    const text =
      error instanceof Error ? (known ? error.message : (error.stack ?? error.message)) : String(error);
    process.stderr.write(`${text}\n`);
    process.exit(1);
  });
