import mongoose from 'mongoose';
import type { MongoClient } from 'mongodb';
import type { Logger } from '../lib/logger';

// Commands fail at once while the database is unreachable instead of queueing behind it;
// the request then gets a 503 page rather than hanging.
mongoose.set('bufferCommands', false);
// Indexes are created once the connection is up (ensureIndexes), not at model definition,
// which would run before any connection exists.
mongoose.set('autoIndex', false);
mongoose.set('autoCreate', false);
// Unknown fields in a filter are dropped rather than matched; inputs are validated at the
// edge (zod), so request values reach queries only as plain strings and numbers.
mongoose.set('strictQuery', true);

const connectOptions: mongoose.ConnectOptions = {
  serverSelectionTimeoutMS: 5_000,
  // Notice a lost server within a couple of seconds, so pages switch to 503 quickly.
  heartbeatFrequencyMS: 2_000,
  ignoreUndefined: true,
};

/** True while the database answers; requests get a 503 page otherwise. */
export function isDatabaseConnected(): boolean {
  return mongoose.connection.readyState === mongoose.ConnectionStates.connected;
}

let connected: Promise<MongoClient> | undefined;

/** Resolves with the driver client once the first connection is up (however long that takes). */
export function whenConnected(): Promise<MongoClient> {
  connected ??= new Promise((resolve) => {
    if (isDatabaseConnected()) resolve(mongoose.connection.getClient());
    else mongoose.connection.once('connected', () => resolve(mongoose.connection.getClient()));
  });
  return connected;
}

/** Hides the password in a connection string before it goes to a log. */
export function redactUri(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):([^@/]+)@/, '//$1:***@');
}

/**
 * Connects to MongoDB, retrying with exponential backoff (up to 15 s between attempts) until it
 * succeeds or `signal` aborts. Each failed attempt is logged so an operator sees why.
 */
export async function connectWithRetry(uri: string, logger: Logger, signal?: AbortSignal): Promise<void> {
  let wait = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      await mongoose.connect(uri, connectOptions);
      logger.info({ uri: redactUri(uri) }, 'database connected');
      watchConnection(logger);
      return;
    } catch (error) {
      if (signal?.aborted) throw error;
      logger.warn(
        { uri: redactUri(uri), attempt, retryInMs: wait, err: (error as Error).message },
        `database not reachable, retrying in ${Math.round(wait / 100) / 10} s`,
      );
      await new Promise((resolve) => setTimeout(resolve, wait));
      if (signal?.aborted) throw new Error('database connection aborted', { cause: error });
      wait = Math.min(wait * 2, 15_000);
    }
  }
}

let watching = false;
function watchConnection(logger: Logger): void {
  if (watching) return;
  watching = true;
  mongoose.connection.on('disconnected', () =>
    logger.warn('database connection lost; answering 503 until it returns'),
  );
  mongoose.connection.on('reconnected', () => logger.info('database connection restored'));
}

/** Creates the indexes every model declares (existing ones are left as they are). */
export async function ensureIndexes(): Promise<void> {
  for (const name of mongoose.modelNames()) await mongoose.model(name).createIndexes();
}

/** Closes the connection (at shutdown). */
export async function disconnect(): Promise<void> {
  await mongoose.disconnect();
}
