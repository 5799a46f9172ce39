import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import mongoose from 'mongoose';
import { connectWithRetry, ensureIndexes } from '../../src/db/connection';
import { findFreePort, startEmbeddedDatabase, type EmbeddedDatabase } from '../../src/db/embedded';
import { loadConfig } from '../../src/config';
import { loadFieldKeys } from '../../src/lib/crypto/field-encryption';
import { createLogger } from '../../src/lib/logger';
import { hashPassword } from '../../src/lib/passwords';
import { UserModel } from '../../src/modules/users/users.model';

const projectRoot = path.resolve(__dirname, '..', '..');
export const BENCH_PASSWORD = 'Benchmark-Harbor-Lantern-77';
/** One field-encryption key per run, shared by the generator here and the app it starts (production mode needs one). */
const BENCH_FIELD_KEYS = `bench:${randomBytes(32).toString('base64')}`;

export interface BenchDatabase {
  uri: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * A database for a benchmark: the embedded FerretDB in a fresh folder, or, with MONGODB_URI,
 * a throw-away database on that server.
 */
export async function openBenchDatabase(name: string): Promise<BenchDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `vetted-bench-${name}-`));
  // Generated contacts are stored encrypted, as the app stores them.
  loadFieldKeys(loadConfig({ DATA_DIR: dataDir, FIELD_ENCRYPTION_KEYS: BENCH_FIELD_KEYS }));
  const logger = createLogger('warn');
  let embedded: EmbeddedDatabase | undefined;
  let uri: string;
  if (process.env.MONGODB_URI) {
    const url = new URL(process.env.MONGODB_URI);
    url.pathname = `/vetted_bench_${name}_${process.pid}`;
    uri = url.toString();
  } else {
    embedded = await startEmbeddedDatabase({ dataDir, logger });
    uri = embedded.uri;
  }
  await connectWithRetry(uri, logger, AbortSignal.timeout(60_000));
  await ensureIndexes();
  return {
    uri,
    dataDir,
    async stop() {
      if (!embedded) await mongoose.connection.dropDatabase();
      await mongoose.disconnect();
      await embedded?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A staff user the benchmark signs in as (created once): an admin unless `role` says otherwise. */
export async function createBenchAdmin(role: 'admin' | 'auditor' = 'admin'): Promise<string> {
  const email = `bench-${role}@vetted.test`;
  if (!(await UserModel.exists({ email }))) {
    await UserModel.create({
      email,
      name: role === 'admin' ? 'Bench Admin' : '审计员 Bench Auditor',
      role,
      passwordHash: await hashPassword(BENCH_PASSWORD),
    });
  }
  return email;
}

export interface RunningApp {
  baseUrl: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts `src/server.ts` in its own process against the benchmark database. */
export async function startApp(uri: string, dataDir: string): Promise<RunningApp> {
  const port = await findFreePort();
  // The flags of `npm start` (package.json), so that what is measured is what runs.
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--max-semi-space-size=8', '--import', 'tsx', 'src/server.ts'],
    {
      cwd: projectRoot,
      env: {
        ...process.env,
        MONGODB_URI: uri,
        PORT: String(port),
        DATA_DIR: dataDir,
        NODE_ENV: 'production',
        SESSION_SECRET: 'benchmark-secret-that-is-long-enough-0123456789',
        FIELD_ENCRYPTION_KEYS: BENCH_FIELD_KEYS,
        COOKIE_SECURE: 'false',
        LOG_LEVEL: 'warn',
        SIGN_IN_RATE_LIMIT: '100000',
        // The daily reminder job would catch up at start-up and write reminders and event reviews
        // for the generated data while the load runs: benchmarks measure pages, not the job.
        SCHEDULER_ENABLED: 'false',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${baseUrl}/readyz`)).ok, 120_000);
  return {
    baseUrl,
    child,
    stop: () =>
      new Promise((resolve) => {
        // Stopping twice (by the benchmark, then by the final clean-up) must not wait forever.
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Starts any script of the project in its own process and waits for its port. */
export async function startScript(script: string, env: NodeJS.ProcessEnv): Promise<RunningApp> {
  const port = await findFreePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: projectRoot,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${baseUrl}/`)).ok, 60_000);
  return {
    baseUrl,
    child,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('server did not become ready');
}

/** Signs in through the real form and returns the session cookie. */
export async function signInCookie(baseUrl: string, email: string): Promise<string> {
  const page = await fetch(`${baseUrl}/sign-in`);
  const anonymous = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: anonymous, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: token, email, password: BENCH_PASSWORD }).toString(),
  });
  if (response.status !== 303) throw new Error(`sign-in failed: ${response.status}`);
  return (response.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

export interface LoadResult {
  label: string;
  p50: number;
  p99: number;
  max: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
}

/** Runs autocannon against one URL and summarises latency (ms) and throughput. */
export async function load(
  label: string,
  url: string,
  options: { cookie?: string; connections?: number; duration?: number } = {},
): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 10,
    duration: options.duration ?? 15,
    headers: options.cookie ? { cookie: options.cookie } : {},
  });
  return {
    label,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requestsPerSecond: Math.round(result.requests.average),
    errors: result.errors,
    non2xx: result.non2xx,
  };
}

/** Throws when any measured request failed: such a run's latencies mean nothing. */
export function refuseFailedRuns(rows: LoadResult[]): void {
  const failing = rows.filter((row) => row.errors > 0 || row.non2xx > 0);
  if (failing.length > 0) throw new Error(`requests failed: ${failing.map((row) => row.label).join(', ')}`);
}

/** Prints results as a table and writes them to bench/results/<name>.json. */
export function report(name: string, rows: LoadResult[], extra: Record<string, unknown> = {}): void {
  console.table(rows);
  const dir = path.join(projectRoot, 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, `${name}.json`),
    JSON.stringify(
      {
        at: new Date().toISOString(),
        machine: `${os.cpus().length} cpu, ${Math.round(os.totalmem() / 2 ** 30)} GiB`,
        rows,
        ...extra,
      },
      null,
      2,
    ),
  );
}

/** What a benchmark's body gets: its database, and a way to have started processes stopped. */
export interface BenchRun {
  database: BenchDatabase;
  /** Stops this process when the benchmark ends, however it ends. */
  keep: (app: RunningApp) => RunningApp;
}

/**
 * Runs a benchmark script: opens its database, runs `body`, then stops every process it kept
 * and the database, whatever happened. A failure ends the script with exit code 1.
 */
export function runBenchmark(name: string, body: (run: BenchRun) => Promise<void>): void {
  const run = async () => {
    const database = await openBenchDatabase(name);
    const kept: RunningApp[] = [];
    try {
      await body({
        database,
        keep: (app) => {
          kept.push(app);
          return app;
        },
      });
    } finally {
      for (const app of kept.reverse()) await app.stop();
      await database.stop();
    }
  };
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
