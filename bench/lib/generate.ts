import { createHash } from 'node:crypto';
import { Types } from 'mongoose';
import { addDays, dayIn } from '../../src/lib/dates';
import { summarizeAgreements } from '../../src/modules/agreements/agreement-summary';
import {
  AgreementModel,
  type AgreementRecord,
  type Signatory,
} from '../../src/modules/agreements/agreements.model';
import { DPA_CLAUSE_IDS, type ClauseAssessment } from '../../src/modules/agreements/dpa-clauses';
import {
  AnswerModel,
  answerId,
  type AnswerRecord,
  type AnswerValue,
  type EvidenceFile,
} from '../../src/modules/assessments/answer.model';
import { AssessmentModel } from '../../src/modules/assessments/assessment.model';
import { residualTier, scoreAssessment } from '../../src/modules/assessments/scoring';
import { visibleQuestions } from '../../src/modules/assessments/visibility';
import {
  FindingModel,
  UNRESOLVED,
  type FindingStatus,
  type Severity,
} from '../../src/modules/findings/finding.model';
import type { TemplateContent, TemplateQuestion } from '../../src/modules/questionnaires';
import { ReviewModel } from '../../src/modules/reviews/review.model';
import {
  ACCESS_TYPES,
  CRITICALITY_LEVELS,
  PI_CATEGORY_KEYS,
  VOLUME_BANDS,
  type PiCategory,
} from '../../src/modules/suppliers/data-profile';
import { inherentRisk, type RiskTier } from '../../src/modules/suppliers/risk';
import { sealContacts } from '../../src/modules/suppliers/supplier-contacts';
import {
  SUPPLIER_STATUSES,
  SupplierModel,
  type StatusChange,
  type StoredSubprocessor,
  type SupplierStatus,
} from '../../src/modules/suppliers/suppliers.model';

/** A small deterministic pseudo-random generator, so every run builds the same data. */
export function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
}

const pick = <T>(next: () => number, items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;

/** Picks a value by weight: `[[value, weight], …]`. */
export function weighted<T>(next: () => number, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = next() * total;
  for (const [value, weight] of choices) {
    roll -= weight;
    if (roll < 0) return value;
  }
  const last = choices.at(-1);
  if (!last) throw new Error('nothing to choose from');
  return last[0];
}

/** Whole numbers from `low` to `high` (inclusive). */
export const between = (next: () => number, low: number, high: number) =>
  low + Math.floor(next() * (high - low + 1));

export interface SupplierOptions {
  /**
   * What a document about the supplier shows as well: company names in either language, a
   * status history, contacts, signatories and the signed file of signed agreements, clause
   * references, now and then a superseded earlier DPA, and subprocessors. Drawn from a
   * generator of its own, so everything else is the same data with or without it.
   */
  detailed?: boolean;
}

/**
 * Inserts `count` suppliers, each with an NDA and a DPA (with a clause checklist) and a summary
 * that matches them, as the app itself would have stored them.
 */
export async function generateSuppliers(
  count: number,
  ownerId: string,
  options: SupplierOptions = {},
): Promise<void> {
  const next = random(42);
  const detail = options.detailed ? random(4242) : undefined;
  const today = new Date();
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const suppliers: Record<string, unknown>[] = [];
    const agreements: AgreementRecord[] = [];
    for (let index = start; index < Math.min(count, start + batch); index++) {
      const id = new Types.ObjectId();
      const categories = PI_CATEGORY_KEYS.filter(() => next() < 0.15);
      const destinations = next() < 0.2 ? [pick(next, ['SG', 'US', 'DE', 'HK', 'JP'])] : [];
      const profile = {
        categories,
        volume: pick(next, VOLUME_BANDS),
        access: pick(next, ACCESS_TYPES),
        destinations,
        mechanism: destinations.length && next() < 0.8 ? ('standard_contract' as const) : undefined,
        criticality: pick(next, CRITICALITY_LEVELS),
        subprocessors: [] as StoredSubprocessor[],
      };
      const effective = addDays(today, -Math.floor(next() * 900));
      if (detail) profile.subprocessors = subprocessorsFor(detail, categories, effective);
      const risk = inherentRisk(profile);
      const expiry = addDays(effective, 365 + Math.floor(next() * 730));
      const mine = ['nda', 'dpa'].map(
        (type) =>
          ({
            _id: new Types.ObjectId(),
            supplierId: id.toString(),
            type,
            status: next() < 0.85 ? 'signed' : 'draft',
            version: 1,
            effectiveDate: effective,
            expiryDate: expiry,
            signatories: [],
            checklist:
              type === 'dpa'
                ? DPA_CLAUSE_IDS.map((clause) => ({ clause, state: next() < 0.9 ? 'present' : 'missing' }))
                : [],
            history: [],
          }) as unknown as AgreementRecord,
      );
      let name = index % 3 === 0 ? `供应商${index}科技有限公司` : `Supplier ${index} Ltd`;
      let legalName = name;
      if (detail) {
        ({ name, legalName } = companyName(detail, index));
        mine.push(...detailAgreements(detail, mine, name, effective));
      }
      agreements.push(...mine);
      const country = destinations.length ? 'CN' : pick(next, ['CN', 'CN', 'CN', 'SG', 'GB']);
      const status = pick(next, SUPPLIER_STATUSES);
      const reviewAnchor = addDays(today, -Math.floor(next() * 700));
      suppliers.push({
        _id: id,
        name,
        legalName,
        registrationId: detail ? registrationId(detail, country, index) : `BENCH-${index}`,
        country,
        services: detail ? pick(detail, SERVICES) : 'Generated for the benchmark',
        ownerId,
        ownerName: 'Bench Admin',
        contacts: sealContacts(
          detail
            ? [
                {
                  name: pick(detail, PEOPLE).name,
                  title: '客户经理 Account manager',
                  email: `dpo${index}@example.test`,
                },
                {
                  name: pick(detail, PEOPLE).name,
                  title: 'Security contact',
                  phone: `+86 21 5555 ${1000 + index}`,
                },
              ]
            : [{ name: 'Contact person', email: `contact${index}@example.test` }],
        ),
        internalNotes: 'Benchmark data',
        status,
        statusHistory: detail
          ? statusHistoryFor(detail, status, effective)
          : [{ to: 'prospect', reason: 'created', at: effective }],
        dataProfile: {
          ...profile,
          purpose: detail ? pick(detail, PURPOSES) : 'Benchmark',
          method: detail ? pick(detail, METHODS) : 'Generated',
        },
        subprocessors: profile.subprocessors,
        risk: {
          inherentTier: risk.tier,
          inherentScore: risk.score,
          factors: risk.factors,
          computedAt: today,
        },
        reviewAnchor,
        summary: { ...summarizeAgreements(mine), pendingApprovals: 0 },
        agreementIds: mine.map((agreement) => agreement._id.toString()),
        createdAt: effective,
        updatedAt: effective,
      });
    }
    await SupplierModel.collection.insertMany(suppliers);
    await AgreementModel.collection.insertMany(agreements);
  }
}

const CITIES = [
  '上海',
  '北京',
  '深圳',
  '杭州',
  '广州',
  '成都',
  '苏州',
  '南京',
  '武汉',
  '西安',
  '天津',
  '厦门',
];
const CN_WORDS = [
  '云启',
  '数安',
  '华信',
  '瑞达',
  '恒通',
  '智联',
  '博远',
  '锦程',
  '天擎',
  '星河',
  '新元',
  '嘉禾',
];
const CN_KINDS = [
  '信息科技有限公司',
  '网络技术有限公司',
  '数据服务有限公司',
  '软件股份有限公司',
  '云计算有限公司',
  '人力资源服务有限公司',
  '物流有限公司',
  '营销策划有限公司',
];
const EN_WORDS = ['Northwind', 'Bluefin', 'Harbor', 'Summit', 'Lattice', 'Crestline', 'Meridian', 'Orchid'];
const EN_KINDS = [
  'Cloud Services',
  'Data Systems',
  'Payroll',
  'Logistics',
  'Analytics',
  'Software',
  'Marketing',
];
const EN_FORMS = ['Ltd', 'Pte. Ltd.', 'GmbH', 'Inc.', 'Limited'];
const SERVICES = [
  'Payroll processing and employee self-service portal',
  '客服外包与呼叫中心服务',
  'Cloud hosting of the customer web shop',
  '员工体检预约与健康管理平台',
  'Email marketing campaigns and newsletter delivery',
  '物流配送与最后一公里派送',
  'Background screening of job applicants',
  '会员积分系统运营与数据分析',
];
const PURPOSES = [
  'Processing salaries, tax and social insurance contributions on our behalf',
  '代表我方处理客户订单、配送地址和售后服务记录',
  'Sending service notifications and marketing messages to customers who opted in',
  '为员工提供年度体检预约并回传体检结果摘要',
];
const METHODS = [
  'SFTP upload of monthly files; access through the supplier portal with MFA',
  '通过 API 实时同步，数据存储于境内数据中心',
  'Remote read-only access to our CRM; no local copies',
  '定期导出加密文件，由供应商系统自动导入',
];
const PEOPLE: readonly { name: string; title: string }[] = [
  { name: '张伟', title: '法务总监' },
  { name: '李娜', title: '首席信息安全官' },
  { name: '王芳', title: '采购经理' },
  { name: '刘洋', title: '总经理' },
  { name: '陈静', title: '数据保护负责人' },
  { name: 'Emma Clarke', title: 'General Counsel' },
  { name: 'James Porter', title: 'Chief Information Security Officer' },
  { name: 'Sarah Müller', title: 'Head of Procurement' },
  { name: 'Daniel Tan', title: 'Managing Director' },
  { name: 'Priya Raman', title: 'Data Protection Officer' },
];
const SUBPROCESSORS: readonly { name: string; country: string; service: string }[] = [
  { name: '云海数据中心有限公司', country: 'CN', service: 'Hosting' },
  { name: '信达短信服务有限公司', country: 'CN', service: '短信通知' },
  { name: 'Skyline Hosting Pte. Ltd.', country: 'SG', service: 'Backup storage' },
  { name: 'MailRiver Inc.', country: 'US', service: 'Transactional email' },
  { name: 'Datenwerk GmbH', country: 'DE', service: 'Analytics' },
  { name: '港通客服外包有限公司', country: 'HK', service: '客服外包' },
  { name: 'Sakura Print K.K.', country: 'JP', service: 'Printing and mailing' },
];

function companyName(next: () => number, index: number): { name: string; legalName: string } {
  if (index % 3 === 0) {
    const name = `${pick(next, CITIES)}${pick(next, CN_WORDS)}${pick(next, CN_KINDS)}`;
    return { name, legalName: name };
  }
  const name = `${pick(next, EN_WORDS)} ${pick(next, EN_KINDS)} ${pick(next, EN_FORMS)}`;
  // Many foreign suppliers contract through a Chinese entity.
  const legalName =
    next() < 0.4
      ? `${pick(next, CN_WORDS)}${pick(next, CN_KINDS).replace('有限公司', '（中国）有限公司')}`
      : name;
  return { name, legalName };
}

function registrationId(next: () => number, country: string, index: number): string {
  if (country !== 'CN') return `${country}-${String(100_000 + index)}`;
  const digits = Array.from({ length: 8 }, () => Math.floor(next() * 10)).join('');
  return `91310000${digits}${String(index % 100).padStart(2, '0')}`;
}

function subprocessorsFor(
  next: () => number,
  categories: readonly PiCategory[],
  since: Date,
): StoredSubprocessor[] {
  const count = weighted(next, [
    [0, 3],
    [1, 3],
    [2, 3],
    [3, 2],
    [4, 1],
  ]);
  return Array.from({ length: count }, () => {
    const sub = pick(next, SUBPROCESSORS);
    return {
      ...sub,
      categories: categories.filter(() => next() < 0.6),
      consentDate: next() < 0.8 ? addDays(since, between(next, 0, 200)) : undefined,
    };
  });
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function signatoriesFor(next: () => number, supplierName: string, signedOn: Date): Signatory[] {
  const company = pick(next, PEOPLE);
  const supplier = pick(next, PEOPLE);
  return [
    { name: company.name, title: company.title, party: 'company', signedOn },
    {
      name: supplier.name,
      title: `${supplier.title}, ${supplierName}`,
      party: 'supplier',
      signedOn: addDays(signedOn, between(next, 0, 5)),
    },
  ];
}

/**
 * Fills in what the base generator leaves empty on signed agreements, and now and then adds a
 * superseded first version of the DPA; the extra agreements to store.
 */
function detailAgreements(
  next: () => number,
  mine: AgreementRecord[],
  supplierName: string,
  effective: Date,
): AgreementRecord[] {
  const added: AgreementRecord[] = [];
  for (const agreement of mine) {
    agreement.title =
      agreement.type === 'dpa'
        ? pick(next, ['Data Processing Agreement', '个人信息委托处理协议'])
        : pick(next, ['Mutual Non-Disclosure Agreement', '保密协议']);
    if (agreement.type === 'dpa')
      agreement.checklist = agreement.checklist.map((item, position) => detailClause(next, item, position));
    if (agreement.status !== 'signed') continue;
    agreement.signatories = signatoriesFor(next, supplierName, effective);
    agreement.file = {
      id: new Types.ObjectId().toHexString(),
      filename: `${agreement.type.toUpperCase()}-${pick(next, ['signed', '签署版', 'countersigned'])}-v${agreement.version}.pdf`,
      length: between(next, 80_000, 2_400_000),
      sha256: sha256Hex(`${agreement._id.toHexString()}:file`),
      uploadedAt: addDays(effective, 1),
      uploadedByName: 'Bench Admin',
    };
    agreement.history = [
      { at: addDays(effective, -14), action: 'created', byName: 'Bench Admin' },
      { at: effective, action: 'status', from: 'draft', to: 'signed', byName: 'Bench Admin' },
      { at: addDays(effective, 1), action: 'file', byName: 'Bench Admin' },
    ];
  }
  const dpa = mine.find((agreement) => agreement.type === 'dpa');
  if (dpa && next() < 0.3) {
    const earlier = addDays(effective, -between(next, 400, 900));
    const first: AgreementRecord = {
      ...dpa,
      _id: new Types.ObjectId(),
      status: 'superseded',
      version: 1,
      effectiveDate: earlier,
      expiryDate: effective,
      signatories: signatoriesFor(next, supplierName, earlier),
      checklist: DPA_CLAUSE_IDS.map((clause) => ({
        clause,
        state: weighted(next, [
          ['present', 6],
          ['partial', 2],
          ['missing', 2],
        ]),
      })),
      file: {
        id: new Types.ObjectId().toHexString(),
        filename: 'DPA-2019-signed.pdf',
        length: between(next, 80_000, 900_000),
        sha256: sha256Hex(`${dpa._id.toHexString()}:first`),
        uploadedAt: earlier,
      },
      supersededById: dpa._id.toHexString(),
      history: [{ at: earlier, action: 'created', byName: 'Bench Admin' }],
    };
    dpa.version = 2;
    dpa.previousId = first._id.toHexString();
    added.push(first);
  }
  return added;
}

function detailClause(next: () => number, item: ClauseAssessment, position: number): ClauseAssessment {
  // Keeps the base generator's missing clauses missing; some present ones are only partly so.
  const state = item.state === 'present' && next() < 0.1 ? 'partial' : item.state;
  return {
    ...item,
    state,
    reference: state === 'missing' ? undefined : `§ ${Math.floor(position / 3) + 2}.${(position % 3) + 1}`,
    note:
      state === 'partial'
        ? pick(next, ['Only by e-mail, no deadline given', '未约定通知时限', 'Audit limited to certificates'])
        : undefined,
  };
}

const PATHS: Record<SupplierStatus, readonly SupplierStatus[]> = {
  prospect: ['prospect'],
  onboarding: ['prospect', 'onboarding'],
  active: ['prospect', 'onboarding', 'active'],
  suspended: ['prospect', 'onboarding', 'active', 'suspended'],
  offboarded: ['prospect', 'onboarding', 'active', 'offboarded'],
};
const REASONS: Partial<Record<SupplierStatus, string>> = {
  onboarding: 'Selected in the 2024 tender / 招标选定',
  active: 'NDA and DPA signed, assessment passed',
  suspended: '发现高风险问题，暂停数据传输',
  offboarded: 'Contract ended; deletion certificate received',
};

function statusHistoryFor(next: () => number, status: SupplierStatus, since: Date): StatusChange[] {
  let at = since;
  return PATHS[status].map((to, position) => {
    const from = PATHS[status][position - 1];
    if (position > 0) at = addDays(at, between(next, 5, 120));
    return { from, to, reason: from ? (REASONS[to] ?? to) : 'created', at, byName: 'Bench Admin' };
  });
}

export interface DueDiligenceOptions {
  /** The published questionnaire the assessments were sent with. */
  template: { id: string; content: TemplateContent };
  /** Whom the records name as reviewer. */
  staffName: string;
  /** Share of the suppliers past the prospect stage that have a completed assessment, 0–1. */
  assessedShare: number;
}

/** What generateDueDiligence added. */
export interface DueDiligenceCounts {
  assessments: number;
  answers: number;
  evidenceFiles: number;
  findings: number;
  reviews: number;
}

/**
 * Adds what a due-diligence summary reports beyond suppliers and agreements: for a share of
 * the suppliers a completed assessment of `template` with every shown question answered, files
 * of evidence, findings raised on weak answers (with their own evidence, responses and
 * closures) and the scores the app would compute; completed and open reviews; and the supplier
 * summaries that match.
 */
export async function generateDueDiligence(options: DueDiligenceOptions): Promise<DueDiligenceCounts> {
  const next = random(99);
  const now = new Date();
  const today = dayIn(now, process.env.TIME_ZONE ?? 'UTC');
  const { template, staffName } = options;
  const suppliers = (await SupplierModel.collection
    .find({}, { projection: { name: 1, status: 1, 'risk.inherentTier': 1 } })
    .toArray()) as unknown as {
    _id: Types.ObjectId;
    name: string;
    status: SupplierStatus;
    risk: { inherentTier: RiskTier };
  }[];
  suppliers.sort((a, b) => a._id.toHexString().localeCompare(b._id.toHexString()));
  const counts: DueDiligenceCounts = {
    assessments: 0,
    answers: 0,
    evidenceFiles: 0,
    findings: 0,
    reviews: 0,
  };
  const assessments: Record<string, unknown>[] = [];
  const answers: AnswerRecord[] = [];
  const findings: Record<string, unknown>[] = [];
  const reviews: Record<string, unknown>[] = [];
  const summaries: { id: Types.ObjectId; fields: Record<string, unknown> }[] = [];

  for (const supplier of suppliers) {
    const supplierId = supplier._id.toHexString();
    const fields: Record<string, unknown> = {};
    const inUse = ['onboarding', 'active', 'suspended'].includes(supplier.status);
    if (supplier.status !== 'prospect' && next() < options.assessedShare) {
      const assessmentId = new Types.ObjectId();
      const sentAt = addDays(now, -between(next, 40, 500));
      const submittedAt = addDays(sentAt, between(next, 7, 25));
      const completedAt = addDays(submittedAt, between(next, 2, 10));
      const given = answersFor(
        next,
        template.content,
        assessmentId.toHexString(),
        supplier.name,
        submittedAt,
      );
      const raised = findingsFor(next, template.content, given, {
        supplierId,
        supplierName: supplier.name,
        assessmentId: assessmentId.toHexString(),
        completedAt,
        today,
        staffName,
      });
      const scores = scoreAssessment(
        template.content,
        new Map(given.map((answer) => [answer.questionKey, answer])),
      );
      const open = { open: 0, critical: 0, high: 0, medium: 0, low: 0 };
      let nextDue: Date | undefined;
      for (const finding of raised) {
        if (!UNRESOLVED.includes(finding.status)) continue;
        open.open++;
        open[finding.severity]++;
        if (!nextDue || finding.dueDate < nextDue) nextDue = finding.dueDate;
      }
      const residual = residualTier(supplier.risk.inherentTier, scores.overall, open);
      assessments.push({
        _id: assessmentId,
        supplierId,
        supplierName: supplier.name,
        templateId: template.id,
        familyId: template.id,
        templateVersion: 1,
        templateName: template.content.name,
        status: 'completed',
        dueDate: addDays(dayIn(sentAt, 'UTC'), 30),
        message: 'Annual security review / 年度安全评估',
        sentByName: staffName,
        sentAt,
        submittedAt,
        completedAt,
        reviewerName: staffName,
        scores,
        residualTier: residual,
        // Frozen at completion, as the app does: a report reads this instead of every answer.
        evidenceFiles: given.flatMap((answer) =>
          answer.evidence.map((file) => ({ questionKey: answer.questionKey, file })),
        ),
        history: [
          { at: sentAt, action: 'sent', byName: staffName },
          { at: submittedAt, action: 'submitted', byName: 'Vendor' },
          { at: completedAt, action: 'completed', byName: staffName },
        ],
        createdAt: sentAt,
        updatedAt: completedAt,
      });
      answers.push(...given);
      findings.push(...raised.map((finding) => finding.record));
      counts.assessments++;
      counts.answers += given.length;
      counts.evidenceFiles += given.reduce((sum, answer) => sum + answer.evidence.length, 0);
      counts.findings += raised.length;
      fields['summary.assessment'] = {
        assessmentId: assessmentId.toHexString(),
        completedAt,
        score: scores.overall,
        residualTier: residual,
      };
      if (open.open > 0) fields['summary.findings'] = { ...open, nextDue };

      // The review that approved the supplier after the assessment, and for some an earlier one.
      const outcome = weighted(next, [
        ['approved', 6],
        ['approved_with_conditions', 3],
        ['rejected', 1],
      ] as const);
      const reviewedAt = addDays(completedAt, between(next, 1, 14));
      reviews.push(completedReview(next, supplierId, supplier.name, staffName, reviewedAt, outcome));
      if (next() < 0.3)
        reviews.push(
          completedReview(next, supplierId, supplier.name, staffName, addDays(reviewedAt, -365), 'approved'),
        );
      fields.reviewAnchor = reviewedAt;
    }
    if (inUse && next() < 0.35) {
      const _id = new Types.ObjectId();
      const dueDate = addDays(today, between(next, -30, 90));
      const kind = supplier.status === 'onboarding' ? 'onboarding' : 'periodic';
      reviews.push({
        _id,
        supplierId,
        supplierName: supplier.name,
        kind,
        status: 'open',
        triggers: [],
        dueDate,
        reviewerName: staffName,
        conditions: [],
        revision: 1,
        createdByName: staffName,
        createdAt: addDays(dueDate, -30),
        updatedAt: addDays(dueDate, -30),
      });
      fields['summary.review'] = { reviewId: _id.toHexString(), kind, dueDate };
    }
    if (Object.keys(fields).length > 0) summaries.push({ id: supplier._id, fields });
  }
  counts.reviews = reviews.length;

  for (const [collection, documents] of [
    [AssessmentModel.collection, assessments],
    [AnswerModel.collection, answers],
    [FindingModel.collection, findings],
    [ReviewModel.collection, reviews],
  ] as const) {
    for (let start = 0; start < documents.length; start += 500)
      await collection.insertMany(documents.slice(start, start + 500) as never[]);
  }
  // One update by `_id` each: the embedded database reads one row for those.
  for (const { id, fields } of summaries)
    await SupplierModel.collection.updateOne({ _id: id }, { $set: fields });
  return counts;
}

const NOTES = [
  'See the attached policy, section 4.',
  '已在附件中提供相关制度文件及审批记录。',
  'Rolled out to all production systems in Q2; legacy HR system follows in Q4.',
  '仅适用于生产环境，测试环境计划明年覆盖。',
];
const EVIDENCE_NAMES = [
  'ISO27001-certificate.pdf',
  '信息安全管理制度-v3.2.pdf',
  'penetration-test-summary-2025.pdf',
  '等级保护测评报告（摘要）.pdf',
  'backup-restore-test-record.xlsx',
  'incident-response-plan.docx',
  '员工保密培训签到表.pdf',
  'access-review-Q3.xlsx',
];

function evidenceFile(next: () => number, key: string, uploadedAt: Date): EvidenceFile {
  const filename = pick(next, EVIDENCE_NAMES);
  return {
    fileId: new Types.ObjectId().toHexString(),
    filename,
    length: between(next, 40_000, 6_000_000),
    sha256: sha256Hex(`${key}:${filename}:${next()}`),
    kind: filename.endsWith('.xlsx') ? 'xlsx' : filename.endsWith('.docx') ? 'docx' : 'pdf',
    uploadedAt,
    uploadedByName: 'Vendor',
    validUntil: filename.startsWith('ISO') ? addDays(uploadedAt, 700) : undefined,
  };
}

function valueFor(next: () => number, question: TemplateQuestion): AnswerValue | null {
  switch (question.type) {
    case 'yes_no':
      return weighted(next, [
        ['yes', 60],
        ['partial', 18],
        ['no', 12],
        ['na', 10],
      ]);
    case 'single_choice':
      return question.options?.length ? pick(next, question.options).value : 'other';
    case 'multi_choice':
      return (question.options ?? []).filter(() => next() < 0.4).map((option) => option.value);
    case 'number':
      return between(next, 1, 500);
    case 'date':
      return addDays(new Date(), -between(next, 10, 400))
        .toISOString()
        .slice(0, 10);
    case 'file':
      return null;
    default:
      return pick(next, NOTES);
  }
}

/** Every shown question of the template answered, with evidence where the question asks for it. */
function answersFor(
  next: () => number,
  content: TemplateContent,
  assessmentId: string,
  supplierName: string,
  submittedAt: Date,
): AnswerRecord[] {
  const given = new Map<string, AnswerRecord>();
  for (const section of content.sections) {
    for (const question of section.questions) {
      // Conditions name earlier questions, so the answers so far decide.
      if (question.showIf && !visibleQuestions(content, given).has(question.key)) continue;
      const value = valueFor(next, question);
      const files =
        value === 'na'
          ? 0
          : question.type === 'file' || question.evidence === 'required'
            ? between(next, 1, 2)
            : question.evidence === 'optional' && next() < 0.45
              ? 1
              : 0;
      const at = addDays(submittedAt, -between(next, 0, 10));
      given.set(question.key, {
        _id: answerId(assessmentId, question.key),
        assessmentId,
        questionKey: question.key,
        value,
        note: next() < 0.3 ? pick(next, NOTES) : undefined,
        evidence: Array.from({ length: files }, () =>
          evidenceFile(next, `${assessmentId}:${question.key}`, at),
        ),
        revision: 3,
        valueRevision: 2,
        updatedAt: at,
        updatedByName: `${supplierName} vendor`,
        thread: [],
        history: [],
      });
    }
  }
  return [...given.values()];
}

interface RaisedFinding {
  severity: Severity;
  status: FindingStatus;
  dueDate: Date;
  record: Record<string, unknown>;
}

/**
 * Findings on some weak yes/no answers, marked on the answer as the reviewer would (which the
 * scores then count as 0); every other answer accepted.
 */
function findingsFor(
  next: () => number,
  content: TemplateContent,
  given: AnswerRecord[],
  at: {
    supplierId: string;
    supplierName: string;
    assessmentId: string;
    completedAt: Date;
    today: Date;
    staffName: string;
  },
): RaisedFinding[] {
  const questions = new Map(content.sections.flatMap((section) => section.questions).map((q) => [q.key, q]));
  const raised: RaisedFinding[] = [];
  for (const answer of given) {
    const question = questions.get(answer.questionKey);
    const weak = answer.value === 'no' || answer.value === 'partial';
    if (!question || !weak || raised.length >= 8 || next() < 0.25) {
      answer.review = { verdict: 'accepted', at: at.completedAt, byName: at.staffName };
      continue;
    }
    const _id = new Types.ObjectId();
    answer.review = {
      verdict: 'finding',
      at: at.completedAt,
      byName: at.staffName,
      findingId: _id.toHexString(),
    };
    const severity = weighted<Severity>(next, [
      ['critical', 8],
      ['high', 25],
      ['medium', 42],
      ['low', 25],
    ]);
    const status = weighted<FindingStatus>(next, [
      ['open', 30],
      ['responded', 20],
      ['resolved', 38],
      ['accepted', 12],
    ]);
    const dueDate = addDays(at.today, between(next, -90, 150));
    const closed = status === 'resolved' || status === 'accepted';
    const chinese = /[\u4e00-\u9fff]/.test(at.supplierName);
    const respondedAt = addDays(at.completedAt, between(next, 3, 20));
    raised.push({
      severity,
      status,
      dueDate,
      record: {
        _id,
        supplierId: at.supplierId,
        supplierName: at.supplierName,
        assessmentId: at.assessmentId,
        questionKey: question.key,
        questionText: question.text,
        answerText: String(answer.value),
        answerNote: answer.note,
        evidence: answer.evidence,
        severity,
        title: chinese
          ? `${question.text.zh.slice(0, 40)}：未完全落实`
          : `Gap: ${question.text.en.slice(0, 70)}`,
        description: chinese
          ? '评审发现该控制措施仅部分实施，缺少书面记录。'
          : 'The control is only partly in place and there is no written record of it.',
        dueDate,
        status,
        response:
          status === 'open'
            ? undefined
            : {
                plan: chinese
                  ? '计划在下季度完成整改，并提交更新后的制度文件。'
                  : 'Remediation is planned for next quarter; the updated policy will be uploaded.',
                at: respondedAt,
                byName: 'Vendor',
                evidence: next() < 0.5 ? [evidenceFile(next, _id.toHexString(), respondedAt)] : [],
              },
        closure: closed
          ? {
              kind: status,
              at: addDays(respondedAt, between(next, 5, 40)),
              byName: at.staffName,
              justification:
                status === 'accepted' ? 'Compensating controls in place / 已有补偿性控制措施' : undefined,
              approver: status === 'accepted' ? pick(next, PEOPLE).name : undefined,
            }
          : undefined,
        thread: [
          {
            at: at.completedAt,
            byName: at.staffName,
            side: 'staff',
            text: 'Please describe the plan and the date.',
          },
        ],
        history: [{ at: at.completedAt, action: 'raised', byName: at.staffName, note: severity }],
        raisedByName: at.staffName,
        createdAt: at.completedAt,
        updatedAt: at.completedAt,
      },
    });
  }
  return raised;
}

function completedReview(
  next: () => number,
  supplierId: string,
  supplierName: string,
  staffName: string,
  completedAt: Date,
  outcome: 'approved' | 'approved_with_conditions' | 'rejected',
): Record<string, unknown> {
  return {
    _id: new Types.ObjectId(),
    supplierId,
    supplierName,
    kind: 'periodic',
    status: 'completed',
    triggers: [],
    dueDate: dayIn(completedAt, 'UTC'),
    reviewerName: staffName,
    outcome,
    conditions:
      outcome === 'approved_with_conditions'
        ? [
            {
              text: pick(next, ['Enforce MFA for administrators', '三个月内完成数据删除流程的书面化']),
              dueDate: addDays(completedAt, 90),
              met: next() < 0.5,
              metByName: staffName,
            },
          ]
        : [],
    completedAt,
    completedByName: staffName,
    revision: 3,
    createdByName: staffName,
    createdAt: addDays(completedAt, -20),
    updatedAt: completedAt,
  };
}
