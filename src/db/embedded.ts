import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Logger } from '../lib/logger';

/** The FerretDB release Vetted embeds; see DESIGN.md for why. */
export const FERRETDB_VERSION = 'v1.24.2';
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';

const projectRoot = path.resolve(__dirname, '..', '..');
/**
 * Two changes to FerretDB 1.24's SQLite backend, so that a lookup by `_id` reads one row instead
 * of the whole table (seconds for a large collection). Behaviour is otherwise the release's;
 * real MongoDB needs none of this.
 *
 * 1. It looks documents up by `_ferretdb_sjson->'$._id'`, while its primary-key index is built
 *    on `_ferretdb_sjson->'_id'`; SQLite only uses an index for the very expression it was
 *    built on, so the lookup is changed to match the index.
 * 2. It narrows a query to one `_id` only when the filter is `{ _id }` alone; a filter with
 *    more conditions (`{ _id, revision }` for a conditional write, the session store's
 *    `{ _id, $or: [expires…] }`) read every row. Now any filter with an `_id` equality is
 *    narrowed to that row first; FerretDB still checks the whole filter on it afterwards, as it
 *    does for every query.
 */
const PATCHES = [
  {
    file: path.join('internal', 'backends', 'sqlite', 'metadata', 'metadata.go'),
    from: `IDColumn = DefaultColumn + "->'$._id'"`,
    to: `IDColumn = DefaultColumn + "->'_id'"`,
    count: 1,
  },
  {
    file: path.join('internal', 'backends', 'sqlite', 'collection.go'),
    from: 'if params.Filter.Len() == 1 {',
    to: 'if params.Filter.Len() > 0 {',
    count: 2, // Query and Explain
  },
];

/** Where the one-time build puts the binary (git-ignored). */
export const ferretdbBinary = path.join(
  projectRoot,
  '.cache',
  'ferretdb',
  `${FERRETDB_VERSION}-id-lookups`,
  'ferretdb',
);

/** Raised when the embedded database cannot be built or started; the message says what to do. */
export class EmbeddedDatabaseError extends Error {
  override name = 'EmbeddedDatabaseError';
}

export interface EmbeddedDatabase {
  readonly uri: string;
  readonly port: number;
  readonly pid: number;
  /** Stops the server and waits for it to exit. Safe to call more than once. */
  stop(): Promise<void>;
}

interface StartOptions {
  dataDir: string;
  logger: Logger;
  /** Reuse a port (tests restart the server on the same address); a free one by default. */
  port?: number;
  databaseName?: string;
}

/**
 * Starts FerretDB (SQLite backend) on a free loopback port with its files under `dataDir`,
 * building it first if needed. The server dies with this process, even if this process crashes.
 */
export async function startEmbeddedDatabase(options: StartOptions): Promise<EmbeddedDatabase> {
  ensureFerretdbBinary(options.logger);
  const sqliteDir = path.join(options.dataDir, 'db');
  const stateDir = path.join(options.dataDir, 'db-state');
  fs.mkdirSync(sqliteDir, { recursive: true });
  fs.mkdirSync(stateDir, { recursive: true });

  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = options.port ?? (await findFreePort());
    try {
      const child = launch(port, sqliteDir, stateDir);
      // Also on a plain process.exit(): kill synchronously, without waiting for the kernel.
      const killOnExit = () => child.kill('SIGKILL');
      process.once('exit', killOnExit);
      child.once('exit', () => process.removeListener('exit', killOnExit));
      await waitUntilListening(child, port);
      options.logger.info({ port, pid: child.pid, dataDir: options.dataDir }, 'embedded database started');
      const databaseName = options.databaseName ?? 'vetted';
      return {
        uri: `mongodb://127.0.0.1:${port}/${databaseName}`,
        port,
        pid: child.pid ?? -1,
        stop: () => stopProcess(child),
      };
    } catch (error) {
      lastError = error;
      // Another process may have taken the port between our probe and FerretDB's bind.
      if (options.port !== undefined) break;
    }
  }
  throw lastError;
}

function launch(port: number, sqliteDir: string, stateDir: string): ChildProcess {
  const args = [
    '--handler=sqlite',
    // Write transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE) rather than
    // at their first write, so concurrent writers queue for it from the start instead of
    // colliding midway and backing off (autosave p99 291 → 143 ms with 50 sessions).
    `--sqlite-url=file:${sqliteDir}/?_txlock=immediate`,
    `--listen-addr=127.0.0.1:${port}`,
    '--telemetry=disable',
    `--state-dir=${stateDir}`,
    '--debug-addr=-',
    '--log-level=warn',
    '--log-format=text',
  ];
  // setpriv --pdeathsig asks the kernel to kill FerretDB when its parent dies for any reason,
  // so a crashed or SIGKILLed app never leaves an orphan server behind.
  const [command, commandArgs] = hasSetpriv()
    ? ['setpriv', ['--pdeathsig', 'KILL', ferretdbBinary, ...args]]
    : [ferretdbBinary, args];
  // A separate process group keeps the terminal's Ctrl-C away from FerretDB: the app stops it
  // itself, after in-flight requests have finished.
  return spawn(command, commandArgs, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
}

let setprivAvailable: boolean | undefined;
function hasSetpriv(): boolean {
  if (setprivAvailable === undefined) {
    setprivAvailable =
      os.platform() === 'linux' && spawnSync('setpriv', ['--version'], { stdio: 'ignore' }).status === 0;
  }
  return setprivAvailable;
}

async function waitUntilListening(child: ChildProcess, port: number): Promise<void> {
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise<never>((_, reject) => {
    child.once('exit', (code, signal) =>
      reject(
        new EmbeddedDatabaseError(
          `The embedded database exited during start-up (${signal ?? `code ${code}`}).\n${stderr.trim()}`,
        ),
      ),
    );
    child.once('error', (error) =>
      reject(new EmbeddedDatabaseError(`The embedded database could not be started: ${error.message}`)),
    );
  });
  const deadline = Date.now() + 30_000;
  const listening = (async () => {
    while (Date.now() < deadline) {
      if (await canConnect(port)) return;
      await delay(100);
    }
    child.kill('SIGKILL');
    throw new EmbeddedDatabaseError(`The embedded database did not open port ${port} within 30 s.`);
  })();
  await Promise.race([listening, exited]);
  // Keep draining stderr so a chatty server never blocks on a full pipe.
  child.stderr?.resume();
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Asks the OS for a port nobody is listening on right now. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Builds FerretDB once with the Go toolchain into the project's `.cache` folder.
 *
 * `go install …/cmd/ferretdb@v1.24.2` alone produces a binary that panics at start-up because
 * the release's `build/version/version.txt` is generated, not published; so the module source
 * is copied, the version file is written, the `_id` lookup fixes above are applied, and
 * `go install` runs on that copy.
 */
export function ensureFerretdbBinary(
  logger: Logger,
  { binaryPath = ferretdbBinary, env = process.env }: { binaryPath?: string; env?: NodeJS.ProcessEnv } = {},
): void {
  if (fs.existsSync(binaryPath)) return;
  if (spawnSync('go', ['version'], { stdio: 'ignore', env }).status !== 0) {
    throw new EmbeddedDatabaseError(
      'No MONGODB_URI is set and the embedded database is not built yet. Building it needs Go 1.22 or ' +
        'newer (https://go.dev/dl/ or `apt-get install golang`). Install Go, or set MONGODB_URI to a MongoDB server.',
    );
  }
  logger.info(`building the embedded database (one time): FerretDB ${FERRETDB_VERSION}…`);
  process.stderr.write(`Building the embedded database (one time): FerretDB ${FERRETDB_VERSION}…\n`);
  const started = Date.now();
  const download = runGo(
    ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`],
    projectRoot,
    env,
  );
  const moduleDir = (JSON.parse(download) as { Dir?: string }).Dir;
  if (!moduleDir)
    throw new EmbeddedDatabaseError('go mod download did not report the FerretDB source folder.');

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vetted-ferretdb-build-'));
  try {
    const sourceDir = path.join(workDir, 'src');
    fs.cpSync(moduleDir, sourceDir, { recursive: true });
    makeWritable(sourceDir);
    fs.writeFileSync(path.join(sourceDir, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
    applyPatches(sourceDir);
    // Build into a scratch folder and move the result into place, so that an interrupted or
    // concurrent build never leaves a half-written binary where start-up looks for it.
    const binDir = path.join(workDir, 'bin');
    runGo(['install', '-trimpath', '-buildvcs=false', './cmd/ferretdb'], sourceDir, {
      ...env,
      GOBIN: binDir,
    });
    fs.mkdirSync(path.dirname(binaryPath), { recursive: true });
    fs.renameSync(path.join(binDir, 'ferretdb'), binaryPath);
  } finally {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  process.stderr.write(`Embedded database built in ${seconds} s: ${binaryPath}\n`);
}

function applyPatches(sourceDir: string): void {
  for (const patch of PATCHES) {
    const file = path.join(sourceDir, patch.file);
    const source = fs.readFileSync(file, 'utf8');
    if (source.split(patch.from).length - 1 !== patch.count) {
      throw new EmbeddedDatabaseError(`Cannot apply the _id lookup fix: ${patch.file} has changed.`);
    }
    fs.writeFileSync(file, source.replaceAll(patch.from, patch.to));
  }
}

function runGo(args: string[], cwd: string, env: NodeJS.ProcessEnv): string {
  const result = spawnSync('go', args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new EmbeddedDatabaseError(
      `Building the embedded database failed (go ${args.join(' ')}):\n${(result.stderr || '').slice(-2000)}`,
    );
  }
  return result.stdout;
}

function makeWritable(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    fs.chmodSync(full, entry.isDirectory() ? 0o755 : 0o644);
  }
  fs.chmodSync(dir, 0o755);
}
