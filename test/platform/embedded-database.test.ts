import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import supertest from 'supertest';
import {
  EmbeddedDatabaseError,
  ensureFerretdbBinary,
  findFreePort,
  startEmbeddedDatabase,
} from '../../src/db/embedded';
import { createLogger } from '../../src/lib/logger';
import { cleanUp, isAlive, startProcess, waitUntilGone, type ServerProcess } from '../helpers/server-process';

const isEmbeddedStarted = (line: Record<string, unknown>) => line.msg === 'embedded database started';
const isListening = (line: Record<string, unknown>) => line.msg === 'listening';
const isConnected = (line: Record<string, unknown>) => line.msg === 'database connected';

async function startServer(env: NodeJS.ProcessEnv = {}) {
  const server = startProcess('src/server.ts', env);
  const started = await server.waitForLog(isEmbeddedStarted);
  const listening = await server.waitForLog(isListening);
  await server.waitForLog(isConnected);
  return { server, ferretdbPid: started.pid as number, port: listening.port as number };
}

describe('embedded database: lifecycle', function () {
  this.timeout(120_000);
  const started: ServerProcess[] = [];
  afterEach(() => started.splice(0).forEach(cleanUp));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} to the server → it exits 0 and its FerretDB is gone`, async () => {
      const { server, ferretdbPid, port } = await startServer();
      started.push(server);
      expect(isAlive(ferretdbPid)).to.equal(true);
      const ready = await supertest(`http://127.0.0.1:${port}`).get('/readyz');
      expect(ready.status).to.equal(200);

      server.child.kill(signal);
      const { code } = await server.exited;
      expect(code).to.equal(0);
      expect(await waitUntilGone(ferretdbPid)).to.equal(true);
    });
  }

  it('SIGKILL to the server (a crash nobody can catch) → its FerretDB dies too', async () => {
    const { server, ferretdbPid } = await startServer();
    started.push(server);
    server.child.kill('SIGKILL');
    await server.exited;
    expect(await waitUntilGone(ferretdbPid), 'no orphan ferretdb').to.equal(true);
  });

  for (const ending of ['exit', 'crash'] as const) {
    it(`a process that ends by ${ending === 'exit' ? 'process.exit()' : 'an uncaught exception'} → its FerretDB is gone`, async () => {
      const fixture = startProcess('test/fixtures/embedded-then-exit.ts', { FIXTURE_ENDING: ending });
      started.push(fixture);
      const ready = await fixture.waitForLog((line) => line.msg === 'fixture ready');
      const { code } = await fixture.exited;
      expect(code).to.equal(ending === 'exit' ? 0 : 1);
      expect(await waitUntilGone(ready.ferretdbPid as number)).to.equal(true);
    });
  }

  it('a server with MONGODB_URI set → starts no embedded server and works against that database', async () => {
    const { server: database } = await startServer();
    started.push(database);
    const uri = `mongodb://127.0.0.1:${await ferretdbPortOf(database)}/vetted_external`;
    const app = startProcess('src/server.ts', { MONGODB_URI: uri });
    started.push(app);
    const listening = await app.waitForLog(isListening);
    await app.waitForLog(isConnected);
    expect(app.logs.some(isEmbeddedStarted)).to.equal(false);
    const ready = await supertest(`http://127.0.0.1:${listening.port as number}`).get('/readyz');
    expect(ready.status).to.equal(200);
  });

  it('an unreachable MONGODB_URI at start → the server says it retries, answers 503, and connects once the database appears', async () => {
    const port = await findFreePort();
    const app = startProcess('src/server.ts', { MONGODB_URI: `mongodb://127.0.0.1:${port}/vetted_late` });
    started.push(app);
    const listening = await app.waitForLog(isListening);
    await app.waitForLog(
      (line) => typeof line.msg === 'string' && line.msg.startsWith('database not reachable, retrying'),
    );
    const web = supertest(`http://127.0.0.1:${listening.port as number}`);
    expect((await web.get('/sign-in')).status).to.equal(503);
    expect((await web.get('/readyz')).status).to.equal(503);

    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vetted-late-db-'));
    const database = await startEmbeddedDatabase({ dataDir, logger: createLogger('silent'), port });
    try {
      await app.waitForLog(isConnected, 60_000);
      expect((await web.get('/sign-in')).status).to.equal(200);
    } finally {
      await database.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('embedded database: without Go', () => {
  it('no binary and no Go → one message that says to install Go or set MONGODB_URI', () => {
    const binaryPath = path.join(os.tmpdir(), `vetted-missing-${process.pid}`, 'ferretdb');
    let error: unknown;
    try {
      ensureFerretdbBinary(createLogger('silent'), { binaryPath, env: { PATH: '/nonexistent' } });
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(EmbeddedDatabaseError);
    expect((error as Error).message)
      .to.match(/Go/)
      .and.to.match(/MONGODB_URI/);
    expect(fs.existsSync(binaryPath)).to.equal(false);
  });
});

/** The FerretDB port of a running server, from its start-up log line. */
async function ferretdbPortOf(server: ServerProcess): Promise<number> {
  const line = await server.waitForLog(isEmbeddedStarted);
  return line.port as number;
}
