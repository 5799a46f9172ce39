import { spawn } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { pruneAuditTrail } from '../../src/modules/audit';
import { resetDatabase, testDatabaseUri, testDataDir, testEnv } from '../helpers/environment';
import { TAMPERINGS, monthsAgo, writeChain } from './support';

const projectRoot = path.resolve(__dirname, '..', '..');

/** Runs `npm run audit:verify`'s entry point against the test database: exit code and output. */
function runScript(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const inherited = { ...process.env };
    delete inherited.MONGODB_URI;
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
      cwd: projectRoot,
      env: { ...inherited, ...testEnv(testDataDir(), { MONGODB_URI: testDatabaseUri() }) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const hoursAgo = (index: number) => new Date(Date.now() - (10 - index) * 3600_000);

describe('audit: npm run audit:verify (scripts/audit-verify.ts)', function () {
  // Each run starts a Node process that loads the application's modules.
  this.timeout(60_000);
  beforeEach(resetDatabase);

  it('audit:verify: an intact trail → exit 0 and "intact: N events checked"', async () => {
    await writeChain(6, hoursAgo);
    const result = await runScript();
    expect(result.stdout.trim(), result.stderr).to.equal('Audit trail intact: 6 events checked.');
    expect(result.code).to.equal(0);
  });

  for (const tampering of TAMPERINGS) {
    it(`audit:verify: ${tampering.name} → exit 1 and the position #${tampering.expected.seq} printed`, async () => {
      await writeChain(6, hoursAgo);
      await tampering.apply();
      const result = await runScript();
      expect(result.stdout, result.stderr).to.include(
        `Audit trail BROKEN: first broken link at event #${tampering.expected.seq} (`,
      );
      expect(result.code).to.equal(1);
    });
  }

  it('audit:verify: after a prune → still intact, and says where the kept part starts', async () => {
    await writeChain(6, (index) => (index < 3 ? monthsAgo(14) : hoursAgo(index)));
    await pruneAuditTrail('test-run');
    const result = await runScript();
    expect(result.stdout, result.stderr).to.include('Audit trail intact: 4 events checked.');
    expect(result.stdout).to.include('Events up to #3 were removed after the retention period');
    expect(result.code).to.equal(0);
  });
});
