import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import mongoose, { Schema } from 'mongoose';
import type { Config } from '../../config';
import { dayIn, formatDay, hourIn } from '../../lib/dates';
import { acquireLease, releaseLease } from '../../lib/lease';
import { logger } from '../../lib/logger';
import { isDatabaseConnected } from '../../db/connection';
import { runDailyJob, type DailyRunReport } from './daily-job';

const JOB = 'daily-job';
/** Longer than a run takes at 10,000 suppliers; a holder that dies frees the lease after this. */
const LEASE_MS = 15 * 60_000;
/** How often each process looks whether today's run is due (and whether a dead holder's lease ran out). */
const TICK_MS = 60_000;

/** The last finished run of the daily job (one document, shared by every process). */
const runSchema = new Schema(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    finishedAt: { type: Date, required: true },
    holder: String,
    report: { type: Schema.Types.Mixed },
  },
  { collection: 'scheduler_runs', versionKey: false },
);
const RunModel = mongoose.model('SchedulerRun', runSchema);

export interface LastRun {
  day: string;
  finishedAt: Date;
  holder?: string;
  report?: DailyRunReport;
}

/** The last finished daily run, if any (for the settings page and tests). */
export async function lastDailyRun(): Promise<LastRun | undefined> {
  return (await RunModel.findById(JOB).lean<LastRun>()) ?? undefined;
}

/**
 * Runs today's job if it is due: the configured hour has come (in the portal's time zone), no
 * run has finished today, and this process wins the lease. Returns the report when it ran.
 */
export async function runIfDue(
  config: Config,
  holder: string,
  now = new Date(),
): Promise<DailyRunReport | undefined> {
  const today = formatDay(dayIn(now, config.timeZone));
  if (hourIn(now, config.timeZone) < config.scheduler.hour) return undefined;
  if ((await lastDailyRun())?.day === today) return undefined;
  const lease = await acquireLease(JOB, holder, LEASE_MS);
  if (!lease) {
    logger().debug({ holder }, 'daily job: another process holds the lease');
    return undefined;
  }
  try {
    // Another process may have finished today's run between the check above and the lease.
    if ((await lastDailyRun())?.day === today) return undefined;
    const report = await runDailyJob(holder, now);
    await RunModel.updateOne(
      { _id: JOB },
      { $set: { day: today, finishedAt: new Date(), holder, report } },
      { upsert: true },
    );
    return report;
  } finally {
    await releaseLease(lease);
  }
}

/** A name for this process in leases and run records: host, process id and a random tag. */
function processName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
}

/**
 * Starts the daily job's clock in this process: it looks at once (catching up a run missed
 * while no process was up) and then every minute. Returns a function that stops it.
 */
export function startScheduler(config: Config): () => void {
  const holder = processName();
  let running = false;
  const tick = async () => {
    if (running || !isDatabaseConnected()) return;
    running = true;
    try {
      await runIfDue(config, holder);
    } catch (error) {
      logger().error({ err: error }, 'daily job failed; the next tick tries again');
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), TICK_MS);
  timer.unref();
  return () => clearInterval(timer);
}
