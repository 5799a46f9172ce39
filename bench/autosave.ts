import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { defaultTemplate } from '../seed/questionnaire/default-template';
import { hashPassword } from '../src/lib/passwords';
import { questionsOf, seedTemplate, type TemplateQuestion } from '../src/modules/questionnaires';
import { SupplierModel } from '../src/modules/suppliers/suppliers.model';
import { UserModel } from '../src/modules/users/users.model';
import {
  BENCH_PASSWORD,
  createBenchAdmin,
  report,
  runBenchmark,
  signInCookie,
  startApp,
} from './lib/harness';

/**
 * Issue 4 benchmark: vendor sessions autosaving answers for a while, then a check that every
 * acknowledged save is stored exactly. Sessions come in pairs on the same assessment (one
 * person, two tabs) and write to overlapping questions, so the last-write-wins path with its
 * revision check is exercised as well as the plain one.
 *
 *   node --import tsx bench/autosave.ts [sessions=50] [seconds=60] [pauseMs=700]
 *
 * pauseMs is the time between one session's saves: the browser saves 700 ms after typing stops,
 * so 700 ms is a vendor typing without a break; 0 is a stress test.
 * Target: save p99 under 300 ms on the embedded database, zero lost or corrupted answers.
 */

interface Ack {
  session: number;
  key: string;
  value: unknown;
  note: string;
  revision: number;
}

interface Session {
  index: number;
  cookie: string;
  csrf: string;
  assessmentId: string;
  /** The revision this tab last saw per question (what the browser sends as baseRevision). */
  seen: Map<string, number>;
}

const WORDS = [
  'access',
  'review',
  '加密',
  'backup',
  '供应商',
  'policy',
  'MFA',
  '日志',
  'incident',
  '个人信息',
];

/** Something a vendor might type: mixed English and Chinese, up to `max` characters. */
function typedText(session: number, count: number, max: number): string {
  const words: string[] = [`s${session}-n${count}`];
  const length = 3 + ((session * 7 + count * 13) % 40);
  for (let index = 0; index < length; index++)
    words.push(WORDS[(session + count + index) % WORDS.length] ?? '');
  return words.join(' ').slice(0, max);
}

function valueFor(question: TemplateQuestion, session: number, count: number): unknown {
  switch (question.type) {
    case 'yes_no':
      return ['yes', 'partial', 'no', 'na'][count % 4];
    case 'number':
      return session * 1000 + count;
    case 'short_text':
      return typedText(session, count, 500);
    default:
      return typedText(session, count, 10_000);
  }
}

function percentile(sorted: readonly number[], share: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

/** One supplier per pair of sessions, each with a vendor user. */
async function createVendors(pairs: number): Promise<{ email: string; supplierId: string }[]> {
  const passwordHash = await hashPassword(BENCH_PASSWORD);
  const vendors: { email: string; supplierId: string }[] = [];
  for (let index = 0; index < pairs; index++) {
    const supplier = await SupplierModel.create({ name: `Autosave supplier ${index}`, status: 'active' });
    const email = `vendor${index}@autosave.test`;
    await UserModel.create({
      email,
      name: `Vendor ${index}`,
      role: 'vendor',
      supplier: supplier._id,
      passwordHash,
    });
    vendors.push({ email, supplierId: supplier._id.toString() });
  }
  return vendors;
}

async function formToken(baseUrl: string, cookie: string, path: string): Promise<string> {
  const page = await fetch(`${baseUrl}${path}`, { headers: { cookie } });
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1];
  if (!token) throw new Error(`no form on ${path} (${page.status})`);
  return token;
}

/**
 * Sends the default questionnaire to each supplier through the real form, as procurement would;
 * the assessment ids in the order of `supplierIds`.
 */
async function sendAssessments(
  baseUrl: string,
  adminCookie: string,
  templateId: string,
  supplierIds: readonly string[],
): Promise<string[]> {
  const ids: string[] = [];
  for (const supplierId of supplierIds) {
    const csrf = await formToken(baseUrl, adminCookie, '/assessments/new');
    const response = await fetch(`${baseUrl}/assessments`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: adminCookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, supplierId, templateId, dueDate: '2099-12-31' }).toString(),
    });
    const location = response.headers.get('location') ?? '';
    if (response.status !== 303 || !location.startsWith('/assessments/')) {
      throw new Error(`sending failed: ${response.status}`);
    }
    ids.push(location.split('/').pop() ?? '');
  }
  return ids;
}

runBenchmark('autosave', async ({ database, keep }) => {
  const sessionCount = Number(process.argv[2] ?? 50);
  const seconds = Number(process.argv[3] ?? 60);
  const pauseMs = Number(process.argv[4] ?? 700);
  const pairs = Math.ceil(sessionCount / 2);
  const adminEmail = await createBenchAdmin();
  const templateId = await seedTemplate(defaultTemplate);
  if (!templateId) throw new Error('the default questionnaire was not seeded');
  const questions = questionsOf(defaultTemplate)
    .map(({ question }) => question)
    .filter((question) => ['yes_no', 'short_text', 'long_text', 'number'].includes(question.type));
  const vendors = await createVendors(pairs);

  const app = keep(await startApp(database.uri, database.dataDir));
  const assessmentIds = await sendAssessments(
    app.baseUrl,
    await signInCookie(app.baseUrl, adminEmail),
    templateId,
    vendors.map((vendor) => vendor.supplierId),
  );
  const sessions: Session[] = [];
  for (let index = 0; index < sessionCount; index++) {
    const pair = Math.floor(index / 2);
    const cookie = await signInCookie(app.baseUrl, vendors[pair]?.email ?? '');
    const assessmentId = assessmentIds[pair] ?? '';
    const csrf = await formToken(
      app.baseUrl,
      cookie,
      `/assessments/${assessmentId}/sections/${defaultTemplate.sections[0]?.key ?? ''}`,
    );
    sessions.push({ index, cookie, csrf, assessmentId, seen: new Map() });
  }

  const acks: Ack[] = [];
  const latencies: number[] = [];
  const failures: string[] = [];
  const deadline = Date.now() + seconds * 1000;
  const run = async (session: Session) => {
    let count = 0;
    // Tabs of one pair share most questions: both pick from the same window of keys.
    const offset = Math.floor(session.index / 2) % questions.length;
    // People do not start typing in the same millisecond: each session starts within the
    // first pause, as if its vendor had just opened the page.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * pauseMs));
    while (Date.now() < deadline) {
      count++;
      const question = questions[(offset + count * (1 + (session.index % 2))) % questions.length];
      if (!question) break;
      const value = valueFor(question, session.index, count);
      const note = count % 5 === 0 ? typedText(session.index, count, 300) : '';
      const started = performance.now();
      try {
        const response = await fetch(
          `${app.baseUrl}/assessments/${session.assessmentId}/answers/${question.key}`,
          {
            method: 'POST',
            headers: {
              cookie: session.cookie,
              'content-type': 'application/json',
              accept: 'application/json',
              'x-csrf-token': session.csrf,
            },
            body: JSON.stringify({
              value,
              note,
              saveId: randomUUID(),
              baseRevision: session.seen.get(question.key),
            }),
          },
        );
        const body = (await response.json()) as { ok?: boolean; revision?: number };
        latencies.push(performance.now() - started);
        if (response.status !== 200 || !body.ok || typeof body.revision !== 'number') {
          failures.push(`${question.key}: ${response.status} ${JSON.stringify(body).slice(0, 160)}`);
        } else {
          session.seen.set(question.key, body.revision);
          acks.push({ session: session.index, key: question.key, value, note, revision: body.revision });
        }
      } catch (error) {
        failures.push(String(error));
      }
      if (pauseMs > 0) await new Promise((resolve) => setTimeout(resolve, pauseMs * (0.5 + Math.random())));
    }
  };
  await Promise.all(sessions.map(run));

  // Every answer must hold exactly the acknowledged save with the highest revision, and no
  // two acknowledged saves of one answer may share a revision (that would be a lost update).
  const latest = new Map<string, Ack>();
  const revisionsSeen = new Set<string>();
  let duplicateRevisions = 0;
  for (const ack of acks) {
    const id = `${sessions[ack.session]?.assessmentId ?? ''}:${ack.key}`;
    const revisionKey = `${id}#${ack.revision}`;
    if (revisionsSeen.has(revisionKey)) duplicateRevisions++;
    revisionsSeen.add(revisionKey);
    const current = latest.get(id);
    if (!current || ack.revision > current.revision) latest.set(id, ack);
  }
  const answers = mongoose.connection.db?.collection<{
    _id: string;
    value?: unknown;
    note?: string;
    valueRevision?: number;
  }>('answers');
  let lost = 0;
  let corrupted = 0;
  for (const [id, ack] of latest) {
    const stored = await answers?.findOne({ _id: id });
    if (!stored || (stored.valueRevision ?? 0) < ack.revision) lost++;
    else if (
      stored.valueRevision !== ack.revision ||
      JSON.stringify(stored.value) !== JSON.stringify(ack.value) ||
      (stored.note ?? '') !== ack.note
    )
      corrupted++;
  }

  latencies.sort((a, b) => a - b);
  const row = {
    label: `autosave, ${sessionCount} sessions, ${pauseMs} ms between saves`,
    p50: Math.round(percentile(latencies, 0.5)),
    p99: Math.round(percentile(latencies, 0.99)),
    max: Math.round(latencies.at(-1) ?? 0),
    requestsPerSecond: Math.round(latencies.length / seconds),
    errors: failures.length,
    non2xx: failures.filter((failure) => /^\d{3} /.test(failure)).length,
  };
  const verification = {
    acknowledgedSaves: acks.length,
    answersChecked: latest.size,
    lost,
    corrupted,
    duplicateRevisions,
    firstFailures: failures.slice(0, 5),
  };
  report('autosave', [row], { sessions: sessionCount, seconds, pauseMs, verification });
  console.log(verification);
  if (lost > 0 || corrupted > 0 || duplicateRevisions > 0 || failures.length > 0) {
    throw new Error('autosave lost, corrupted or refused acknowledged saves');
  }
});
