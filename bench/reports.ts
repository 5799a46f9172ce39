import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { defaultTemplate } from '../seed/questionnaire/default-template';
import { findTemplateVersion, seedTemplate } from '../src/modules/questionnaires';
import { SupplierModel } from '../src/modules/suppliers/suppliers.model';
import { UserModel } from '../src/modules/users/users.model';
import { generateDueDiligence, generateSuppliers } from './lib/generate';
import {
  createBenchAdmin,
  refuseFailedRuns,
  report,
  runBenchmark,
  signInCookie,
  startApp,
  type LoadResult,
} from './lib/harness';

/**
 * Due-diligence summary benchmark, at 1,000 suppliers with signed NDAs and DPAs (signatories,
 * clause checklists, superseded versions), subprocessors, and for most of them a completed
 * assessment with section scores, evidence, findings and reviews. As an auditor it times
 * `GET /suppliers/:id/report.pdf` for different suppliers in both languages, one at a time and
 * then under load with autocannon, and then downloads `GET /suppliers/reports.zip` of every
 * supplier, checking the archive and watching the app process's memory.
 * Targets: one summary p50 under 150 ms; the ZIP of 1,000 suppliers with the app's peak RSS
 * under 300 MB.
 *
 *   node --import tsx bench/reports.ts [suppliers=1000] [measured=200] [seconds=15] [connections=4]
 */

const SINGLE_P50_TARGET_MS = 150;
const BULK_PEAK_RSS_TARGET_MB = 300;
const LANGUAGES = ['en', 'zh-CN'] as const;
const MB = 1024 * 1024;

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/** The commit measured, marked when the work tree has changes to the app's code. */
function codeVersion(): string {
  const git = (...args: string[]) =>
    spawnSync('git', args, { cwd: path.resolve(__dirname, '..'), encoding: 'utf8' }).stdout.trim();
  const changed = git('status', '--porcelain', '--', 'src', 'views', 'locales', 'package-lock.json');
  return `${git('rev-parse', '--short', 'HEAD')}${changed ? ' (with uncommitted changes to src)' : ''}`;
}

interface Memory {
  rssKb: number;
  hwmKb: number;
}

/** The resident set of a process now and at its peak, from /proc/<pid>/status. */
function memoryOf(pid: number): Memory {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

/** Makes sure the pid whose memory is watched runs the app itself, not a wrapper around it. */
function checkAppProcess(pid: number): string {
  const commandLine = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  if (
    !commandLine.includes('src/server.ts') ||
    !path.basename(commandLine.split(' ')[0] ?? '').startsWith('node')
  )
    throw new Error(`pid ${pid} is not the app's node process: ${commandLine}`);
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim();
  if (children)
    throw new Error(`the app process has children (${children}): its memory would not be all of it`);
  return commandLine;
}

/** Samples the app's RSS every few milliseconds until stopped; the highest sample seen. */
function watchMemory(pid: number, everyMs: number): { stop: () => { peakKb: number; samples: number } } {
  let peakKb = 0;
  let samples = 0;
  const sample = () => {
    peakKb = Math.max(peakKb, memoryOf(pid).rssKb);
    samples++;
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      sample();
      return { peakKb, samples };
    },
  };
}

/** Counts the entries of a ZIP from its end-of-central-directory record. */
function zipEntryCount(file: string): number {
  const size = fs.statSync(file).size;
  const tailLength = Math.min(size, 22 + 65_535);
  const tail = Buffer.alloc(tailLength);
  const handle = fs.openSync(file, 'r');
  try {
    fs.readSync(handle, tail, 0, tailLength, size - tailLength);
  } finally {
    fs.closeSync(handle);
  }
  const at = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (at < 0) throw new Error('the download does not end with a ZIP end-of-central-directory record');
  return tail.readUInt16LE(at + 10);
}

interface Timed {
  ms: number;
  bytes: number;
  pages: number;
  failure?: string;
}

/** One summary, timed from the request until the last byte of the body has arrived. */
async function timePdf(baseUrl: string, cookie: string, supplierId: string, lang: string): Promise<Timed> {
  const started = performance.now();
  try {
    const response = await fetch(`${baseUrl}/suppliers/${supplierId}/report.pdf?lang=${lang}`, {
      headers: { cookie },
    });
    const body = Buffer.from(await response.arrayBuffer());
    const ms = performance.now() - started;
    const text = body.toString('latin1');
    const pages = text.match(/\/Type \/Page\b/g)?.length ?? 0;
    if (response.status !== 200) return { ms, bytes: body.length, pages, failure: `${response.status}` };
    if (!text.startsWith('%PDF-') || !text.trimEnd().endsWith('%%EOF'))
      return { ms, bytes: body.length, pages, failure: 'not a whole PDF' };
    return { ms, bytes: body.length, pages };
  } catch (error) {
    return { ms: performance.now() - started, bytes: 0, pages: 0, failure: String(error) };
  }
}

/** Latencies of requests sent one at a time; the rate is one over their mean. */
function summarize(label: string, timings: readonly Timed[]): LoadResult {
  const sorted = timings.map((timing) => timing.ms).sort((a, b) => a - b);
  const totalMs = sorted.reduce((sum, ms) => sum + ms, 0);
  return {
    label,
    p50: Math.round(percentile(sorted, 0.5)),
    p99: Math.round(percentile(sorted, 0.99)),
    max: Math.round(sorted.at(-1) ?? 0),
    requestsPerSecond: Math.round((timings.length / totalMs) * 1000 * 10) / 10,
    errors: timings.filter((timing) => timing.failure && !/^\d{3}$/.test(timing.failure)).length,
    non2xx: timings.filter((timing) => timing.failure && /^\d{3}$/.test(timing.failure)).length,
  };
}

/** Summaries of different suppliers under load: every connection walks the list of them in turn. */
async function loadPdfs(
  baseUrl: string,
  cookie: string,
  paths: readonly string[],
  connections: number,
  seconds: number,
): Promise<LoadResult> {
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    headers: { cookie },
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    label: `report.pdf under load, ${connections} connections (autocannon)`,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    requestsPerSecond: Math.round(result.requests.average * 10) / 10,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

runBenchmark('reports', async ({ database, keep }) => {
  const runStarted = Date.now();
  // Read before the app starts: the code it runs is the code measured.
  const commit = codeVersion();
  const count = Number(process.argv[2] ?? 1_000);
  const measured = Number(process.argv[3] ?? 200);
  const seconds = Number(process.argv[4] ?? 15);
  const connections = Number(process.argv[5] ?? 4);
  const bulkLanguage = 'zh-CN';

  const adminEmail = await createBenchAdmin();
  const admin = await UserModel.findOne({ email: adminEmail }).lean();
  // An auditor: staff who may read everything and download summaries, but change nothing.
  const auditorEmail = await createBenchAdmin('auditor');
  const templateId = await seedTemplate(defaultTemplate);
  const template = templateId ? await findTemplateVersion(templateId) : undefined;
  if (!templateId || !template) throw new Error('the default questionnaire was not seeded');
  const started = Date.now();
  await generateSuppliers(count, admin?._id.toString() ?? '', { detailed: true });
  const generated = await generateDueDiligence({
    template: { id: templateId, content: template.content },
    staffName: admin?.name ?? 'Bench Admin',
    assessedShare: 0.8,
  });
  const generatedMs = Date.now() - started;
  console.log(
    `generated ${count} suppliers with agreements and subprocessors, ${generated.assessments} completed ` +
      `assessments (${generated.answers} answers, ${generated.evidenceFiles} evidence files), ` +
      `${generated.findings} findings and ${generated.reviews} reviews in ${Math.round(generatedMs / 1000)} s`,
  );

  const suppliers = await SupplierModel.find({}, { _id: 1, summary: 1 }).sort({ _id: 1 }).lean();
  const ids = suppliers.map((supplier) => supplier._id.toHexString());
  const assessedIds = new Set(
    suppliers.filter((supplier) => supplier.summary.assessment).map((supplier) => supplier._id.toHexString()),
  );

  const app = keep(await startApp(database.uri, database.dataDir));
  const pid = app.child.pid;
  if (pid === undefined) throw new Error('the app process has no pid');
  const commandLine = checkAppProcess(pid);
  console.log(`app process ${pid}: ${commandLine}`);
  const cookie = await signInCookie(app.baseUrl, auditorEmail);
  const memoryAtStart = memoryOf(pid);

  // Every request names a different supplier (the whole list, spread out), languages alternating.
  const stride = Math.max(1, Math.floor(ids.length / (measured + 20)));
  const nthSupplier = (n: number) => ids[(n * stride + 1) % ids.length] ?? '';
  const first = await timePdf(app.baseUrl, cookie, nthSupplier(0), 'zh-CN');
  if (first.failure) throw new Error(`the first summary failed: ${first.failure}`);
  console.log(
    `first summary right after start (the app may still be loading its in-memory directories): ` +
      `${Math.round(first.ms)} ms, ${first.bytes} bytes, ${first.pages} pages`,
  );

  const warmUp: Timed[] = [];
  for (let n = 1; n <= 20; n++)
    warmUp.push(await timePdf(app.baseUrl, cookie, nthSupplier(n), LANGUAGES[n % 2] ?? 'en'));
  const single: (Timed & { lang: string; assessed: boolean })[] = [];
  for (let n = 21; n < 21 + measured; n++) {
    const lang = LANGUAGES[n % 2] ?? 'en';
    const supplierId = nthSupplier(n);
    single.push({
      ...(await timePdf(app.baseUrl, cookie, supplierId, lang)),
      lang,
      assessed: assessedIds.has(supplierId),
    });
  }
  const failures = [...warmUp, ...single].filter((timing) => timing.failure);
  if (failures.length > 0)
    throw new Error(
      `${failures.length} summary requests failed: ${failures
        .slice(0, 3)
        .map((timing) => timing.failure)
        .join('; ')}`,
    );

  const rows: LoadResult[] = [
    summarize(`report.pdf one at a time, ${single.length} suppliers, both languages`, single),
    ...LANGUAGES.map((lang) =>
      summarize(
        `  of which lang=${lang}`,
        single.filter((timing) => timing.lang === lang),
      ),
    ),
    summarize(
      '  of which with a completed assessment',
      single.filter((timing) => timing.assessed),
    ),
    summarize(
      '  of which without an assessment',
      single.filter((timing) => !timing.assessed),
    ),
  ];
  const pdfBytes = single.map((timing) => timing.bytes);
  const pdfPages = single.map((timing) => timing.pages);
  const average = (values: readonly number[]) =>
    values.reduce((sum, value) => sum + value, 0) / values.length;
  console.log(
    `summaries: ${Math.round(average(pdfBytes) / 1024)} KB and ${average(pdfPages).toFixed(1)} pages on average ` +
      `(largest ${Math.round(Math.max(...pdfBytes) / 1024)} KB, ${Math.max(...pdfPages)} pages)`,
  );

  const loadPaths = ids.map((id, n) => `/suppliers/${id}/report.pdf?lang=${LANGUAGES[n % 2] ?? 'en'}`);
  // Every supplier once, languages alternating; no summary is cached, so connections may share the order.
  rows.push(await loadPdfs(app.baseUrl, cookie, loadPaths, connections, seconds));
  const memoryAfterSingles = memoryOf(pid);
  refuseFailedRuns(rows);

  // The bulk export runs in a freshly started app on the same database, so that its peak tells
  // what the export itself needs, not what the load above left in the heap. One summary first
  // loads the in-memory directories, as any first page after a start does. VmHWM is then reset
  // (clear_refs 5) so that it tells the export's peak alone.
  await app.stop();
  const bulkApp = keep(await startApp(database.uri, database.dataDir));
  const bulkPid = bulkApp.child.pid;
  if (bulkPid === undefined) throw new Error('the bulk app process has no pid');
  checkAppProcess(bulkPid);
  const bulkCookie = await signInCookie(bulkApp.baseUrl, auditorEmail);
  const warmBulk = await timePdf(bulkApp.baseUrl, bulkCookie, nthSupplier(0), 'en');
  if (warmBulk.failure) throw new Error(`the summary before the export failed: ${warmBulk.failure}`);
  let hwmReset = true;
  try {
    fs.writeFileSync(`/proc/${bulkPid}/clear_refs`, '5');
  } catch {
    hwmReset = false;
  }
  const memoryBeforeBulk = memoryOf(bulkPid);
  const zipFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vetted-bench-zip-')), 'reports.zip');
  const watcher = watchMemory(bulkPid, 20);
  const bulkStarted = performance.now();
  const response = await fetch(`${bulkApp.baseUrl}/suppliers/reports.zip?lang=${bulkLanguage}`, {
    headers: { cookie: bulkCookie },
  });
  if (response.status !== 200 || !response.body)
    throw new Error(`the ZIP download failed: ${response.status}`);
  let zipBytes = 0;
  let firstByteMs: number | undefined;
  const out = fs.createWriteStream(zipFile);
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      firstByteMs ??= performance.now() - bulkStarted;
      zipBytes += chunk.length;
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  } finally {
    await new Promise<void>((resolve) => out.end(() => resolve()));
  }
  const bulkMs = performance.now() - bulkStarted;
  const { peakKb, samples } = watcher.stop();
  const memoryAfterBulk = memoryOf(bulkPid);

  const entries = zipEntryCount(zipFile);
  const listing = spawnSync('unzip', ['-l', zipFile], { encoding: 'utf8', maxBuffer: 64 * MB });
  const listed = /(\d+)\s+files?\s*$/.exec(listing.stdout.trim())?.[1];
  const integrity = spawnSync('unzip', ['-tqq', zipFile], { encoding: 'utf8', maxBuffer: 64 * MB });
  const manifest = spawnSync('unzip', ['-p', zipFile, 'manifest.csv'], {
    encoding: 'utf8',
    maxBuffer: 64 * MB,
  });
  const manifestLines = manifest.stdout.trim().split('\n').length - 1;
  fs.rmSync(path.dirname(zipFile), { recursive: true, force: true });
  const expectedEntries = ids.length + 1;
  const zipProblems = [
    entries !== expectedEntries && `end record says ${entries} entries, expected ${expectedEntries}`,
    Number(listed) !== expectedEntries && `unzip -l lists ${listed} files, expected ${expectedEntries}`,
    integrity.status !== 0 && `unzip -t failed: ${(integrity.stdout + integrity.stderr).slice(0, 300)}`,
    manifestLines !== ids.length && `manifest.csv has ${manifestLines} lines, expected ${ids.length}`,
  ].filter(Boolean);
  if (zipProblems.length > 0) throw new Error(`the ZIP is wrong:\n  ${zipProblems.join('\n  ')}`);

  const toMb = (kb: number) => Math.round(kb / 1024);
  const bulk = {
    label: `reports.zip of ${ids.length} suppliers, lang=${bulkLanguage}`,
    totalSeconds: Math.round(bulkMs / 100) / 10,
    firstByteMs: Math.round(firstByteMs ?? 0),
    zipMB: Math.round((zipBytes / MB) * 10) / 10,
    pdfsPerSecond: Math.round((ids.length / bulkMs) * 1000 * 10) / 10,
    entries,
    rssBeforeMB: toMb(memoryBeforeBulk.rssKb),
    peakRssSampledMB: toMb(peakKb),
    vmHwmAfterMB: toMb(memoryAfterBulk.hwmKb),
    rssAfterMB: toMb(memoryAfterBulk.rssKb),
  };

  const singleP50 = rows[0]?.p50 ?? 0;
  const peakMb = Math.max(bulk.peakRssSampledMB, hwmReset ? bulk.vmHwmAfterMB : 0);
  const verdicts = {
    singlePdfP50: `${singleP50} ms (target < ${SINGLE_P50_TARGET_MS} ms): ${singleP50 < SINGLE_P50_TARGET_MS ? 'met' : 'MISSED'}`,
    bulkPeakRss: `${peakMb} MB (target < ${BULK_PEAK_RSS_TARGET_MB} MB): ${peakMb < BULK_PEAK_RSS_TARGET_MB ? 'met' : 'MISSED'}`,
  };
  const totalRunMs = Date.now() - runStarted;
  report('reports', rows, {
    commit,
    suppliers: ids.length,
    generated,
    generatedMs,
    appCommandLine: commandLine,
    firstSummaryMs: Math.round(first.ms),
    averagePdfBytes: Math.round(average(pdfBytes)),
    averagePdfPages: Math.round(average(pdfPages) * 10) / 10,
    bulk,
    memorySampleEveryMs: 20,
    memorySamples: samples,
    vmHwmResetBeforeBulk: hwmReset,
    memoryMB: {
      atStart: toMb(memoryAtStart.rssKb),
      afterSingleRequests: toMb(memoryAfterSingles.rssKb),
      peakBeforeBulk: toMb(memoryAfterSingles.hwmKb),
    },
    verdicts,
    totalRunMs,
  });
  console.table([bulk]);
  console.log(verdicts);
  console.log(`total run ${Math.round(totalRunMs / 1000)} s`);
});
