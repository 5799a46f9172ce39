import fs from 'node:fs';
import http from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig, setConfig, type Config } from './config';
import { connectWithRetry, disconnect, ensureIndexes } from './db/connection';
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded';
import { FieldKeysError, loadFieldKeys } from './lib/crypto/field-encryption';
import { createLogger, setLogger, type Logger } from './lib/logger';
import { auditQueueDrained } from './modules/audit';
import { monitoringSettled } from './modules/monitoring';
import { seedTemplate } from './modules/questionnaires';
import { assessmentDirectory, evidenceValidityDirectory } from './modules/assessments';
import { findingDirectory } from './modules/findings';
import { incidentDirectory } from './modules/incidents';
import { notificationDirectory } from './modules/notifications';
import { reviewDirectory } from './modules/reviews';
import { startScheduler } from './modules/scheduler';
import { supplierDirectory } from './modules/suppliers';
import { defaultTemplate } from '../seed/questionnaire/default-template';
import { printDemoBanner, seedDemoIfEmpty } from '../seed/demo';

/** Starts Vetted: configuration, database (embedded unless MONGODB_URI), HTTP server, shutdown. */
async function main(): Promise<void> {
  let config: Config;
  try {
    // A .env file in the working folder is read when present; real environment variables win.
    if (fs.existsSync('.env')) process.loadEnvFile('.env');
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
    process.exit(1);
  }
  setConfig(config);
  try {
    // Before anything can read or write an encrypted field; production without keys stops here.
    loadFieldKeys(config);
  } catch (error) {
    if (!(error instanceof FieldKeysError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const logger = createLogger(config.logLevel, { pretty: !config.isProduction && process.stdout.isTTY });
  setLogger(logger);

  let embedded: EmbeddedDatabase | undefined;
  if (!config.mongodbUri) {
    try {
      embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
    } catch (error) {
      if (!(error instanceof EmbeddedDatabaseError)) throw error;
      process.stderr.write(`\n${error.message}\n\n`);
      process.exit(1);
    }
  }
  const uri = config.mongodbUri ?? embedded?.uri;
  if (!uri) throw new Error('no database address');

  const { app } = createApp(config, logger);
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info({ port, host: config.host }, 'listening');

  const connecting = new AbortController();
  void connectWithRetry(uri, logger, connecting.signal)
    .then(async () => {
      await ensureIndexes();
      // The default questionnaire is part of the product, not demo data: loaded once, everywhere.
      await seedTemplate(defaultTemplate);
      const seeded = config.seedDemo ? await seedDemoIfEmpty(config, logger) : undefined;
      // Read the in-memory directories now, rather than on the first visitor's request.
      await Promise.all(
        [
          supplierDirectory,
          assessmentDirectory,
          findingDirectory,
          incidentDirectory,
          reviewDirectory,
          notificationDirectory,
          evidenceValidityDirectory,
        ].map((directory) => directory.warm()),
      );
      printDemoBanner(config, port, seeded);
      // Every instance may run the clock: a lease in the database lets one of them do each run.
      if (config.scheduler.enabled) startScheduler(config);
    })
    .catch((error: unknown) => {
      if (!connecting.signal.aborted) logger.error({ err: error }, 'start-up failed');
    });

  installShutdown({ server, logger, embedded, connecting });
}

interface Running {
  server: http.Server;
  logger: Logger;
  embedded: EmbeddedDatabase | undefined;
  connecting: AbortController;
}

/**
 * SIGTERM / Ctrl-C: stop taking requests, let in-flight ones finish, close the database and stop
 * the embedded server. A second signal, or 15 s without finishing, forces the exit.
 */
function installShutdown({ server, logger, embedded, connecting }: Running): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      logger.warn('second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    connecting.abort();
    setTimeout(() => {
      logger.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000).unref();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    setTimeout(() => server.closeAllConnections(), 10_000).unref();
    await closed;
    // Reads are recorded after their response, and monitoring judges events after they are
    // written (raising alerts records more): let both finish before the database closes.
    await auditQueueDrained();
    await monitoringSettled();
    await auditQueueDrained();
    await disconnect().catch((error: unknown) => logger.warn({ err: error }, 'database close failed'));
    await embedded?.stop();
    logger.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    // The embedded server dies with this process (see db/embedded.ts).
    process.exit(1);
  });
  process.on('unhandledRejection', (reason) => {
    logger.fatal({ err: reason }, 'unhandled promise rejection');
    process.exit(1);
  });
}

void main();
