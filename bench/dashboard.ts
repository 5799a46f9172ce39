import { Types } from 'mongoose';
import { between, generateSuppliers, random, weighted } from './lib/generate';
import {
  createBenchAdmin,
  load,
  refuseFailedRuns,
  report,
  runBenchmark,
  signInCookie,
  startApp,
  startScript,
  type LoadResult,
} from './lib/harness';
import { noteChange } from '../src/lib/change-log';
import { addDays, dayIn } from '../src/lib/dates';
import {
  AssessmentModel,
  OPEN_STATUSES,
  type AssessmentStatus,
} from '../src/modules/assessments/assessment.model';
import { residualTier } from '../src/modules/assessments/scoring';
import {
  FindingModel,
  SEVERITIES,
  UNRESOLVED,
  type FindingStatus,
  type Severity,
} from '../src/modules/findings/finding.model';
import { ReviewModel, type ReviewKind } from '../src/modules/reviews/review.model';
import { RISK_TIERS, type RiskTier } from '../src/modules/suppliers/risk';
import { SupplierModel, type SupplierStatus } from '../src/modules/suppliers/suppliers.model';
import { UserModel } from '../src/modules/users/users.model';

/**
 * Dashboard benchmark: the staff home page (`GET /` as an admin, which computes every dashboard
 * figure) at 10,000 suppliers with open reviews, assessments and findings, next to a bare
 * Express + EJS page, measured with autocannon in the same run.
 * Target: p99 under 300 ms on the embedded database.
 *
 *   node --import tsx bench/dashboard.ts [suppliers=10000] [seconds=15]
 */

function shuffled<T>(next: () => number, items: readonly T[]): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(next() * (index + 1));
    const item = copy[index] as T;
    copy[index] = copy[other] as T;
    copy[other] = item;
  }
  return copy;
}

interface SeededSupplier {
  _id: Types.ObjectId;
  name: string;
  status: SupplierStatus;
  risk: { inherentTier: RiskTier };
  reviewAnchor?: Date;
}

/** What the activity seeding expects the dashboard to show (the figures that can be counted exactly). */
interface Expected {
  openAssessments: number;
  overdueAssessments: number;
  unresolvedFindings: Record<Severity, number>;
}

const OPEN_REVIEWS = 400;
const COMPLETED_REVIEWS = 600;
const ASSESSMENTS = 1_000;
const FINDINGS_PER_COMPLETED = 5;

const QUESTIONS = [
  {
    key: 'iam.mfa',
    en: 'Is multi-factor authentication enforced for administrators?',
    zh: '管理员是否强制使用多因素认证？',
  },
  { key: 'crypto.at_rest', en: 'Is personal information encrypted at rest?', zh: '个人信息是否加密存储？' },
  { key: 'ops.backup', en: 'Are backups tested at least yearly?', zh: '备份是否至少每年测试一次？' },
  { key: 'ir.plan', en: 'Is there a documented incident response plan?', zh: '是否有书面的事件响应计划？' },
  {
    key: 'log.retention',
    en: 'Are access logs kept for at least six months?',
    zh: '访问日志是否至少保存六个月？',
  },
];

/**
 * Adds what the dashboard counts besides suppliers and agreements: open and completed reviews
 * (open ones also on the supplier's summary), assessments in every status (completed ones on the
 * summary) and findings of mixed status, severity and due date (unresolved counts on the summary).
 */
async function generateActivity(adminName: string): Promise<Expected> {
  const next = random(7);
  const now = new Date();
  const today = dayIn(now, process.env.TIME_ZONE ?? 'UTC');
  const suppliers = await SupplierModel.collection
    .find({}, { projection: { name: 1, status: 1, 'risk.inherentTier': 1, reviewAnchor: 1 } })
    .toArray();
  const all = (suppliers as unknown as SeededSupplier[]).sort((a, b) =>
    a._id.toHexString().localeCompare(b._id.toHexString()),
  );
  const summaries = new Map<string, Record<string, unknown>>();
  const setSummary = (supplier: SeededSupplier, fields: Record<string, unknown>) =>
    summaries.set(supplier._id.toHexString(), { ...summaries.get(supplier._id.toHexString()), ...fields });

  // Reviews: open ones for suppliers in use (overdue, due soon, later), completed ones elsewhere.
  const inUse = shuffled(
    next,
    all.filter((supplier) => ['onboarding', 'active', 'suspended'].includes(supplier.status)),
  );
  const reviews: Record<string, unknown>[] = [];
  for (const supplier of inUse.slice(0, OPEN_REVIEWS)) {
    const _id = new Types.ObjectId();
    const kind: ReviewKind =
      supplier.status === 'onboarding'
        ? 'onboarding'
        : weighted(next, [
            ['periodic', 4],
            ['event', 1],
          ] as const);
    const dueDate = addDays(today, between(next, -45, 90));
    const createdAt = addDays(dueDate, -between(next, 10, 60));
    reviews.push({
      _id,
      supplierId: supplier._id.toHexString(),
      supplierName: supplier.name,
      kind,
      status: 'open',
      triggers:
        kind === 'event' ? [{ event: 'agreement_expired', detail: 'DPA · expired', at: createdAt }] : [],
      dueDate,
      reviewerName: next() < 0.5 ? adminName : undefined,
      conditions: [],
      revision: 1,
      createdByName: adminName,
      createdAt,
      updatedAt: createdAt,
    });
    setSummary(supplier, { 'summary.review': { reviewId: _id.toHexString(), kind, dueDate } });
  }
  for (const supplier of inUse.slice(OPEN_REVIEWS, OPEN_REVIEWS + COMPLETED_REVIEWS)) {
    const completedAt = supplier.reviewAnchor ?? addDays(now, -between(next, 30, 600));
    const outcome = weighted(next, [
      ['approved', 6],
      ['approved_with_conditions', 3],
      ['rejected', 1],
    ] as const);
    reviews.push({
      _id: new Types.ObjectId(),
      supplierId: supplier._id.toHexString(),
      supplierName: supplier.name,
      kind: 'periodic',
      status: 'completed',
      triggers: [],
      dueDate: dayIn(completedAt, 'UTC'),
      reviewerName: adminName,
      outcome,
      conditions:
        outcome === 'approved_with_conditions'
          ? [{ text: 'Enforce MFA for administrators', dueDate: addDays(completedAt, 90), met: next() < 0.5 }]
          : [],
      completedAt,
      completedByName: adminName,
      revision: 3,
      createdByName: adminName,
      createdAt: addDays(completedAt, -20),
      updatedAt: completedAt,
    });
  }
  await ReviewModel.collection.insertMany(reviews);

  // Assessments: one each for suppliers past the prospect stage, in every status.
  const assessed = shuffled(
    next,
    all.filter((supplier) => supplier.status !== 'prospect'),
  ).slice(0, ASSESSMENTS);
  const expected: Expected = {
    openAssessments: 0,
    overdueAssessments: 0,
    unresolvedFindings: { low: 0, medium: 0, high: 0, critical: 0 },
  };
  const assessments: Record<string, unknown>[] = [];
  const findings: Record<string, unknown>[] = [];
  const templateId = new Types.ObjectId().toHexString();
  for (const supplier of assessed) {
    const _id = new Types.ObjectId();
    const status = weighted<AssessmentStatus>(next, [
      ['completed', 40],
      ['sent', 12],
      ['in_progress', 18],
      ['submitted', 10],
      ['returned', 5],
      ['cancelled', 15],
    ]);
    const sentAt = addDays(now, -between(next, 0, 365));
    const dueDate = addDays(dayIn(sentAt, 'UTC'), 30);
    const completed = status === 'completed';
    const overall = completed ? between(next, 35, 98) : null;
    const tier = supplier.risk.inherentTier;
    if (OPEN_STATUSES.includes(status)) {
      expected.openAssessments++;
      if (status !== 'submitted' && dueDate < today) expected.overdueAssessments++;
    }
    const completedAt = addDays(sentAt, 21);
    assessments.push({
      _id,
      supplierId: supplier._id.toHexString(),
      supplierName: supplier.name,
      templateId,
      familyId: templateId,
      templateVersion: 1,
      templateName: { en: 'Supplier security questionnaire', zh: '供应商安全问卷' },
      status,
      dueDate,
      message: 'Annual security review.',
      sentByName: adminName,
      sentAt,
      submittedAt: ['submitted', 'completed'].includes(status) ? addDays(sentAt, 14) : undefined,
      completedAt: completed ? completedAt : undefined,
      reviewerName: completed ? adminName : undefined,
      scores: completed ? { sections: [], overall } : undefined,
      residualTier: completed ? residualTier(tier, overall, { critical: 0, high: 0 }) : undefined,
      history: [{ at: sentAt, action: 'sent', byName: adminName }],
      createdAt: sentAt,
      updatedAt: completed ? completedAt : sentAt,
    });
    if (!completed) continue;
    setSummary(supplier, {
      'summary.assessment': {
        assessmentId: _id.toHexString(),
        completedAt,
        score: overall,
        residualTier: residualTier(tier, overall, { critical: 0, high: 0 }),
      },
    });

    // Findings of the completed assessment: mixed severity, status and due date.
    const open = { open: 0, critical: 0, high: 0, medium: 0, low: 0 };
    let nextDue: Date | undefined;
    for (const question of QUESTIONS.slice(0, FINDINGS_PER_COMPLETED)) {
      const severity = weighted<Severity>(next, [
        ['critical', 10],
        ['high', 25],
        ['medium', 40],
        ['low', 25],
      ]);
      const findingStatus = weighted<FindingStatus>(next, [
        ['open', 35],
        ['responded', 20],
        ['resolved', 35],
        ['accepted', 10],
      ]);
      const findingDue = addDays(today, between(next, -90, 120));
      if (UNRESOLVED.includes(findingStatus)) {
        expected.unresolvedFindings[severity]++;
        open.open++;
        open[severity]++;
        if (!nextDue || findingDue < nextDue) nextDue = findingDue;
      }
      const closed = findingStatus === 'resolved' || findingStatus === 'accepted';
      findings.push({
        _id: new Types.ObjectId(),
        supplierId: supplier._id.toHexString(),
        supplierName: supplier.name,
        assessmentId: _id.toHexString(),
        questionKey: question.key,
        questionText: { en: question.en, zh: question.zh },
        answerText: 'partial',
        evidence: [],
        severity,
        title: `Gap found in ${question.key}`,
        description: 'Raised during the assessment review of the benchmark data.',
        dueDate: findingDue,
        status: findingStatus,
        response:
          findingStatus === 'open'
            ? undefined
            : { plan: 'Remediation planned for next quarter.', at: addDays(completedAt, 7), evidence: [] },
        closure: closed
          ? {
              kind: findingStatus,
              at: addDays(completedAt, 30),
              byName: adminName,
              justification: findingStatus === 'accepted' ? 'Compensating controls in place.' : undefined,
              approver: findingStatus === 'accepted' ? adminName : undefined,
            }
          : undefined,
        thread: [],
        history: [{ at: completedAt, action: 'raised', byName: adminName, note: severity }],
        raisedByName: adminName,
        createdAt: completedAt,
        updatedAt: completedAt,
      });
    }
    if (open.open > 0) setSummary(supplier, { 'summary.findings': { ...open, nextDue } });
  }
  await AssessmentModel.collection.insertMany(assessments);
  for (let start = 0; start < findings.length; start += 500)
    await FindingModel.collection.insertMany(findings.slice(start, start + 500));

  // The summaries the services would have kept on each supplier, one update by `_id` each (the
  // embedded database reads one row for those; a bulk write of many updates stalled it).
  for (const [id, fields] of summaries)
    await SupplierModel.collection.updateOne({ _id: new Types.ObjectId(id) }, { $set: fields });
  console.log(
    `added ${reviews.length} reviews (${OPEN_REVIEWS} open), ${assessments.length} assessments, ` +
      `${findings.length} findings; updated ${summaries.size} supplier summaries`,
  );
  return expected;
}

/** The dashboard's numbers as the page shows them, by `data-figure` (e.g. "tiers:critical"). */
function figuresOf(html: string): Record<string, number> {
  const figures: Record<string, number> = {};
  for (const match of html.matchAll(/data-figure="([^"]+)"[^>]*>(?:<span class="stat-number">)?(\d+)/g))
    figures[match[1] ?? ''] = Number(match[2]);
  return figures;
}

/** Checks the page once before loading it: every figure present, and those seeded exactly as expected. */
function checkFigures(figures: Record<string, number>, count: number, expected: Expected): void {
  const problems: string[] = [];
  const sum = (prefix: string) =>
    Object.entries(figures)
      .filter(([key]) => key.startsWith(`${prefix}:`))
      .reduce((total, [, value]) => total + value, 0);
  const wanted: Record<string, number> = {
    'assessments:open': expected.openAssessments,
    'assessments:overdue': expected.overdueAssessments,
    ...Object.fromEntries(
      SEVERITIES.map((severity) => [`findings:${severity}`, expected.unresolvedFindings[severity]]),
    ),
  };
  for (const [key, value] of Object.entries(wanted))
    if (figures[key] !== value) problems.push(`${key} is ${figures[key]}, expected ${value}`);
  for (const group of ['tiers', 'statuses'])
    if (sum(group) !== count) problems.push(`${group} add up to ${sum(group)}, expected ${count}`);
  const nonZero = [
    ...RISK_TIERS.map((tier) => `tiers:${tier}`),
    'reviews:overdue',
    'reviews:dueSoon',
    'agreements:dpaMissing',
    'agreements:ndaMissing',
    'agreements:expiring',
    'agreements:expired',
  ];
  for (const key of nonZero) if (!figures[key]) problems.push(`${key} is ${figures[key]}, expected some`);
  if (problems.length > 0) throw new Error(`dashboard figures are wrong:\n  ${problems.join('\n  ')}`);
}

/**
 * The dashboard keeps its figures until something changes; this times the request that has to
 * count again. Each round changes one supplier the way another app process would (the document,
 * then a change-log note), waits for the app to follow the log, and times one page.
 */
async function timeAfterChanges(baseUrl: string, cookie: string): Promise<{ median: number; max: number }> {
  const suppliers = await SupplierModel.find({}, { _id: 1 }).limit(20).lean();
  const timings: number[] = [];
  for (const [index, supplier] of suppliers.entries()) {
    await SupplierModel.updateOne({ _id: supplier._id }, { $set: { services: `Changed ${index}` } });
    await noteChange('supplier', supplier._id.toString());
    await new Promise((resolve) => setTimeout(resolve, 400));
    const at = performance.now();
    await (await fetch(`${baseUrl}/`, { headers: { cookie } })).text();
    timings.push(performance.now() - at);
  }
  timings.sort((a, b) => a - b);
  return {
    median: Math.round(timings[Math.floor(timings.length / 2)] ?? 0),
    max: Math.round(timings.at(-1) ?? 0),
  };
}

runBenchmark('dashboard', async ({ database, keep }) => {
  const runStarted = Date.now();
  const count = Number(process.argv[2] ?? 10_000);
  const seconds = Number(process.argv[3] ?? 15);
  const email = await createBenchAdmin();
  const admin = await UserModel.findOne({ email }).lean();
  const started = Date.now();
  await generateSuppliers(count, admin?._id.toString() ?? '');
  const expected = await generateActivity(admin?.name ?? 'Bench Admin');
  const generatedMs = Date.now() - started;
  console.log(
    `generated ${count} suppliers with agreements, reviews, assessments and findings in ${Math.round(generatedMs / 1000)} s`,
  );

  const bare = keep(await startScript('bench/bare-page.ts', {}));
  const app = keep(await startApp(database.uri, database.dataDir));
  const cookie = await signInCookie(app.baseUrl, email);
  const first = Date.now();
  const page = await fetch(`${app.baseUrl}/`, { headers: { cookie } });
  const html = await page.text();
  const firstLoadMs = Date.now() - first;
  if (page.status !== 200 || !html.includes('data-figure="tiers:critical"'))
    throw new Error(`the dashboard did not render: ${page.status}`);
  const figures = figuresOf(html);
  checkFigures(figures, count, expected);
  console.log('dashboard figures:', figures);

  // Warm up, and time requests one at a time (no queueing) for comparison with the load.
  const single: number[] = [];
  for (let index = 0; index < 30; index++) {
    const at = performance.now();
    const response = await fetch(`${app.baseUrl}/`, { headers: { cookie } });
    await response.text();
    single.push(performance.now() - at);
  }
  single.sort((a, b) => a - b);
  const singleMedianMs = Math.round(single[Math.floor(single.length / 2)] ?? 0);
  console.log(`first dashboard ${firstLoadMs} ms; one request at a time: median ${singleMedianMs} ms`);

  const afterChange = await timeAfterChanges(app.baseUrl, cookie);
  console.log(
    `dashboard right after a supplier changed (a full recount): median ${afterChange.median} ms, max ${afterChange.max} ms`,
  );

  const rows: LoadResult[] = [];
  rows.push(await load('bare Express + EJS page (baseline)', `${bare.baseUrl}/`, { duration: seconds }));
  rows.push(await load('home page with dashboard (admin)', `${app.baseUrl}/`, { cookie, duration: seconds }));
  const totalRunMs = Date.now() - runStarted;
  report('dashboard', rows, {
    suppliers: count,
    generatedMs,
    firstDashboardLoadMs: firstLoadMs,
    singleRequestMedianMs: singleMedianMs,
    afterChangeMedianMs: afterChange.median,
    afterChangeMaxMs: afterChange.max,
    figures,
    totalRunMs,
  });
  console.log(`total run ${Math.round(totalRunMs / 1000)} s`);
  refuseFailedRuns(rows);
});
