import fs from 'node:fs';
import { loadConfig, ConfigError } from '../src/config';
import { connectWithRetry, disconnect, ensureIndexes } from '../src/db/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded';
import { loadFieldKeys } from '../src/lib/crypto/field-encryption';
import { createLogger } from '../src/lib/logger';
import { seedTemplate } from '../src/modules/questionnaires';
import { DEMO_USERS, seedDemoData } from './demo';
import { defaultTemplate } from './questionnaire/default-template';

/** `npm run seed`: loads the demo data into the configured (or embedded) database. */
async function run(): Promise<void> {
  // A .env file next to package.json is read when present; the environment wins over it.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  const config = loadConfig();
  if (config.isProduction) {
    // Demo accounts with a shared password have no place in a production database.
    throw new Error('npm run seed loads demo accounts and is refused when NODE_ENV=production.');
  }
  loadFieldKeys(config);
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let embedded: EmbeddedDatabase | undefined;
  try {
    embedded = config.mongodbUri
      ? undefined
      : await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
    const uri = config.mongodbUri ?? embedded?.uri ?? '';
    await connectWithRetry(uri, logger, AbortSignal.timeout(60_000));
    await ensureIndexes();
    await seedTemplate(defaultTemplate);
    const result = await seedDemoData(config);
    if (result.createdUsers.length === 0) {
      process.stdout.write('Demo data is already present; nothing was changed.\n');
    } else {
      process.stdout.write(
        `Created demo users: ${result.createdUsers.join(', ')}\nPassword: ${result.password}\n`,
      );
    }
    process.stdout.write(`Demo sign-ins: ${DEMO_USERS.map((user) => user.email).join(', ')}\n`);
  } finally {
    await disconnect();
    await embedded?.stop();
  }
}

run().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
