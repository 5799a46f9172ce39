import fs from 'node:fs';
import { ConfigError, loadConfig, setConfig } from '../src/config';
import { connectWithRetry, disconnect } from '../src/db/connection';
import { EmbeddedDatabaseError, startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded';
import { createLogger, setLogger } from '../src/lib/logger';
import { verifyAuditChain, type ChainReport } from '../src/modules/audit';

/**
 * `npm run audit:verify`: recomputes the audit trail's hash chain outside the web application,
 * for an operator or a scheduled check. Uses MONGODB_URI, or starts the embedded database on
 * DATA_DIR like the server does (stop the server first: two embedded servers must not share
 * one data folder). Exit code 0: intact; 1: broken (the position is printed); 2: could not check.
 */

const REASONS: Record<NonNullable<ChainReport['firstBroken']>['reason'], string> = {
  altered: 'altered',
  missing: 'missing',
  relinked: 're-linked to a different predecessor',
  checkpoint: 'the retention checkpoint does not match the last prune recorded in the trail',
};

/** The verification result as one English sentence (plus a note on pruned events). */
function describe(report: ChainReport): string {
  const pruned =
    report.prunedThrough !== undefined
      ? `\nEvents up to #${report.prunedThrough} were removed after the retention period; checking started after them.`
      : '';
  if (report.ok || !report.firstBroken)
    return `Audit trail intact: ${report.checked} events checked.${pruned}`;
  const { seq, reason } = report.firstBroken;
  return (
    `Audit trail BROKEN: first broken link at event #${seq} (${REASONS[reason]}). ` +
    `${report.checked} events before it are intact.${pruned}`
  );
}

async function main(): Promise<number> {
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  setConfig(config);
  // Only problems go to the log (stderr); the result is the one thing printed on stdout.
  const logger = createLogger('error');
  setLogger(logger);
  let embedded: EmbeddedDatabase | undefined;
  try {
    if (!config.mongodbUri) embedded = await startEmbeddedDatabase({ dataDir: config.dataDir, logger });
    const uri = config.mongodbUri ?? embedded?.uri ?? '';
    await connectWithRetry(uri, logger, AbortSignal.timeout(30_000));
    const report = await verifyAuditChain();
    process.stdout.write(`${describe(report)}\n`);
    return report.ok ? 0 : 1;
  } catch (error) {
    const message =
      error instanceof EmbeddedDatabaseError || error instanceof Error ? error.message : String(error);
    process.stderr.write(`Could not verify the audit trail: ${message}\n`);
    return 2;
  } finally {
    await disconnect().catch(() => undefined);
    await embedded?.stop();
  }
}

void main().then((code) => process.exit(code));
