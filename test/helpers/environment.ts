import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import mongoose from 'mongoose';
import { createApp } from '../../src/app';
import { loadConfig, setConfig, type Config } from '../../src/config';
import { connectWithRetry, disconnect, ensureIndexes, isDatabaseConnected } from '../../src/db/connection';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { loadFieldKeys } from '../../src/lib/crypto/field-encryption';
import { createLogger, setLogger } from '../../src/lib/logger';
import { resetChangeLog } from '../../src/lib/change-log';
import { assessmentDirectory, evidenceValidityDirectory } from '../../src/modules/assessments';
import { resetAuditCache } from '../../src/modules/audit';
import { findingDirectory } from '../../src/modules/findings';
import { resetMonitoring } from '../../src/modules/monitoring';
import { incidentDirectory } from '../../src/modules/incidents';
import { notificationDirectory } from '../../src/modules/notifications';
import { reviewDirectory } from '../../src/modules/reviews';
import { resetTemplateCache } from '../../src/modules/questionnaires';
import { resetSettingsCache } from '../../src/modules/settings';
import { supplierDirectory } from '../../src/modules/suppliers';
import { forgetUsers } from '../../src/modules/users/user-cache';

/**
 * One real database for the whole test run: an embedded FerretDB in a fresh temporary folder,
 * or, when MONGODB_URI is set, a throw-away database on that server.
 */
interface TestEnvironment {
  dataDir: string;
  config: Config;
  app: Express;
  database: EmbeddedDatabase | undefined;
  uri: string;
}

let current: TestEnvironment | undefined;

export const TEST_SESSION_SECRET = 'test-secret-that-is-long-enough-for-the-config-check';

/** The environment variables tests run the app with; a test may override some. */
export function testEnv(dataDir: string, overrides: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    SESSION_SECRET: TEST_SESSION_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    SIGN_IN_RATE_LIMIT: '10000',
    ...overrides,
  };
}

function externalUri(): string | undefined {
  const base = process.env.MONGODB_URI;
  if (!base) return undefined;
  const url = new URL(base);
  url.pathname = `/vetted_test_${process.pid}`;
  return url.toString();
}

export async function startTestEnvironment(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vetted-test-'));
  const uri = externalUri();
  const config = loadConfig(testEnv(dataDir, uri ? { MONGODB_URI: uri } : {}));
  setConfig(config);
  loadFieldKeys(config);
  const logger = createLogger(config.logLevel);
  setLogger(logger);
  const database = uri ? undefined : await startEmbeddedDatabase({ dataDir, logger });
  const databaseUri = uri ?? database?.uri ?? '';
  await connectWithRetry(databaseUri, logger, AbortSignal.timeout(60_000));
  await ensureIndexes();
  const { app } = createApp(config, logger);
  current = { dataDir, config, app, database, uri: databaseUri };
}

export async function stopTestEnvironment(): Promise<void> {
  if (!current) return;
  if (current.database === undefined && isDatabaseConnected()) await mongoose.connection.dropDatabase();
  await disconnect();
  await current.database?.stop();
  fs.rmSync(current.dataDir, { recursive: true, force: true });
  current = undefined;
}

function environment(): TestEnvironment {
  if (!current) throw new Error('test environment not started');
  return current;
}

export const testApp = (): Express => environment().app;
export const testConfig = (): Config => environment().config;
export const testDataDir = (): string => environment().dataDir;
/** The test database's address, for app processes a test starts on the same data. */
export const testDatabaseUri = (): string => environment().uri;
export const usesEmbeddedDatabase = (): boolean => environment().database !== undefined;

/** Empties every collection (and the mail outbox) so a test starts from nothing. */
export async function resetDatabase(): Promise<void> {
  const db = mongoose.connection.db;
  if (!db) throw new Error('not connected');
  for (const collection of await db.collections()) await collection.deleteMany({});
  resetAuditCache();
  resetChangeLog();
  supplierDirectory.reset();
  assessmentDirectory.reset();
  evidenceValidityDirectory.reset();
  findingDirectory.reset();
  incidentDirectory.reset();
  reviewDirectory.reset();
  notificationDirectory.reset();
  resetMonitoring();
  resetTemplateCache();
  resetSettingsCache();
  forgetUsers();
  fs.rmSync(path.join(environment().dataDir, 'outbox'), { recursive: true, force: true });
}

/** Stops the embedded database (to test what users see while it is down). */
export async function stopDatabase(): Promise<void> {
  const { database } = environment();
  if (!database) throw new Error('only the embedded database can be stopped by tests');
  await database.stop();
}

/** Starts the embedded database again on the same port and data, and waits for the app to reconnect. */
export async function restartDatabase(): Promise<void> {
  const env = environment();
  if (!env.database) throw new Error('only the embedded database can be restarted by tests');
  env.database = await startEmbeddedDatabase({
    dataDir: env.dataDir,
    logger: createLogger('silent'),
    port: env.database.port,
  });
  const deadline = Date.now() + 30_000;
  while (!isDatabaseConnected() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
}

/** Waits until the app has noticed that the database is gone. */
export async function waitForDisconnect(): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (isDatabaseConnected() && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
}
