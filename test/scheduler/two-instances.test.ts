import { expect } from 'chai';
import mongoose from 'mongoose';
import { addDays, addMonths, dayIn } from '../../src/lib/dates';
import { listOutbox } from '../../src/modules/mail/mailer';
import { loadConfig } from '../../src/config';
import { resetDatabase, testDatabaseUri } from '../helpers/environment';
import { createUser, type TestUser } from '../helpers/factories';
import { startProcess, waitUntilGone, type ServerProcess } from '../helpers/server-process';
import { insertSupplier } from '../suppliers/support';

/** Starts `node src/server.ts` on the test database with the daily job due at once. */
function appInstance(): ServerProcess {
  return startProcess('src/server.ts', {
    MONGODB_URI: testDatabaseUri(),
    SCHEDULER_ENABLED: 'true',
    // Hour 0: today's run is due as soon as the process starts (the catch-up at start-up).
    SCHEDULER_HOUR: '0',
    LOG_LEVEL: 'debug',
  });
}

async function stop(instance: ServerProcess): Promise<void> {
  instance.child.kill('SIGTERM');
  await instance.exited;
  if (instance.child.pid) await waitUntilGone(instance.child.pid);
}

/** Mails in the outboxes of the given instances (each has its own data folder). */
async function mailsOf(instances: ServerProcess[]): Promise<string[]> {
  const lists = await Promise.all(
    instances.map((instance) => listOutbox(loadConfig({ DATA_DIR: instance.dataDir, NODE_ENV: 'test' }))),
  );
  return lists.flat().map((mail) => `${mail.to} · ${mail.subject}`);
}

const finished = (line: Record<string, unknown>) => line.msg === 'daily job finished';

describe('scheduler: several app instances on one database', function () {
  this.timeout(120_000);
  let owners: TestUser[];
  const started: ServerProcess[] = [];

  before(async () => {
    await resetDatabase();
    // Reviews due in 5 days (7-day reminder) for suppliers with three different owners.
    const due = addDays(dayIn(new Date(), 'UTC'), 5);
    owners = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) {
      const owner = await createUser({ role: 'procurement', name: `Owner ${name}` });
      owners.push(owner);
      await insertSupplier({
        name: `${name} Hosting`,
        tier: 'high',
        ownerId: owner.id,
        ownerName: owner.name,
        reviewAnchor: addMonths(due, -12),
      });
    }
  });

  after(async () => {
    await Promise.all(started.map(stop));
  });

  it('two instances start together → one runs the job, each reminder is sent once', async () => {
    const pair = [appInstance(), appInstance()];
    started.push(...pair);
    const winner = await Promise.race(pair.map((instance) => instance.waitForLog(finished, 90_000)));
    expect(winner.remindersSent).to.equal(3);
    // Give the other instance time to take its look (it starts its clock at the same point).
    await Promise.all(
      pair.map((instance) =>
        instance.waitForLog(
          (line) =>
            finished(line) ||
            line.msg === 'daily job: another process holds the lease' ||
            line.msg === 'listening',
          90_000,
        ),
      ),
    );
    await new Promise((resolve) => setTimeout(resolve, 3_000));

    const runs = pair.flatMap((instance) => instance.logs.filter(finished));
    expect(runs, 'runs of the daily job across both instances').to.have.length(1);
    const mails = await mailsOf(pair);
    expect(mails).to.have.length(3);
    expect(new Set(mails).size).to.equal(3);
    for (const owner of owners) expect(mails.some((mail) => mail.startsWith(owner.email))).to.equal(true);
    expect(await mongoose.connection.collection('notifications').countDocuments()).to.equal(3);
  });

  it('a restart the same day → no second run; with the run record lost (a crash) → runs, but sends nothing again', async () => {
    const restarted = appInstance();
    started.push(restarted);
    await restarted.waitForLog((line) => line.msg === 'listening', 60_000);
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect(restarted.logs.filter(finished)).to.have.length(0);

    // As if the process that ran the job died before recording that it finished.
    await mongoose.connection.collection('scheduler_runs').deleteMany({});
    const afterCrash = appInstance();
    started.push(afterCrash);
    const run = await afterCrash.waitForLog(finished, 90_000);
    expect(run.remindersPlanned).to.equal(3);
    expect(run.remindersSent).to.equal(0);
    expect(await mailsOf([restarted, afterCrash])).to.have.length(0);
    expect(await mongoose.connection.collection('notifications').countDocuments()).to.equal(3);
  });
});
