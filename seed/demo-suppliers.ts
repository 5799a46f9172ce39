import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { addDays } from '../src/lib/dates';
import { storeFile } from '../src/lib/files';
import { summarizeAgreements } from '../src/modules/agreements/agreement-summary';
import {
  AgreementModel,
  type AgreementRecord,
  type AgreementStatus,
  type AgreementType,
} from '../src/modules/agreements/agreements.model';
import {
  DPA_CLAUSE_IDS,
  type ClauseAssessment,
  type ClauseState,
  type DpaClauseId,
} from '../src/modules/agreements/dpa-clauses';
import type {
  AccessType,
  Criticality,
  PiCategory,
  TransferMechanism,
  VolumeBand,
} from '../src/modules/suppliers/data-profile';
import { inherentRisk } from '../src/modules/suppliers/risk';
import { setAgreementSummary, supplierDirectory } from '../src/modules/suppliers';
import { SupplierModel, type SupplierStatus } from '../src/modules/suppliers/suppliers.model';
import { sealContacts } from '../src/modules/suppliers/supplier-contacts';
import { UserModel } from '../src/modules/users/users.model';

interface DemoAgreement {
  type: AgreementType;
  status: AgreementStatus;
  /** Days from today; negative is in the past. */
  effective?: number;
  expires?: number;
  /** DPA clauses not fully present (all others are present). */
  clauses?: Partial<Record<DpaClauseId, ClauseState>>;
  /** An older version, superseded by this one. */
  withEarlierVersion?: boolean;
  /** A countersigned copy from the vendor waits for approval. */
  pendingCountersigned?: boolean;
  /** Recorded, but its signed document not uploaded yet. */
  noFile?: boolean;
}

interface DemoSupplier {
  name: string;
  legalName?: string;
  registrationId?: string;
  country: string;
  website?: string;
  services: string;
  status: SupplierStatus;
  owner: 'procurement@vetted.test' | 'admin@vetted.test';
  purpose: string;
  method: string;
  categories: PiCategory[];
  volume: VolumeBand;
  access: AccessType;
  destinations?: string[];
  mechanism?: TransferMechanism;
  criticality: Criticality;
  contacts?: { name: string; title?: string; email?: string; phone?: string }[];
  subprocessors?: { name: string; country: string; service: string; categories: PiCategory[] }[];
  notes?: string;
  /** Days since the last review (the cadence counts from it). */
  reviewedDaysAgo: number;
  agreements: DemoAgreement[];
}

/** About a dozen realistic suppliers, with agreements in every state (see issue 3 of the brief). */
export const DEMO_SUPPLIER_PROFILES: DemoSupplier[] = [
  {
    name: 'Acme Cloud Ltd',
    legalName: 'Acme Cloud Limited',
    country: 'GB',
    website: 'https://acme-cloud.example',
    services: 'Managed hosting of the customer portal and its database',
    status: 'active',
    owner: 'procurement@vetted.test',
    purpose: 'Hosting the customer portal',
    method: 'Stores and operates the production database',
    categories: ['identity_contact', 'account_credentials', 'transactions'],
    volume: '100k_1m',
    access: 'holds_copy',
    destinations: ['GB'],
    mechanism: 'standard_contract',
    criticality: 'critical',
    contacts: [
      {
        name: 'Grace Hopper',
        title: 'Security officer',
        email: 'security@acme-cloud.example',
        phone: '+44 20 7946 0018',
      },
    ],
    subprocessors: [
      {
        name: 'Northwind Backup Services',
        country: 'IE',
        service: 'Encrypted off-site backups',
        categories: ['identity_contact', 'transactions'],
      },
    ],
    notes: 'Renewal of the NDA is with legal.',
    reviewedDaysAgo: 150,
    agreements: [
      { type: 'nda', status: 'signed', effective: -700, expires: 20 },
      { type: 'dpa', status: 'signed', effective: -680, expires: 400 },
    ],
  },
  {
    name: '北京华信数据服务有限公司',
    legalName: '北京华信数据服务有限公司',
    registrationId: '91110000802100433B',
    country: 'CN',
    services: '客户交易数据分析与报表',
    status: 'onboarding',
    owner: 'procurement@vetted.test',
    purpose: '交易数据分析',
    method: '在其机房存储并分析交易数据副本',
    categories: ['identity_contact', 'financial_account', 'transactions'],
    volume: 'gt_1m',
    access: 'holds_copy',
    criticality: 'high',
    contacts: [
      {
        name: '王磊',
        title: '信息安全负责人',
        email: 'wanglei@huaxin.example.cn',
        phone: '+86 10 6552 8888',
      },
    ],
    reviewedDaysAgo: 20,
    agreements: [
      { type: 'nda', status: 'signed', effective: -60, expires: 670 },
      { type: 'dpa', status: 'draft', noFile: true },
    ],
  },
  {
    name: 'Globex Payments Pte. Ltd.',
    country: 'SG',
    website: 'https://globex-pay.example',
    services: 'Card payment processing for the online shop',
    status: 'prospect',
    owner: 'admin@vetted.test',
    purpose: 'Processing card payments',
    method: 'Receives card and order data through its API',
    categories: ['identity_contact', 'financial_account', 'transactions'],
    volume: 'gt_1m',
    access: 'remote_write',
    destinations: ['SG'],
    mechanism: 'cac_assessment',
    criticality: 'critical',
    reviewedDaysAgo: 10,
    agreements: [{ type: 'nda', status: 'sent', noFile: true }],
  },
  {
    name: 'Initech Payroll Services',
    legalName: 'Initech Payroll Services (Shanghai) Co., Ltd.',
    registrationId: '91350100M000100Y43',
    country: 'CN',
    services: 'Payroll and social insurance filing for our staff',
    status: 'active',
    owner: 'procurement@vetted.test',
    purpose: 'Payroll',
    method: 'Remote access to the HR system',
    categories: ['employment', 'national_id_number', 'financial_account'],
    volume: '1k_10k',
    access: 'remote_write',
    criticality: 'medium',
    reviewedDaysAgo: 300,
    agreements: [
      { type: 'nda', status: 'signed', effective: -300, expires: 430 },
      {
        type: 'dpa',
        status: 'signed',
        effective: -290,
        clauses: { 'DPA-BREACH-NOTICE': 'missing', 'DPA-SUBPROCESSOR': 'missing', 'DPA-SECURITY': 'partial' },
      },
    ],
  },
  {
    name: '上海易联客服外包有限公司',
    country: 'CN',
    services: '售后客服热线外包',
    status: 'active',
    owner: 'procurement@vetted.test',
    purpose: '处理客户来电及投诉',
    method: '在我方系统中现场处理客户工单',
    categories: ['identity_contact', 'communications'],
    volume: '100k_1m',
    access: 'on_site',
    criticality: 'high',
    reviewedDaysAgo: 500,
    agreements: [
      { type: 'nda', status: 'signed', effective: -740, expires: -10 },
      { type: 'dpa', status: 'signed', effective: -730, expires: 500 },
    ],
  },
  {
    name: '杭州智瞳生物识别技术有限公司',
    country: 'CN',
    services: '门店人脸识别会员系统',
    status: 'onboarding',
    owner: 'admin@vetted.test',
    purpose: '会员身份识别',
    method: '采集并存储人脸特征值',
    categories: ['biometric', 'whereabouts', 'identity_contact'],
    volume: '10k_100k',
    access: 'holds_copy',
    criticality: 'high',
    notes: '需先完成个人信息保护影响评估。',
    reviewedDaysAgo: 15,
    agreements: [{ type: 'nda', status: 'draft', noFile: true }],
  },
  {
    name: 'Umbrella Health Analytics GmbH',
    country: 'DE',
    services: 'Health-insurance claims analytics',
    status: 'suspended',
    owner: 'admin@vetted.test',
    purpose: 'Claims analytics',
    method: 'Batch files sent monthly',
    categories: ['medical_health', 'identity_contact'],
    volume: '10k_100k',
    access: 'holds_copy',
    destinations: ['DE'],
    mechanism: 'standard_contract',
    criticality: 'medium',
    notes: 'Suspended after the audit found unencrypted backups.',
    reviewedDaysAgo: 200,
    agreements: [
      { type: 'nda', status: 'terminated', effective: -900 },
      { type: 'dpa', status: 'expired', effective: -900, expires: -30 },
    ],
  },
  {
    name: '深圳速递物流有限公司',
    country: 'CN',
    services: '电商订单配送',
    status: 'active',
    owner: 'procurement@vetted.test',
    purpose: '订单配送',
    method: '通过接口读取收货人信息',
    categories: ['identity_contact', 'whereabouts'],
    volume: 'gt_1m',
    access: 'remote_read',
    criticality: 'high',
    subprocessors: [
      {
        name: '广州末端配送服务有限公司',
        country: 'CN',
        service: '末端配送',
        categories: ['identity_contact'],
      },
    ],
    reviewedDaysAgo: 90,
    agreements: [
      { type: 'nda', status: 'signed', effective: -500, expires: 600 },
      { type: 'dpa', status: 'signed', effective: -100, expires: 45, withEarlierVersion: true },
    ],
  },
  {
    name: 'Stark Print & Mail Co.',
    country: 'HK',
    services: 'Printing and mailing of account statements',
    status: 'active',
    owner: 'procurement@vetted.test',
    purpose: 'Sending paper statements',
    method: 'Receives statement files, prints, then deletes them',
    categories: ['identity_contact', 'financial_account'],
    volume: '100k_1m',
    access: 'holds_copy',
    destinations: ['HK'],
    mechanism: 'standard_contract',
    criticality: 'medium',
    reviewedDaysAgo: 330,
    agreements: [
      { type: 'nda', status: 'signed', effective: -200, expires: 530 },
      { type: 'dpa', status: 'signed', effective: -190, expires: 540, pendingCountersigned: true },
    ],
  },
  {
    name: '成都童趣教育科技有限公司',
    country: 'CN',
    services: '儿童学习应用的内容与账号服务',
    status: 'prospect',
    owner: 'admin@vetted.test',
    purpose: '儿童学习账号管理',
    method: '托管学习记录',
    categories: ['minor_under_14', 'education', 'identity_contact'],
    volume: '10k_100k',
    access: 'holds_copy',
    criticality: 'medium',
    reviewedDaysAgo: 5,
    agreements: [],
  },
  {
    name: 'Wayne Secure Shredding Ltd',
    country: 'CN',
    services: 'On-site destruction of paper records',
    status: 'offboarded',
    owner: 'admin@vetted.test',
    purpose: 'Destroying paper records',
    method: 'Shreds documents at our office',
    categories: ['identity_contact'],
    volume: '1k_10k',
    access: 'on_site',
    criticality: 'low',
    reviewedDaysAgo: 800,
    agreements: [{ type: 'nda', status: 'terminated', effective: -1200 }],
  },
  {
    name: 'Hooli Marketing Cloud Inc.',
    country: 'US',
    website: 'https://hooli-marketing.example',
    services: 'Campaign analytics for the marketing team',
    status: 'onboarding',
    owner: 'procurement@vetted.test',
    purpose: 'Measuring marketing campaigns',
    method: 'Receives pseudonymous device and behaviour data',
    categories: ['device_online', 'preferences_behaviour'],
    volume: 'gt_1m',
    access: 'holds_copy',
    destinations: ['US'],
    criticality: 'medium',
    reviewedDaysAgo: 40,
    agreements: [{ type: 'nda', status: 'signed', effective: -30, expires: 700 }],
  },
];

/** A small signed-agreement PDF (Latin text only: the built-in fonts have no Chinese glyphs). */
function agreementPdf(title: string, supplier: string, effective: Date | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: title, Author: 'Vetted demo data' } });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(title);
    doc
      .moveDown()
      .fontSize(11)
      .text(`Between the Company and ${/^[\x20-\x7e]*$/.test(supplier) ? supplier : 'the Supplier'}.`);
    doc.text(
      `Effective ${effective ? effective.toISOString().slice(0, 10) : 'on signature'}. Demonstration document.`,
    );
    doc.moveDown(4).text('Signed: ____________________        Signed: ____________________');
    doc.end();
  });
}

const TITLES: Record<AgreementType, string> = {
  nda: 'Mutual non-disclosure agreement',
  dpa: 'Data processing agreement',
  msa: 'Master services agreement',
  scc: 'Standard contract for cross-border transfer',
  other: 'Agreement',
};

async function storedPdf(type: AgreementType, supplier: string, effective: Date | undefined, suffix = '') {
  const buffer = await agreementPdf(TITLES[type], supplier, effective);
  return storeFile(Readable.from([buffer]), {
    filename: `${type.toUpperCase()}${suffix}.pdf`,
    accept: ['pdf'],
    maxBytes: 5 * 1_048_576,
    metadata: { source: 'demo' },
  });
}

function checklistFor(overrides: DemoAgreement['clauses']): ClauseAssessment[] {
  return DPA_CLAUSE_IDS.map((clause, index) => ({
    clause,
    state: overrides?.[clause] ?? 'present',
    reference: `§ ${index + 2}`,
  }));
}

async function createAgreements(supplierId: string, profile: DemoSupplier): Promise<void> {
  const today = new Date();
  const ids: string[] = [];
  const day = (offset: number | undefined) => (offset === undefined ? undefined : addDays(today, offset));
  for (const spec of profile.agreements) {
    const effective = day(spec.effective);
    const base = {
      supplierId,
      type: spec.type,
      signatories: [
        {
          name: 'Priya Procurement',
          title: 'Procurement lead',
          party: 'company' as const,
          signedOn: effective,
        },
        {
          name: profile.contacts?.[0]?.name ?? 'Authorised signatory',
          party: 'supplier' as const,
          signedOn: effective,
        },
      ],
      checklist: spec.type === 'dpa' ? checklistFor(spec.clauses) : [],
    };
    let previousId: string | undefined;
    if (spec.withEarlierVersion) {
      const older = await AgreementModel.create({
        ...base,
        status: 'superseded',
        version: 1,
        effectiveDate: addDays(today, (spec.effective ?? 0) - 730),
        expiryDate: effective,
        file: fileOf(await storedPdf(spec.type, profile.name, undefined, '-v1')),
        history: [{ at: today, action: 'created', to: 'signed', byName: 'Vetted demo data' }],
      });
      previousId = older._id.toString();
      ids.push(previousId);
    }
    const created = await AgreementModel.create({
      ...base,
      status: spec.status,
      version: previousId ? 2 : 1,
      previousId,
      effectiveDate: effective,
      expiryDate: day(spec.expires),
      ...(spec.noFile ? {} : { file: fileOf(await storedPdf(spec.type, profile.name, effective)) }),
      history: [{ at: today, action: 'created', to: spec.status, byName: 'Vetted demo data' }],
    });
    ids.push(created._id.toString());
    if (previousId)
      await AgreementModel.updateOne(
        { _id: previousId },
        { $set: { supersededById: created._id.toString() } },
      );
    if (spec.pendingCountersigned) {
      const copy = await AgreementModel.create({
        ...base,
        status: 'sent',
        version: 2,
        previousId: created._id.toString(),
        effectiveDate: effective,
        expiryDate: day(spec.expires),
        file: fileOf(await storedPdf(spec.type, profile.name, effective, '-countersigned')),
        approval: { state: 'pending' },
        history: [{ at: today, action: 'version', to: 'sent', byName: 'Victor Vendor' }],
      });
      ids.push(copy._id.toString());
    }
  }
  const agreements = await Promise.all(ids.map((id) => AgreementModel.findById(id).lean<AgreementRecord>()));
  const existing = agreements.filter((agreement): agreement is AgreementRecord => agreement !== null);
  await setAgreementSummary(supplierId, { ...summarizeAgreements(existing), agreementIds: ids.reverse() });
}

function fileOf(stored: Awaited<ReturnType<typeof storedPdf>>) {
  return {
    id: stored.id,
    filename: stored.filename,
    length: stored.length,
    sha256: stored.sha256,
    uploadedAt: stored.uploadedAt,
    uploadedByName: 'Vetted demo data',
  };
}

/** Creates the demo suppliers that are missing (matched by name), with their agreements. */
export async function seedDemoSuppliers(): Promise<number> {
  let created = 0;
  for (const profile of DEMO_SUPPLIER_PROFILES) {
    if (await SupplierModel.exists({ name: profile.name })) continue;
    const owner = await UserModel.findOne({ email: profile.owner }, { name: 1 }).lean();
    const risk = inherentRisk({
      categories: profile.categories,
      volume: profile.volume,
      access: profile.access,
      destinations: profile.destinations ?? [],
      mechanism: profile.mechanism,
      criticality: profile.criticality,
      subprocessors: profile.subprocessors ?? [],
    });
    const since = addDays(new Date(), -profile.reviewedDaysAgo);
    const supplier = await SupplierModel.create({
      name: profile.name,
      legalName: profile.legalName,
      registrationId: profile.registrationId,
      country: profile.country,
      website: profile.website,
      services: profile.services,
      ownerId: owner?._id.toString(),
      ownerName: owner?.name,
      contacts: sealContacts(profile.contacts ?? []),
      internalNotes: profile.notes,
      status: profile.status,
      statusHistory: [{ to: profile.status, reason: 'Demo data', at: since, byName: 'Vetted demo data' }],
      dataProfile: {
        purpose: profile.purpose,
        method: profile.method,
        categories: profile.categories,
        volume: profile.volume,
        access: profile.access,
        destinations: profile.destinations ?? [],
        mechanism: profile.mechanism,
        criticality: profile.criticality,
      },
      subprocessors: profile.subprocessors ?? [],
      risk: {
        inherentTier: risk.tier,
        inherentScore: risk.score,
        factors: risk.factors,
        computedAt: new Date(),
      },
      reviewAnchor: since,
    });
    const id = supplier._id.toString();
    await supplierDirectory.publish(supplier.toObject());
    await createAgreements(id, profile);
    created++;
  }
  return created;
}
