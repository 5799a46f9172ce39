import mongoose from 'mongoose';
import { listOutbox } from '../../src/modules/mail/mailer';
import { UserModel } from '../../src/modules/users/users.model';
import type { Role } from '../../src/modules/users/roles';
import { signedInAs, type SignedIn } from '../helpers/agents';
import { testConfig } from '../helpers/environment';
import { createSupplier, createUser, type TestUser } from '../helpers/factories';
import { makePdf, upload, type FormFields } from '../suppliers/support';
import { MONITORING_DEFAULTS_FORM, insertAlert } from '../monitoring/support';
import { insertTemplate, questionForm, sampleContent } from '../templates/support';
import type { TemplateContent } from '../../src/modules/questionnaires/template.types';
import { DPA_CLAUSE_IDS } from '../../src/modules/agreements/dpa-clauses';
import {
  answerEverything,
  attachEvidence,
  handIn,
  publishedDefaultTemplate,
  publishedShortTemplate,
  raiseFindingOn,
  sendAssessment,
  storedAssessment,
  submittedAssessment,
} from '../assessments/records';

/**
 * Every route of the portal (src/app.ts and src/modules/*\/*.routes.ts), with real ids, a valid
 * form for the state-changing ones and what each kind of visitor must get. Shared by the access
 * matrix and the CSRF tests.
 */

export type Actor = Role | 'anonymous';
export const ACTORS: readonly Actor[] = ['anonymous', 'admin', 'procurement', 'auditor', 'vendor'];

/** Records the routes point at, created once before the tests. */
export interface Fixture {
  agents: Record<Role, SignedIn>;
  /** The supplier the vendor belongs to. */
  ownSupplierId: string;
  /** A supplier the vendor does not belong to. */
  otherSupplierId: string;
  /** A staff account the admin pages work on. */
  targetUserId: string;
  /** A pending vendor invitation (the SHA-256 id of its token). */
  invitationId: string;
  /** A mail in the local outbox. */
  outboxId: string;
  // Records of issue 7's features (each feature adds its own below).
  /** An incident the vendor reported for its own supplier, and one of the other supplier. */
  incidents: { own: string; other: string };
}

/** A strong password for forms that set one. */
export const NEW_PASSWORD = 'Quartz-Harbor-Lantern-Meadow-57';
/** The fixture's other supplier; no other record's name contains it (the reports ZIP filters on it). */
const OTHER_SUPPLIER_NAME = 'Other Supplier Ltd';
/** A well-formed set-password token that no invitation has. */
export const UNKNOWN_TOKEN = 'unknownTokenThatNoInvitationHas_0123456789';

let unique = 0;
/** A value no other test has used (e-mail addresses must be unique). */
export function uniqueSuffix(): string {
  unique++;
  return `${Date.now().toString(36)}${unique}`;
}

/** What one visitor must get from one route. */
export type Expectation =
  /** Answered: this status, and for redirects this target. */
  | { status: number; location?: string | RegExp }
  /** A page request from a visitor: 303 to the sign-in page. */
  | 'sign-in'
  /** A non-page request from a visitor: 401. */
  | 'unauthorized'
  /** Signed in with a role that may not: 403 and the "Access denied" page. */
  | 'forbidden'
  /** Signed in, but the record is hidden: 404 and the "Page not found" page. */
  | 'not-found';

export interface RouteCase {
  method: 'GET' | 'POST';
  /** The route as written in the router; used in test names. */
  path: string;
  /** Tells apart two rows of the same route (e.g. own and another supplier). */
  note?: string;
  /** The real address; may create a fresh record for this one request. */
  url(fx: Fixture): string | Promise<string>;
  /** A valid form (without _csrf); `me` is the requesting user, undefined for a visitor. */
  form?(fx: Fixture, me: TestUser | undefined): Record<string, string>;
  /** The request would end or replace the shared session: use a fresh signed-in agent. */
  freshAgent?: boolean;
  /**
   * A multipart upload (UPLOAD_ROUTES): the file sent in the "file" field, with `form` as the
   * text fields and the CSRF token in the query string, as the upload forms send it.
   */
  upload?: {
    filename: string;
    content(fx: Fixture): Buffer | Promise<Buffer>;
    /** An accepted upload keeps the file (agreement documents); an import reads it and drops it. */
    storesFile: boolean;
  };
  expect(fx: Fixture): Record<Actor, Expectation>;
}

/** Signed-in users with one of `allowed` roles get `success`, the others 403, visitors sign-in/401. */
function gated(
  method: 'GET' | 'POST',
  allowed: readonly Role[],
  success: Expectation,
  overrides: Partial<Record<Actor, Expectation>> = {},
): Record<Actor, Expectation> {
  const result = {} as Record<Actor, Expectation>;
  for (const actor of ACTORS) {
    result[actor] =
      actor === 'anonymous'
        ? method === 'GET'
          ? 'sign-in'
          : 'unauthorized'
        : allowed.includes(actor)
          ? success
          : 'forbidden';
  }
  return { ...result, ...overrides };
}

/** Everyone, signed in or not, gets `success`. */
function open(
  success: Expectation,
  overrides: Partial<Record<Actor, Expectation>> = {},
): Record<Actor, Expectation> {
  const result = {} as Record<Actor, Expectation>;
  for (const actor of ACTORS) result[actor] = success;
  return { ...result, ...overrides };
}

const ALL: readonly Role[] = ['admin', 'procurement', 'auditor', 'vendor'];
const STAFF: readonly Role[] = ['admin', 'procurement', 'auditor'];
const BUYERS: readonly Role[] = ['admin', 'procurement'];
const ADMIN: readonly Role[] = ['admin'];

const page = { status: 200 };
const redirect = (location: string | RegExp) => ({ status: 303, location });
const toUserList = redirect('/admin/users');
const toInvitations = redirect('/invitations');

/** A fresh staff account for one-shot account actions (disable, reset, …). */
async function freshUserUrl(
  action: string,
  overrides: Parameters<typeof createUser>[0] = {},
): Promise<string> {
  const user = await createUser({ role: 'procurement', ...overrides });
  return `/admin/users/${user.id}/${action}`;
}

/** A supplier form with every section filled in (one contact, one subprocessor), valid for buyers. */
export function fullSupplierForm(fx: Fixture): Record<string, string> {
  const suffix = uniqueSuffix();
  return {
    name: `Acme Data ${suffix}`,
    legalName: `Acme Data Services ${suffix} Pte. Ltd.`,
    registrationId: `UEN-${suffix.toUpperCase()}`,
    country: 'SG',
    website: 'https://acme-data.example',
    services: 'Customer support ticketing',
    ownerId: fx.agents.procurement.user.id,
    internalNotes: 'Negotiating a multi-year discount',
    purpose: 'Answering customer questions',
    method: 'Hosted SaaS',
    categories: 'identity_contact',
    volume: '10k_100k',
    access: 'holds_copy',
    criticality: 'medium',
    destinations: 'US',
    mechanism: 'standard_contract',
    contact_name_0: 'Lim Wei',
    contact_title_0: 'Account manager',
    contact_email_0: 'lim.wei@acme-data.example',
    contact_phone_0: '+65 6123 4567',
    sub_name_0: 'CloudCo',
    sub_country_0: 'US',
    sub_service_0: 'Hosting',
    sub_categories_0: 'identity_contact',
    sub_consentDate_0: '2026-01-15',
  };
}

/** A fresh supplier for one request that changes it. */
async function freshSupplierUrl(action: string, status: 'prospect' | 'active' = 'prospect'): Promise<string> {
  const supplier = await createSupplier({ name: `Fresh Supplier ${uniqueSuffix()}`, status });
  return `/suppliers/${supplier.id}${action}`;
}

/** A supplier import previewed by `buyer` (a CSV with one new supplier); its id. */
async function importPreview(buyer: SignedIn): Promise<string> {
  const csv = `name,registration_id,status\nImported Supplier ${uniqueSuffix()},,prospect\n`;
  const response = await upload(buyer.agent, '/suppliers/import', Buffer.from(csv), 'suppliers.csv');
  const id = /^\/suppliers\/import\/([a-f\d]{32})$/.exec(String(response.headers.location))?.[1];
  if (!id) throw new Error(`fixture import preview failed with ${response.status}`);
  return id;
}

/** Records an agreement through the form (as an admin); its id. */
async function recordAgreement(
  fx: Fixture,
  supplierId: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const response = await fx.agents.admin.post(`/suppliers/${supplierId}/agreements`, {
    type: 'nda',
    status: 'draft',
    title: 'Mutual NDA',
    sig_name_0: 'Wang Fang',
    sig_party_0: 'company',
    sig_party_1: 'supplier',
    ...fields,
  });
  const id = /\/agreements\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  if (response.status !== 303 || !id) throw new Error(`fixture agreement failed with ${response.status}`);
  return id;
}

/** Uploads a signed PDF to an agreement that has none yet (as an admin). */
async function attachPdf(fx: Fixture, supplierId: string, agreementId: string): Promise<void> {
  const response = await upload(
    fx.agents.admin.agent,
    `/suppliers/${supplierId}/agreements/${agreementId}/file`,
    await makePdf('Signed NDA'),
    'signed-nda.pdf',
  );
  if (response.status !== 303) throw new Error(`fixture upload failed with ${response.status}`);
}

/** Agreements the agreement routes point at, created once per fixture on first use. */
interface AgreementRecords {
  /** A signed NDA of the vendor's own supplier, with its PDF. */
  ownSigned: string;
  /** A signed NDA of another supplier, with its PDF. */
  otherSigned: string;
  /** A draft NDA of the vendor's own supplier, edited by the update route. */
  ownDraft: string;
  /** A DPA of the vendor's own supplier, for the clause checklist. */
  ownDpa: string;
}
const agreementRecords = new WeakMap<Fixture, Promise<AgreementRecords>>();

function agreementsOf(fx: Fixture): Promise<AgreementRecords> {
  let records = agreementRecords.get(fx);
  if (!records) {
    records = (async () => {
      const signed = { status: 'signed', effectiveDate: '2026-01-01', expiryDate: '2030-12-31' };
      const ownSigned = await recordAgreement(fx, fx.ownSupplierId, signed);
      await attachPdf(fx, fx.ownSupplierId, ownSigned);
      const otherSigned = await recordAgreement(fx, fx.otherSupplierId, signed);
      await attachPdf(fx, fx.otherSupplierId, otherSigned);
      return {
        ownSigned,
        otherSigned,
        ownDraft: await recordAgreement(fx, fx.ownSupplierId),
        ownDpa: await recordAgreement(fx, fx.ownSupplierId, {
          type: 'dpa',
          title: 'Data processing agreement',
        }),
      };
    })();
    agreementRecords.set(fx, records);
  }
  return records;
}

/** A countersigned copy the vendor just handed in for their own supplier: the version waiting for approval. */
async function pendingCountersignedUrl(fx: Fixture, action: string): Promise<string> {
  const sent = await recordAgreement(fx, fx.ownSupplierId, { status: 'sent' });
  const response = await upload(
    fx.agents.vendor.agent,
    `/suppliers/${fx.ownSupplierId}/agreements/${sent}/countersigned`,
    await makePdf('Countersigned NDA'),
    'countersigned.pdf',
  );
  const id = /\/agreements\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
  if (response.status !== 303 || !id || id === sent)
    throw new Error(`fixture countersign failed with ${response.status}`);
  return `/suppliers/${fx.ownSupplierId}/agreements/${id}${action}`;
}

/** A fresh active supplier with an open periodic review (started by the admin); the review's page. */
async function freshReviewPath(fx: Fixture): Promise<string> {
  const supplier = await createSupplier({ name: `Reviewed Supplier ${uniqueSuffix()}`, status: 'active' });
  const response = await fx.agents.admin.post(`/suppliers/${supplier.id}/reviews`, { kind: 'periodic' });
  const path = String(response.headers.location);
  if (response.status !== 303 || !/^\/reviews\/[a-f\d]{24}$/.test(path))
    throw new Error(`fixture review failed with ${response.status}`);
  return path;
}

/** A fresh review completed "approved with conditions", with one condition; the review's page. */
async function conditionalReviewPath(fx: Fixture): Promise<string> {
  const path = await freshReviewPath(fx);
  const response = await fx.agents.admin.post(`${path}/complete`, {
    outcome: 'approved_with_conditions',
    condition_text_0: 'Enable MFA for support staff',
    condition_dueDate_0: '2027-03-31',
  });
  if (response.status !== 303) throw new Error(`fixture review completion failed with ${response.status}`);
  return path;
}

/** A working calendar feed path of a fresh admin (made through the schedule page). */
async function calendarFeedPath(): Promise<string> {
  const owner = await signedInAs('admin');
  await owner.post('/schedule/feed', { scope: 'all' });
  const page = await owner.agent.get('/schedule');
  const path = /value="https?:\/\/[^/"]+(\/schedule\/feed\/[\w-]{43}\.ics)"/.exec(page.text)?.[1];
  if (!path) throw new Error('fixture calendar feed was not shown');
  return path;
}

/** An unknown notification id, well-formed. */
const SOMEONE_ELSES_NOTIFICATION = 'n:00000000-0000-4000-8000-000000000000';

/** The answer the assessment fixtures attach evidence to and raise findings on. */
const EVIDENCE_KEY = 'gov_01';

/** Assessments and findings the assessment and finding routes point at, created once per fixture on first use. */
interface AssessmentRecords {
  /** The published default questionnaire. */
  templateId: string;
  /**
   * The vendor's own supplier's open assessment: the second cycle of the default questionnaire,
   * its answers (and the evidence on EVIDENCE_KEY) carried forward from the completed first one.
   */
  ownOpen: string;
  /** The evidence file on the own open assessment's answer to EVIDENCE_KEY. */
  ownEvidence: string;
  /** A finding of the vendor's own supplier, raised in the first cycle, with the answer's evidence. */
  ownFinding: string;
  ownFindingEvidence: string;
  /** Another supplier's handed-in assessment, with evidence on EVIDENCE_KEY and a finding on it. */
  otherSubmitted: string;
  otherEvidence: string;
  otherFinding: string;
  otherFindingEvidence: string;
  /** A vendor user of the other supplier, who answers findings there. */
  otherVendor: SignedIn;
}
const assessmentRecords = new WeakMap<Fixture, Promise<AssessmentRecords>>();

async function findingEvidence(findingId: string): Promise<string> {
  const finding = await mongoose.connection
    .collection('findings')
    .findOne({ _id: new mongoose.Types.ObjectId(findingId) });
  const fileId = (finding?.evidence as { fileId: string }[] | undefined)?.[0]?.fileId;
  if (!fileId) throw new Error('fixture finding has no evidence');
  return fileId;
}

function assessmentsOf(fx: Fixture): Promise<AssessmentRecords> {
  let records = assessmentRecords.get(fx);
  if (!records) {
    records = (async () => {
      const { admin, vendor } = fx.agents;
      const templateId = await publishedDefaultTemplate();

      // The own supplier's first cycle: answered with evidence, handed in, a finding raised, completed.
      const firstCycle = await sendAssessment(admin, fx.ownSupplierId, templateId);
      await answerEverything(firstCycle);
      const ownEvidence = await attachEvidence(vendor, firstCycle, EVIDENCE_KEY);
      await handIn(vendor, firstCycle);
      const ownFinding = await raiseFindingOn(admin, firstCycle, EVIDENCE_KEY);
      await admin.post(`/assessments/${firstCycle}/complete`);
      if ((await storedAssessment(firstCycle)).status !== 'completed')
        throw new Error('fixture assessment was not completed');
      const ownOpen = await sendAssessment(admin, fx.ownSupplierId, templateId);

      const otherVendor = await signedInAs({ role: 'vendor', supplierId: fx.otherSupplierId });
      const otherSubmitted = await sendAssessment(admin, fx.otherSupplierId, templateId);
      await answerEverything(otherSubmitted);
      const otherEvidence = await attachEvidence(otherVendor, otherSubmitted, EVIDENCE_KEY);
      await handIn(otherVendor, otherSubmitted);
      const otherFinding = await raiseFindingOn(admin, otherSubmitted, EVIDENCE_KEY);

      return {
        templateId,
        ownOpen,
        ownEvidence,
        ownFinding,
        ownFindingEvidence: await findingEvidence(ownFinding),
        otherSubmitted,
        otherEvidence,
        otherFinding,
        otherFindingEvidence: await findingEvidence(otherFinding),
        otherVendor,
      };
    })();
    assessmentRecords.set(fx, records);
  }
  return records;
}

const ownAssessmentUrl = async (fx: Fixture, suffix = '') =>
  `/assessments/${(await assessmentsOf(fx)).ownOpen}${suffix}`;
const otherAssessmentUrl = async (fx: Fixture, suffix = '') =>
  `/assessments/${(await assessmentsOf(fx)).otherSubmitted}${suffix}`;
const ownFindingUrl = async (fx: Fixture, suffix = '') =>
  `/findings/${(await assessmentsOf(fx)).ownFinding}${suffix}`;
const otherFindingUrl = async (fx: Fixture, suffix = '') =>
  `/findings/${(await assessmentsOf(fx)).otherFinding}${suffix}`;

/**
 * The supplier and questionnaire the next "send" form names: a fresh supplier each time (one
 * open assessment per supplier and questionnaire), chosen by the route's url(), which runs first.
 */
const nextSend = new WeakMap<Fixture, { supplierId: string; templateId: string }>();

/** A fresh supplier's assessment, just sent (as the admin). */
async function freshOpenAssessmentUrl(fx: Fixture, action: string): Promise<string> {
  const supplier = await createSupplier({ name: `Assessed Supplier ${uniqueSuffix()}` });
  const { templateId } = await assessmentsOf(fx);
  return `/assessments/${await sendAssessment(fx.agents.admin, supplier.id, templateId)}${action}`;
}

/** A fresh supplier's assessment, answered and handed in by its vendor. */
async function freshHandedInUrl(fx: Fixture, action: string): Promise<string> {
  const { templateId } = await assessmentsOf(fx);
  const { assessmentId } = await submittedAssessment(fx.agents.admin, templateId);
  return `/assessments/${assessmentId}${action}`;
}

/** A fresh finding on the other supplier's handed-in assessment; `responded`: its vendor has answered it. */
async function freshFindingUrl(fx: Fixture, action: string, responded = false): Promise<string> {
  const records = await assessmentsOf(fx);
  const id = await raiseFindingOn(fx.agents.admin, records.otherSubmitted, 'gov_02', { severity: 'medium' });
  if (responded) {
    const response = await records.otherVendor.post(`/findings/${id}/respond`, {
      plan: 'Policy review booked for next month',
    });
    if (response.status !== 303) throw new Error(`fixture response failed with ${response.status}`);
  }
  return `/findings/${id}${action}`;
}

/** The own open assessment as its Excel workbook, unchanged (a clean file to import). */
async function ownWorkbook(fx: Fixture): Promise<Buffer> {
  const response = await fx.agents.vendor.agent
    .get(await ownAssessmentUrl(fx, '/export.xlsx'))
    .buffer(true)
    .parse((stream, done) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => done(null, Buffer.concat(chunks)));
    });
  if (response.status !== 200) throw new Error(`fixture workbook failed with ${response.status}`);
  return response.body as Buffer;
}

/** A preview of importing the own assessment's unchanged workbook, made by the vendor; its address. */
async function ownImportPreviewUrl(fx: Fixture): Promise<string> {
  const base = await ownAssessmentUrl(fx, '/import');
  const response = await upload(fx.agents.vendor.agent, base, await ownWorkbook(fx), 'answers.xlsx');
  const location = String(response.headers.location);
  if (!/\/import\/[a-f\d]{32}$/.test(location))
    throw new Error(`fixture preview failed with ${response.status}`);
  return location;
}

const assessmentPage = (suffix = '') => new RegExp(`^/assessments/[a-f\\d]{24}${suffix}$`);
const findingPage = /^\/findings\/[a-f\d]{24}$/;
const EVIDENCE_PAGE = assessmentPage(`#q-${EVIDENCE_KEY}`);

const agreementPage = (supplierId: string, suffix = '') =>
  new RegExp(`^/suppliers/${supplierId}/agreements/[a-f\\d]{24}${suffix}$`);
const supplierPage = /^\/suppliers\/[a-f\d]{24}$/;
const incidentPage = /^\/incidents\/[a-f\d]{24}$/;
const INCIDENT_REPORTERS: readonly Role[] = ['admin', 'procurement', 'vendor'];

/** A valid incident report (yesterday's), with these fields changed. */
function incidentForm(overrides: Record<string, string> = {}): Record<string, string> {
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  return {
    title: 'Customer list on a public share',
    description: 'A file with customer names was reachable without sign-in.',
    discoveredOn: yesterday,
    reportedOn: yesterday,
    categories: 'identity_contact',
    individualsAffected: '120',
    ...overrides,
  };
}

/**
 * The sample questionnaire of test/templates/support.ts (sections "access" with acc_01 and
 * acc_02, "logging" with log_01), with a question log_02 that depends on none, and an empty
 * last section "spare", so that every edit has something valid to do.
 */
function draftTemplateContent(): TemplateContent {
  const content = sampleContent();
  content.sections[1]?.questions.push({
    key: 'log_02',
    type: 'yes_no',
    text: { en: 'Are the logs reviewed?', zh: '是否审查日志？' },
    weight: 1,
    required: false,
    evidence: 'none',
    controls: { ccm: [], iso27001: ['A.8.15'], pipl: [] },
  });
  content.sections.push({ key: 'spare', title: { en: 'Spare', zh: '备用' }, questions: [] });
  return content;
}

/** A fresh template (a first version of its own) for one request that changes it; its address plus `action`. */
async function freshTemplateUrl(action: string, status: 'draft' | 'published' = 'draft'): Promise<string> {
  const content = status === 'draft' ? draftTemplateContent() : sampleContent();
  return `/templates/${await insertTemplate(content, status)}${action}`;
}

/** Templates the read-only template routes point at, created once per fixture on first use. */
const templateRecords = new WeakMap<Fixture, Promise<{ draft: string; published: string }>>();

async function readTemplateUrl(fx: Fixture, status: 'draft' | 'published', action = ''): Promise<string> {
  let records = templateRecords.get(fx);
  if (!records) {
    records = (async () => ({
      draft: await insertTemplate(draftTemplateContent()),
      published: await insertTemplate(sampleContent(), 'published'),
    }))();
    templateRecords.set(fx, records);
  }
  return `/templates/${(await records)[status]}${action}`;
}

/** A form of test/templates/support.ts as the table posts it: one value per field. */
function singleValued(fields: FormFields): Record<string, string> {
  const form: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === 'string') form[name] = value;
    else if (value !== undefined) throw new Error(`the route table posts one value per field (${name})`);
  }
  return form;
}

const templatePage = (suffix = '') => new RegExp(`^/templates/[a-f\\d]{24}${suffix}$`);

export const ROUTES: readonly RouteCase[] = [
  // Health and public pages (src/modules/health, src/modules/auth)
  { method: 'GET', path: '/healthz', url: () => '/healthz', expect: () => open(page) },
  { method: 'GET', path: '/readyz', url: () => '/readyz', expect: () => open(page) },
  {
    method: 'GET',
    path: '/sign-in',
    url: () => '/sign-in',
    // A signed-in user has nothing to do there and is sent home.
    expect: () => open(redirect('/'), { anonymous: page }),
  },
  {
    method: 'POST',
    path: '/sign-in',
    url: () => '/sign-in',
    freshAgent: true,
    form: (fx, me) => {
      const user = me ?? fx.agents.admin.user;
      return { email: user.email, password: user.password };
    },
    expect: () => open(redirect('/')),
  },
  {
    method: 'POST',
    path: '/sign-out',
    url: () => '/sign-out',
    freshAgent: true,
    expect: () => gated('POST', ALL, redirect('/sign-in')),
  },
  {
    method: 'GET',
    path: '/set-password/:token',
    note: 'unknown token',
    url: () => `/set-password/${UNKNOWN_TOKEN}`,
    expect: () => open({ status: 410 }),
  },
  {
    method: 'POST',
    path: '/set-password/:token',
    note: 'unknown token',
    url: () => `/set-password/${UNKNOWN_TOKEN}`,
    form: () => ({ password: NEW_PASSWORD, confirmPassword: NEW_PASSWORD }),
    expect: () => open({ status: 410 }),
  },
  {
    method: 'POST',
    path: '/language',
    url: () => '/language',
    form: () => ({ locale: 'en', returnTo: '/account' }),
    expect: () => open(redirect('/account')),
  },

  // Home and own account
  { method: 'GET', path: '/', url: () => '/', expect: () => gated('GET', ALL, page) },
  { method: 'GET', path: '/account', url: () => '/account', expect: () => gated('GET', ALL, page) },
  {
    method: 'POST',
    path: '/account/password',
    url: () => '/account/password',
    freshAgent: true,
    form: (_fx, me) => ({
      currentPassword: me?.password ?? 'Not-Signed-In-Password-1',
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    }),
    expect: () => gated('POST', ALL, redirect('/account')),
  },

  // User administration (admins only)
  { method: 'GET', path: '/admin/users', url: () => '/admin/users', expect: () => gated('GET', ADMIN, page) },
  {
    method: 'GET',
    path: '/admin/users/new',
    url: () => '/admin/users/new',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/admin/users',
    url: () => '/admin/users',
    form: () => ({ name: 'New Auditor', email: `auditor-${uniqueSuffix()}@example.test`, role: 'auditor' }),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'GET',
    path: '/admin/users/:id',
    url: (fx) => `/admin/users/${fx.targetUserId}`,
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/admin/users/:id',
    url: (fx) => `/admin/users/${fx.targetUserId}`,
    form: () => ({ name: 'Renamed Buyer', role: 'procurement', supplierId: '', locale: '' }),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/disable',
    url: () => freshUserUrl('disable'),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/enable',
    url: () => freshUserUrl('enable', { disabled: true }),
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/unlock',
    url: async () => {
      const url = await freshUserUrl('unlock');
      const id = url.split('/')[3];
      await UserModel.updateOne(
        { _id: id },
        { $set: { failedSignIns: 5, lockedUntil: new Date(Date.now() + 10 * 60_000) } },
      );
      return url;
    },
    expect: () => gated('POST', ADMIN, toUserList),
  },
  {
    method: 'POST',
    path: '/admin/users/:id/reset-password',
    url: () => freshUserUrl('reset-password'),
    expect: () => gated('POST', ADMIN, toUserList),
  },

  // Outbox (admins only)
  {
    method: 'GET',
    path: '/admin/outbox',
    url: () => '/admin/outbox',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'GET',
    path: '/admin/outbox/:id',
    url: (fx) => `/admin/outbox/${fx.outboxId}`,
    expect: () => gated('GET', ADMIN, page),
  },

  // Suppliers (src/modules/suppliers): buyers change, staff read and export, vendors see their own only
  {
    method: 'GET',
    path: '/suppliers',
    url: () => '/suppliers',
    // A vendor's "list" is their own supplier's page.
    expect: (fx) => gated('GET', ALL, page, { vendor: redirect(`/suppliers/${fx.ownSupplierId}`) }),
  },
  {
    method: 'GET',
    path: '/suppliers',
    note: 'search, filters, sort and page',
    url: () =>
      '/suppliers?q=acme&status=active&tier=high&owner=none&agreement=nda_missing&review=overdue&sort=-tier&page=2',
    expect: (fx) => gated('GET', ALL, page, { vendor: redirect(`/suppliers/${fx.ownSupplierId}`) }),
  },
  {
    method: 'GET',
    path: '/suppliers',
    note: 'owner, DPA gaps, review due, sorted by next review',
    url: (fx) =>
      `/suppliers?owner=${fx.agents.procurement.user.id}&agreement=dpa_gaps&review=due_soon&sort=next_review`,
    expect: (fx) => gated('GET', ALL, page, { vendor: redirect(`/suppliers/${fx.ownSupplierId}`) }),
  },
  {
    method: 'GET',
    path: '/suppliers/risk-formula',
    url: () => '/suppliers/risk-formula',
    // How internal ratings are worked out is internal too.
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'GET',
    path: '/suppliers/export.csv',
    note: 'filtered',
    url: () => '/suppliers/export.csv?status=active&sort=-name',
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/register.csv',
    url: () => '/suppliers/register.csv',
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/register.xlsx',
    url: () => '/suppliers/register.xlsx',
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/import',
    url: () => '/suppliers/import',
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'GET',
    path: '/suppliers/import/template.csv',
    url: () => '/suppliers/import/template.csv',
    expect: () => gated('GET', BUYERS, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/import/:importId',
    note: "procurement's preview",
    url: async (fx) => `/suppliers/import/${await importPreview(fx.agents.procurement)}`,
    // A preview belongs to the person who uploaded the file.
    expect: () => gated('GET', BUYERS, page, { admin: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/import/:importId',
    note: "admin's preview",
    url: async (fx) => `/suppliers/import/${await importPreview(fx.agents.admin)}`,
    expect: () => gated('GET', BUYERS, page, { procurement: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/import/:importId',
    note: 'no such preview',
    url: () => `/suppliers/import/${'0123456789abcdef'.repeat(2)}`,
    expect: () => gated('GET', BUYERS, 'not-found'),
  },
  {
    method: 'POST',
    path: '/suppliers/import/:importId/confirm',
    note: "procurement's preview",
    url: async (fx) => `/suppliers/import/${await importPreview(fx.agents.procurement)}/confirm`,
    expect: () => gated('POST', BUYERS, redirect('/suppliers'), { admin: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/suppliers/import/:importId/confirm',
    note: "admin's preview",
    url: async (fx) => `/suppliers/import/${await importPreview(fx.agents.admin)}/confirm`,
    expect: () => gated('POST', BUYERS, redirect('/suppliers'), { procurement: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/new',
    url: () => '/suppliers/new',
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/suppliers',
    note: 'name only',
    url: () => '/suppliers',
    form: () => ({ name: `Acme ${uniqueSuffix()}` }),
    expect: () => gated('POST', BUYERS, redirect(supplierPage)),
  },
  {
    method: 'POST',
    path: '/suppliers',
    note: 'a full form',
    url: () => '/suppliers',
    form: (fx) => fullSupplierForm(fx),
    expect: () => gated('POST', BUYERS, redirect(supplierPage)),
  },
  {
    method: 'GET',
    path: '/suppliers/:id',
    note: "the vendor's own supplier",
    url: (fx) => `/suppliers/${fx.ownSupplierId}`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/suppliers/:id',
    note: 'another supplier',
    url: (fx) => `/suppliers/${fx.otherSupplierId}`,
    // The vendor must not even learn that it exists.
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/:id',
    note: 'no such supplier',
    url: () => `/suppliers/${new mongoose.Types.ObjectId().toString()}`,
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'GET',
    path: '/suppliers/:id/edit',
    note: "the vendor's own supplier",
    url: (fx) => `/suppliers/${fx.ownSupplierId}/edit`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'GET',
    path: '/suppliers/:id/edit',
    note: 'another supplier',
    url: (fx) => `/suppliers/${fx.otherSupplierId}/edit`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/suppliers/:id',
    note: 'a full form',
    url: () => freshSupplierUrl(''),
    form: (fx) => fullSupplierForm(fx),
    expect: () => gated('POST', BUYERS, redirect(supplierPage)),
  },
  {
    method: 'POST',
    path: '/suppliers/:id',
    note: "the vendor's own supplier",
    url: (fx) => `/suppliers/${fx.ownSupplierId}`,
    form: (fx) => fullSupplierForm(fx),
    expect: (fx) => gated('POST', BUYERS, redirect(`/suppliers/${fx.ownSupplierId}`)),
  },
  {
    method: 'POST',
    path: '/suppliers/:id/status',
    note: 'prospect → onboarding',
    url: () => freshSupplierUrl('/status'),
    form: () => ({ status: 'onboarding', reason: 'Due diligence has started' }),
    expect: () => gated('POST', BUYERS, redirect(supplierPage)),
  },
  {
    method: 'POST',
    path: '/suppliers/:id/status',
    note: 'active → suspended',
    url: () => freshSupplierUrl('/status', 'active'),
    form: () => ({ status: 'suspended', reason: 'Security incident under investigation' }),
    expect: () => gated('POST', BUYERS, redirect(supplierPage)),
  },

  // Agreements of a supplier (src/modules/agreements): buyers manage; vendors read their own
  // supplier's and hand in countersigned copies (see UPLOAD_ROUTES for the uploads)
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements',
    note: "the vendor's own supplier",
    url: (fx) => `/suppliers/${fx.ownSupplierId}/agreements`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements',
    note: 'another supplier',
    url: (fx) => `/suppliers/${fx.otherSupplierId}/agreements`,
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/new',
    url: (fx) => `/suppliers/${fx.ownSupplierId}/agreements/new?type=dpa`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements',
    url: (fx) => `/suppliers/${fx.ownSupplierId}/agreements`,
    form: () => ({
      type: 'nda',
      status: 'signed',
      title: 'Mutual NDA',
      effectiveDate: '2026-02-01',
      expiryDate: '2028-01-31',
      notes: 'Standard template',
      sig_name_0: 'Wang Fang',
      sig_title_0: 'Head of procurement',
      sig_party_0: 'company',
      sig_signedOn_0: '2026-01-30',
      sig_party_1: 'supplier',
    }),
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId',
    note: "the vendor's own supplier",
    url: async (fx) => `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).ownSigned}`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId',
    note: 'another supplier',
    url: async (fx) => `/suppliers/${fx.otherSupplierId}/agreements/${(await agreementsOf(fx)).otherSigned}`,
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId',
    note: "another supplier's agreement under the own supplier's address",
    url: async (fx) => `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).otherSigned}`,
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId/edit',
    url: async (fx) => `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).ownDraft}/edit`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId',
    url: async (fx) => `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).ownDraft}`,
    form: () => ({
      title: 'Mutual NDA (revised)',
      status: 'draft',
      effectiveDate: '',
      expiryDate: '',
      sig_name_0: 'Wang Fang',
      sig_party_0: 'company',
      sig_party_1: 'supplier',
    }),
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId/download',
    note: "the vendor's own supplier",
    url: async (fx) =>
      `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).ownSigned}/download`,
    expect: () => gated('GET', ALL, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId/download',
    note: 'another supplier',
    url: async (fx) =>
      `/suppliers/${fx.otherSupplierId}/agreements/${(await agreementsOf(fx)).otherSigned}/download`,
    expect: () => gated('GET', STAFF, { status: 200 }, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/suppliers/:supplierId/agreements/:agreementId/download',
    note: "another supplier's agreement under the own supplier's address",
    url: async (fx) =>
      `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).otherSigned}/download`,
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/approve',
    note: 'a countersigned copy waiting for approval',
    url: (fx) => pendingCountersignedUrl(fx, '/approve'),
    form: () => ({ note: 'Checked against the sent copy' }),
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/reject',
    note: 'a countersigned copy waiting for approval',
    url: (fx) => pendingCountersignedUrl(fx, '/reject'),
    form: () => ({ note: 'Page 3 is missing' }),
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/checklist',
    url: async (fx) =>
      `/suppliers/${fx.ownSupplierId}/agreements/${(await agreementsOf(fx)).ownDpa}/checklist`,
    form: () => {
      const form: Record<string, string> = {};
      for (const clause of DPA_CLAUSE_IDS) {
        form[`state_${clause}`] = clause === 'DPA-AUDIT-RIGHTS' ? 'missing' : 'present';
        form[`reference_${clause}`] = '§ 4';
      }
      return form;
    },
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId, '#checklist'))),
  },

  // Due-diligence summaries (src/modules/reports): staff only. The summary carries internal
  // ratings and notes, so vendors never get one, not even of their own supplier. The check of a
  // PDF (POST /verify) is an upload: see UPLOAD_ROUTES.
  {
    method: 'GET',
    path: '/suppliers/reports.zip',
    note: 'filtered to one supplier',
    // A PDF is drawn per matching supplier: the filter keeps the request short.
    url: () => `/suppliers/reports.zip?q=${encodeURIComponent(OTHER_SUPPLIER_NAME)}`,
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/:id/report.pdf',
    note: "the vendor's own supplier",
    url: (fx) => `/suppliers/${fx.ownSupplierId}/report.pdf`,
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/:id/report.pdf',
    note: 'another supplier',
    url: (fx) => `/suppliers/${fx.otherSupplierId}/report.pdf?lang=zh-CN`,
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/suppliers/:id/report.pdf',
    note: 'no such supplier',
    url: () => `/suppliers/${new mongoose.Types.ObjectId().toString()}/report.pdf`,
    expect: () => gated('GET', STAFF, 'not-found'),
  },
  {
    method: 'GET',
    path: '/verify',
    url: () => '/verify',
    expect: () => gated('GET', STAFF, page),
  },

  // Settings (admins only)
  {
    method: 'GET',
    path: '/admin/settings',
    url: () => '/admin/settings',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/admin/settings/review-cadence',
    url: () => '/admin/settings/review-cadence',
    // The defaults, so that other tests keep their review dates.
    form: () => ({ critical: '6', high: '12', medium: '18', low: '24' }),
    expect: () => gated('POST', ADMIN, redirect('/admin/settings')),
  },

  // Invitations (admins and procurement)
  {
    method: 'GET',
    path: '/invitations',
    url: () => '/invitations',
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'GET',
    path: '/invitations/new',
    url: (fx) => `/invitations/new?supplierId=${fx.otherSupplierId}`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/invitations',
    url: () => '/invitations',
    form: (fx) => ({
      supplierId: fx.otherSupplierId,
      name: 'Invited Vendor',
      email: `vendor-${uniqueSuffix()}@example.test`,
      locale: '',
    }),
    expect: (fx) => gated('POST', BUYERS, redirect(`/suppliers/${fx.otherSupplierId}`)),
  },
  {
    method: 'POST',
    path: '/invitations/:id/resend',
    url: (fx) => `/invitations/${fx.invitationId}/resend`,
    expect: () => gated('POST', BUYERS, toInvitations),
  },
  {
    method: 'POST',
    path: '/invitations/:id/revoke',
    url: (fx) => `/invitations/${fx.invitationId}/revoke`,
    expect: () => gated('POST', BUYERS, toInvitations),
  },

  // Questionnaire templates (src/modules/questionnaires): staff read them, only admins write
  // them; vendors never see one. Every change works on a fresh template (see UPLOAD_ROUTES for
  // the JSON import).
  { method: 'GET', path: '/templates', url: () => '/templates', expect: () => gated('GET', STAFF, page) },
  {
    method: 'GET',
    path: '/templates/new',
    url: () => '/templates/new',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/templates',
    url: () => '/templates',
    form: () => ({
      name_en: `Cloud hosting review ${uniqueSuffix()}`,
      name_zh: '云托管审查',
      description_en: 'For hosting providers.',
      description_zh: '适用于托管服务商。',
    }),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'GET',
    path: '/templates/import',
    url: () => '/templates/import',
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'GET',
    path: '/templates/:id',
    note: 'a draft',
    url: (fx) => readTemplateUrl(fx, 'draft'),
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'GET',
    path: '/templates/:id',
    note: 'published',
    url: (fx) => readTemplateUrl(fx, 'published'),
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'GET',
    path: '/templates/:id',
    note: 'no such template',
    url: () => `/templates/${new mongoose.Types.ObjectId().toString()}`,
    expect: () => gated('GET', STAFF, 'not-found'),
  },
  {
    method: 'GET',
    path: '/templates/:id/export.json',
    url: (fx) => readTemplateUrl(fx, 'published', '/export.json'),
    expect: () => gated('GET', STAFF, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/templates/:id/meta',
    url: (fx) => readTemplateUrl(fx, 'draft', '/meta'),
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/templates/:id/meta',
    url: () => freshTemplateUrl('/meta'),
    form: () => ({ name_en: 'Payroll processor review (renamed)', name_zh: '薪资处理商审查（改名）' }),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'GET',
    path: '/templates/:id/sections/new',
    url: (fx) => readTemplateUrl(fx, 'draft', '/sections/new'),
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/new',
    url: () => freshTemplateUrl('/sections/new'),
    form: () => ({ key: 'extra', title_en: 'Extra', title_zh: '额外' }),
    expect: () => gated('POST', ADMIN, redirect(templatePage('#section-extra'))),
  },
  {
    method: 'GET',
    path: '/templates/:id/sections/:sectionKey',
    url: (fx) => readTemplateUrl(fx, 'draft', '/sections/access'),
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey',
    url: () => freshTemplateUrl('/sections/access'),
    form: () => ({ title_en: 'Access control', title_zh: '访问控制' }),
    expect: () => gated('POST', ADMIN, redirect(templatePage('#section-access'))),
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey/move',
    url: () => freshTemplateUrl('/sections/spare/move'),
    form: () => ({ direction: 'up' }),
    // A refused move comes back without the #anchor.
    expect: () => gated('POST', ADMIN, redirect(templatePage('#section-spare'))),
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey/delete',
    url: () => freshTemplateUrl('/sections/spare/delete'),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'GET',
    path: '/templates/:id/sections/:sectionKey/questions/new',
    url: (fx) => readTemplateUrl(fx, 'draft', '/sections/access/questions/new'),
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/templates/:id/sections/:sectionKey/questions/new',
    url: () => freshTemplateUrl('/sections/access/questions/new'),
    form: () => singleValued(questionForm({ key: 'acc_09', section: 'access' })),
    expect: () => gated('POST', ADMIN, redirect(templatePage('#question-acc_09'))),
  },
  {
    method: 'GET',
    path: '/templates/:id/questions/:questionKey',
    url: (fx) => readTemplateUrl(fx, 'draft', '/questions/acc_02'),
    expect: () => gated('GET', ADMIN, page),
  },
  {
    method: 'POST',
    path: '/templates/:id/questions/:questionKey',
    url: () => freshTemplateUrl('/questions/acc_01'),
    form: () => singleValued(questionForm({ section: 'access' })),
    expect: () => gated('POST', ADMIN, redirect(templatePage('#question-acc_01'))),
  },
  {
    method: 'POST',
    path: '/templates/:id/questions/:questionKey/move',
    url: () => freshTemplateUrl('/questions/log_02/move'),
    form: () => ({ direction: 'up' }),
    // A refused move comes back without the #anchor.
    expect: () => gated('POST', ADMIN, redirect(templatePage('#question-log_02'))),
  },
  {
    method: 'POST',
    path: '/templates/:id/questions/:questionKey/delete',
    url: () => freshTemplateUrl('/questions/log_01/delete'),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'POST',
    path: '/templates/:id/publish',
    note: 'a draft',
    url: () => freshTemplateUrl('/publish'),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'POST',
    path: '/templates/:id/retire',
    note: 'published',
    url: () => freshTemplateUrl('/retire', 'published'),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'POST',
    path: '/templates/:id/new-version',
    note: 'published',
    url: () => freshTemplateUrl('/new-version', 'published'),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'POST',
    path: '/templates/:id/clone',
    note: 'published',
    url: () => freshTemplateUrl('/clone', 'published'),
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'POST',
    path: '/templates/:id/discard',
    note: 'a draft',
    url: () => freshTemplateUrl('/discard'),
    expect: () => gated('POST', ADMIN, redirect('/templates')),
  },

  // Assessments (src/modules/assessments): buyers send and review, the supplier's vendors answer,
  // auditors read; another supplier's assessment is hidden from a vendor
  {
    method: 'GET',
    path: '/assessments',
    url: () => '/assessments',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments',
    note: 'status, supplier and overdue filters',
    url: (fx) => `/assessments?status=open&supplierId=${fx.otherSupplierId}&overdue=1`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments/scoring',
    url: () => '/assessments/scoring',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments/new',
    url: (fx) => `/assessments/new?supplierId=${fx.otherSupplierId}`,
    expect: () => gated('GET', BUYERS, page),
  },
  {
    method: 'POST',
    path: '/assessments',
    url: async (fx) => {
      const supplier = await createSupplier({ name: `Assessed Supplier ${uniqueSuffix()}` });
      nextSend.set(fx, { supplierId: supplier.id, templateId: (await assessmentsOf(fx)).templateId });
      return '/assessments';
    },
    form: (fx) => {
      const target = nextSend.get(fx);
      if (!target) throw new Error('the send form needs its url() first');
      return { ...target, dueDate: '2030-01-31', message: 'Annual security review' };
    },
    expect: () => gated('POST', BUYERS, redirect(assessmentPage())),
  },
  {
    method: 'GET',
    path: '/assessments/:id',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx),
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments/:id',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx),
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/assessments/:id',
    note: 'no such assessment',
    url: () => `/assessments/${new mongoose.Types.ObjectId().toString()}`,
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'GET',
    path: '/assessments/:id/sections/:sectionKey',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/sections/governance'),
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments/:id/sections/:sectionKey',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/sections/governance'),
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/assessments/:id/sections/:sectionKey',
    note: 'no such section',
    url: (fx) => ownAssessmentUrl(fx, '/sections/no_such_section'),
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/sections/:sectionKey',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/sections/governance'),
    form: () => ({ q_gov_02: 'yes', note_gov_02: 'Our CISO, named in the org chart', go: 'next' }),
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage('/sections/staff'))),
  },
  {
    method: 'POST',
    path: '/assessments/:id/sections/:sectionKey',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/sections/governance'),
    form: () => ({ q_gov_02: 'no' }),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'GET',
    path: '/assessments/:id/submit',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/submit'),
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments/:id/submit',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/submit'),
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/assessments/:id/submit',
    note: "the vendor's own supplier, complete (a questionnaire of its own)",
    url: async (fx) =>
      `/assessments/${await sendAssessment(fx.agents.admin, fx.ownSupplierId, await publishedShortTemplate())}/submit`,
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage())),
  },
  {
    method: 'POST',
    path: '/assessments/:id/submit',
    note: "the vendor's own supplier, carried-forward answers not yet confirmed",
    url: (fx) => ownAssessmentUrl(fx, '/submit'),
    // Nothing is handed in: the vendor is sent back to the list of what is missing.
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage('/submit'))),
  },
  {
    method: 'POST',
    path: '/assessments/:id/submit',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/submit'),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'GET',
    path: '/assessments/:id/review',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/review'),
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'GET',
    path: '/assessments/:id/review',
    note: 'another supplier, handed in',
    url: (fx) => otherAssessmentUrl(fx, '/review'),
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'POST',
    path: '/assessments/:id/return',
    note: 'handed in',
    url: (fx) => freshHandedInUrl(fx, '/return'),
    form: () => ({ note: 'Please attach the approved policy' }),
    expect: () => gated('POST', BUYERS, redirect(assessmentPage())),
  },
  {
    method: 'POST',
    path: '/assessments/:id/complete',
    note: 'handed in',
    url: (fx) => freshHandedInUrl(fx, '/complete'),
    expect: () => gated('POST', BUYERS, redirect(assessmentPage())),
  },
  {
    method: 'POST',
    path: '/assessments/:id/cancel',
    note: 'just sent',
    url: (fx) => freshOpenAssessmentUrl(fx, '/cancel'),
    form: () => ({ note: 'Sent to the wrong supplier' }),
    expect: () => gated('POST', BUYERS, redirect(assessmentPage())),
  },
  {
    method: 'GET',
    path: '/assessments/:id/export.xlsx',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/export.xlsx'),
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/assessments/:id/export.xlsx',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/export.xlsx'),
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/assessments/:id/import',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/import'),
    expect: () => gated('GET', ['vendor'], page),
  },
  {
    method: 'GET',
    path: '/assessments/:id/import',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/import'),
    expect: () => gated('GET', ['vendor'], 'not-found'),
  },
  {
    method: 'GET',
    path: '/assessments/:id/import/:importId',
    note: "the vendor's own preview",
    url: (fx) => ownImportPreviewUrl(fx),
    expect: () => gated('GET', ['vendor'], page),
  },
  {
    method: 'GET',
    path: '/assessments/:id/import/:importId',
    note: 'no such preview',
    url: (fx) => ownAssessmentUrl(fx, `/import/${'0123456789abcdef'.repeat(2)}`),
    expect: () => gated('GET', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/import/:importId',
    note: "the vendor's own preview, nothing changed",
    url: (fx) => ownImportPreviewUrl(fx),
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage())),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/answers/iam_01'),
    form: () => ({ value: 'yes', note: 'Enforced for every account', saveId: `save-${uniqueSuffix()}` }),
    // An autosave: answered with JSON.
    expect: () => gated('POST', ['vendor'], { status: 200 }),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey',
    note: 'a question key not in the questionnaire',
    url: (fx) => ownAssessmentUrl(fx, '/answers/zz_not_a_question'),
    form: () => ({ value: 'yes', saveId: `save-${uniqueSuffix()}` }),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/answers/iam_01'),
    form: () => ({ value: 'no', saveId: `save-${uniqueSuffix()}` }),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/confirm',
    note: "the vendor's own supplier, a carried-forward answer",
    url: (fx) => ownAssessmentUrl(fx, '/answers/hr_01/confirm'),
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage('#q-hr_01'))),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/confirm',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/answers/hr_01/confirm'),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/evidence/:fileId/delete',
    note: "the vendor's own supplier, a file just uploaded",
    url: async (fx) => {
      const id = (await assessmentsOf(fx)).ownOpen;
      const fileId = await attachEvidence(fx.agents.vendor, id, 'gov_07', 'training-records.pdf');
      return `/assessments/${id}/answers/gov_07/evidence/${fileId}/delete`;
    },
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage('#q-gov_07'))),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/evidence/:fileId/delete',
    note: 'another supplier',
    url: async (fx) =>
      otherAssessmentUrl(
        fx,
        `/answers/${EVIDENCE_KEY}/evidence/${(await assessmentsOf(fx)).otherEvidence}/delete`,
      ),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'GET',
    path: '/assessments/:id/answers/:questionKey/evidence/:fileId',
    note: "the vendor's own supplier",
    url: async (fx) =>
      ownAssessmentUrl(fx, `/answers/${EVIDENCE_KEY}/evidence/${(await assessmentsOf(fx)).ownEvidence}`),
    expect: () => gated('GET', ALL, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/assessments/:id/answers/:questionKey/evidence/:fileId',
    note: 'another supplier',
    url: async (fx) =>
      otherAssessmentUrl(fx, `/answers/${EVIDENCE_KEY}/evidence/${(await assessmentsOf(fx)).otherEvidence}`),
    expect: () => gated('GET', STAFF, { status: 200 }, { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/comments',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, `/answers/${EVIDENCE_KEY}/comments`),
    form: () => ({ text: 'Which version of the policy is this?' }),
    // Buyers and the supplier's vendors talk in the thread; auditors only read it.
    expect: () => gated('POST', ['admin', 'procurement', 'vendor'], redirect(EVIDENCE_PAGE)),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/comments',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, `/answers/${EVIDENCE_KEY}/comments`),
    form: () => ({ text: 'Which version of the policy is this?' }),
    expect: () => gated('POST', BUYERS, redirect(EVIDENCE_PAGE), { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/review',
    note: 'accepted',
    url: (fx) => otherAssessmentUrl(fx, '/answers/gov_03/review'),
    form: () => ({ verdict: 'accepted', message: '' }),
    expect: () => gated('POST', BUYERS, redirect(assessmentPage('/review#q-gov_03'))),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/review',
    note: 'a finding raised',
    url: (fx) => otherAssessmentUrl(fx, '/answers/gov_05/review'),
    form: () => ({
      verdict: 'finding',
      severity: 'low',
      title: 'No certification',
      description: 'The service holds no security certification.',
      dueDate: '2030-06-30',
    }),
    expect: () => gated('POST', BUYERS, redirect(assessmentPage('/review#q-gov_05'))),
  },

  // Findings (src/modules/findings): buyers close and reopen, the supplier's vendors respond,
  // auditors read; another supplier's finding is hidden from a vendor
  {
    method: 'GET',
    path: '/findings',
    url: () => '/findings',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/findings',
    note: 'status, severity and overdue filters',
    url: () => '/findings?status=unresolved&severity=high&overdue=1',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/findings/:id',
    note: "the vendor's own supplier",
    url: (fx) => ownFindingUrl(fx),
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/findings/:id',
    note: 'another supplier',
    url: (fx) => otherFindingUrl(fx),
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/findings/:id',
    note: 'no such finding',
    url: () => `/findings/${new mongoose.Types.ObjectId().toString()}`,
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'POST',
    path: '/findings/:id/respond',
    note: "the vendor's own supplier",
    url: (fx) => ownFindingUrl(fx, '/respond'),
    form: () => ({ plan: 'The policy goes to the board in March' }),
    expect: () => gated('POST', ['vendor'], redirect(findingPage)),
  },
  {
    method: 'POST',
    path: '/findings/:id/respond',
    note: 'another supplier',
    url: (fx) => otherFindingUrl(fx, '/respond'),
    form: () => ({ plan: 'Nothing to fix' }),
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'GET',
    path: '/findings/:id/evidence/:fileId',
    note: "the vendor's own supplier",
    url: async (fx) => ownFindingUrl(fx, `/evidence/${(await assessmentsOf(fx)).ownFindingEvidence}`),
    expect: () => gated('GET', ALL, { status: 200 }),
  },
  {
    method: 'GET',
    path: '/findings/:id/evidence/:fileId',
    note: 'another supplier',
    url: async (fx) => otherFindingUrl(fx, `/evidence/${(await assessmentsOf(fx)).otherFindingEvidence}`),
    expect: () => gated('GET', STAFF, { status: 200 }, { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/findings/:id/close',
    note: 'resolved',
    url: (fx) => freshFindingUrl(fx, '/close'),
    form: () => ({ kind: 'resolved', justification: '', approver: '' }),
    expect: () => gated('POST', BUYERS, redirect(findingPage)),
  },
  {
    method: 'POST',
    path: '/findings/:id/close',
    note: 'risk accepted',
    url: (fx) => freshFindingUrl(fx, '/close', true),
    form: () => ({
      kind: 'accepted',
      justification: 'Compensating control: quarterly access review',
      approver: 'Chen Jing, CISO',
    }),
    expect: () => gated('POST', BUYERS, redirect(findingPage)),
  },
  {
    method: 'POST',
    path: '/findings/:id/reopen',
    note: 'responded',
    url: (fx) => freshFindingUrl(fx, '/reopen', true),
    form: () => ({ note: 'The plan has no date' }),
    expect: () => gated('POST', BUYERS, redirect(findingPage)),
  },
  {
    method: 'POST',
    path: '/findings/:id/comments',
    note: "the vendor's own supplier",
    url: (fx) => ownFindingUrl(fx, '/comments'),
    form: () => ({ text: 'Can the review be brought forward?' }),
    // Buyers and the supplier's vendors talk about a finding; auditors only read it.
    expect: () => gated('POST', ['admin', 'procurement', 'vendor'], redirect(findingPage)),
  },
  {
    method: 'POST',
    path: '/findings/:id/comments',
    note: 'another supplier',
    url: (fx) => otherFindingUrl(fx, '/comments'),
    form: () => ({ text: 'Can the review be brought forward?' }),
    expect: () => gated('POST', BUYERS, redirect(findingPage), { vendor: 'not-found' }),
  },

  // Reviews (staff read them; buyers start, edit and complete them)
  {
    method: 'POST',
    path: '/suppliers/:supplierId/reviews',
    url: () => freshSupplierUrl('/reviews', 'active'),
    form: () => ({ kind: 'periodic' }),
    expect: () => gated('POST', BUYERS, redirect(/^\/reviews\/[a-f\d]{24}$/)),
  },
  {
    method: 'GET',
    path: '/reviews/:id',
    url: (fx) => freshReviewPath(fx),
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'POST',
    path: '/reviews/:id',
    url: (fx) => freshReviewPath(fx),
    form: () => ({
      dueDate: '2027-01-15',
      reviewerId: '',
      assessmentId: '',
      notes: 'Checked the SOC 2 report',
    }),
    expect: () => gated('POST', BUYERS, redirect(/^\/reviews\/[a-f\d]{24}$/)),
  },
  {
    method: 'POST',
    path: '/reviews/:id/complete',
    url: async (fx) => `${await freshReviewPath(fx)}/complete`,
    form: () => ({ outcome: 'approved', outcomeNotes: 'No concerns' }),
    expect: () => gated('POST', BUYERS, redirect(/^\/reviews\/[a-f\d]{24}$/)),
  },
  {
    method: 'POST',
    path: '/reviews/:id/conditions/:index',
    url: async (fx) => `${await conditionalReviewPath(fx)}/conditions/0`,
    form: () => ({ met: '1' }),
    expect: () => gated('POST', BUYERS, redirect(/^\/reviews\/[a-f\d]{24}$/)),
  },

  // Schedule and calendar feed (staff)
  {
    method: 'GET',
    path: '/schedule',
    url: (fx) => `/schedule?owner=${fx.agents.procurement.user.id}&days=90&kind=review`,
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'GET',
    path: '/schedule/calendar',
    url: () => '/schedule/calendar?month=2028-02&owner=none',
    expect: () => gated('GET', STAFF, page),
  },
  {
    method: 'POST',
    path: '/schedule/feed',
    url: () => '/schedule/feed',
    form: () => ({ scope: 'mine' }),
    expect: () => gated('POST', STAFF, redirect('/schedule#feed')),
  },
  {
    method: 'POST',
    path: '/schedule/feed/revoke',
    url: () => '/schedule/feed/revoke',
    expect: () => gated('POST', STAFF, redirect('/schedule#feed')),
  },
  {
    method: 'GET',
    path: '/schedule/feed/:file',
    note: 'a working address (the address is the key: no session needed)',
    url: () => calendarFeedPath(),
    expect: () => open(page),
  },
  {
    method: 'GET',
    path: '/schedule/feed/:file',
    note: 'an unknown address',
    url: () => `/schedule/feed/${'A'.repeat(43)}.ics`,
    expect: () => open({ status: 404 }),
  },

  // Notifications (everyone their own)
  {
    method: 'GET',
    path: '/notifications',
    url: () => '/notifications?unread=1',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'POST',
    path: '/notifications/read-all',
    url: () => '/notifications/read-all',
    expect: () => gated('POST', ALL, redirect('/notifications')),
  },
  {
    method: 'POST',
    path: '/notifications/:id/open',
    note: "someone else's",
    url: () => `/notifications/${SOMEONE_ELSES_NOTIFICATION}/open`,
    expect: () => gated('POST', ALL, 'not-found'),
  },
  {
    method: 'POST',
    path: '/notifications/:id/unread',
    note: "someone else's",
    url: () => `/notifications/${SOMEONE_ELSES_NOTIFICATION}/unread`,
    expect: () => gated('POST', ALL, 'not-found'),
  },

  // Audit trail (admins and auditors)
  {
    method: 'GET',
    path: '/audit',
    url: () => '/audit',
    expect: () => gated('GET', ['admin', 'auditor'], page),
  },
  // Incident register (src/modules/incidents): buyers and the supplier's vendors report and
  // follow incidents, only buyers decide status and notifications, auditors read
  {
    method: 'GET',
    path: '/incidents',
    url: () => '/incidents',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/incidents',
    note: 'status and supplier filters',
    url: (fx) => `/incidents?status=open&supplierId=${fx.otherSupplierId}`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/incidents/new',
    url: (fx) => `/incidents/new?supplierId=${fx.ownSupplierId}`,
    expect: () => gated('GET', INCIDENT_REPORTERS, page),
  },
  {
    method: 'POST',
    path: '/incidents',
    note: "the vendor's own supplier",
    url: () => '/incidents',
    form: (fx) => incidentForm({ supplierId: fx.ownSupplierId }),
    expect: () => gated('POST', INCIDENT_REPORTERS, redirect(incidentPage)),
  },
  {
    method: 'POST',
    path: '/incidents',
    note: 'another supplier',
    url: () => '/incidents',
    form: (fx) => incidentForm({ supplierId: fx.otherSupplierId }),
    expect: () => gated('POST', BUYERS, redirect(incidentPage), { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/incidents/:id',
    note: "the vendor's own supplier",
    url: (fx) => `/incidents/${fx.incidents.own}`,
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'GET',
    path: '/incidents/:id',
    note: 'another supplier',
    url: (fx) => `/incidents/${fx.incidents.other}`,
    expect: () => gated('GET', STAFF, page, { vendor: 'not-found' }),
  },
  {
    method: 'GET',
    path: '/incidents/:id',
    note: 'no such incident',
    url: () => `/incidents/${new mongoose.Types.ObjectId().toString()}`,
    expect: () => gated('GET', ALL, 'not-found'),
  },
  {
    method: 'GET',
    path: '/incidents/:id/edit',
    note: "the vendor's own supplier",
    url: (fx) => `/incidents/${fx.incidents.own}/edit`,
    expect: () => gated('GET', INCIDENT_REPORTERS, page),
  },
  {
    method: 'GET',
    path: '/incidents/:id/edit',
    note: 'another supplier',
    url: (fx) => `/incidents/${fx.incidents.other}/edit`,
    expect: () => gated('GET', INCIDENT_REPORTERS, page, { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/incidents/:id/edit',
    note: "the vendor's own supplier",
    url: (fx) => `/incidents/${fx.incidents.own}/edit`,
    form: () => incidentForm({ possibleHarm: 'Phishing mails to the customers concerned' }),
    expect: () => gated('POST', INCIDENT_REPORTERS, redirect(incidentPage)),
  },
  {
    method: 'POST',
    path: '/incidents/:id/edit',
    note: 'another supplier',
    url: (fx) => `/incidents/${fx.incidents.other}/edit`,
    form: () => incidentForm(),
    expect: () => gated('POST', INCIDENT_REPORTERS, redirect(incidentPage), { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/incidents/:id/updates',
    note: "the vendor's own supplier",
    url: (fx) => `/incidents/${fx.incidents.own}/updates`,
    form: () => ({ updateText: 'The share is closed; logs are being read.' }),
    expect: () => gated('POST', INCIDENT_REPORTERS, redirect(incidentPage)),
  },
  {
    method: 'POST',
    path: '/incidents/:id/updates',
    note: 'another supplier',
    url: (fx) => `/incidents/${fx.incidents.other}/updates`,
    form: () => ({ updateText: 'Anything new?' }),
    expect: () => gated('POST', INCIDENT_REPORTERS, redirect(incidentPage), { vendor: 'not-found' }),
  },
  {
    method: 'POST',
    path: '/incidents/:id/status',
    url: (fx) => `/incidents/${fx.incidents.own}/status`,
    form: () => ({ status: 'contained', statusNote: '' }),
    // A second buyer finds it contained already: a message on the same page.
    expect: () => gated('POST', BUYERS, redirect(incidentPage)),
  },
  {
    method: 'POST',
    path: '/incidents/:id/notifications/:audience',
    url: (fx) => `/incidents/${fx.incidents.own}/notifications/regulator`,
    form: () => ({
      regulatorDecision: 'required',
      regulatorDone: '1',
      regulatorOn: new Date().toISOString().slice(0, 10),
      regulatorMeans: 'Online report form',
    }),
    expect: () => gated('POST', BUYERS, redirect(incidentPage)),
  },

  // Audit trail: verify and export (src/modules/audit)
  {
    method: 'POST',
    path: '/audit/verify',
    url: () => '/audit/verify',
    expect: () => gated('POST', ['admin', 'auditor'], page),
  },
  {
    method: 'GET',
    path: '/audit/export.csv',
    url: () => '/audit/export.csv?outcome=failure',
    expect: () => gated('GET', ['admin', 'auditor'], page),
  },

  // Access monitoring and alerts (src/modules/monitoring)
  {
    method: 'GET',
    path: '/alerts',
    url: () => '/alerts?status=all',
    expect: () => gated('GET', ['admin', 'auditor'], page),
  },
  {
    method: 'POST',
    path: '/alerts/:id/acknowledge',
    url: async () => `/alerts/${await insertAlert()}/acknowledge`,
    form: () => ({ note: 'Checked with the vendor' }),
    expect: () => gated('POST', ADMIN, redirect('/alerts')),
  },
  {
    method: 'POST',
    path: '/admin/settings/audit-retention',
    url: () => '/admin/settings/audit-retention',
    // The defaults, so that other tests keep theirs.
    form: () => ({ auditRetentionMonths: '12' }),
    expect: () => gated('POST', ADMIN, redirect('/admin/settings')),
  },
  {
    method: 'POST',
    path: '/admin/settings/mfa',
    url: () => '/admin/settings/mfa',
    form: () => ({}),
    expect: () => gated('POST', ADMIN, redirect('/admin/settings')),
  },
  {
    method: 'POST',
    path: '/admin/settings/monitoring',
    url: () => '/admin/settings/monitoring',
    form: () => MONITORING_DEFAULTS_FORM,
    expect: () => gated('POST', ADMIN, redirect('/admin/settings')),
  },

  // Two-step sign-in and MFA (src/modules/auth, src/modules/account)
  // The second step of a sign-in answers only a session whose password was just accepted
  // (test/mfa/pending-access.test.ts checks what such a session reaches); a visitor without one
  // is sent to the sign-in page, a signed-in user home.
  ...(['/sign-in/mfa', '/sign-in/recovery'] as const).flatMap((path): RouteCase[] => [
    {
      method: 'GET',
      path,
      url: () => path,
      expect: () => open(redirect('/'), { anonymous: redirect('/sign-in') }),
    },
    {
      method: 'POST',
      path,
      url: () => path,
      form: () => ({ code: path === '/sign-in/mfa' ? '000000' : 'aaaaa-aaaaa' }),
      expect: () => open(redirect('/'), { anonymous: redirect('/sign-in') }),
    },
  ]),
  // Everyone may protect their own account; the fixture's users have it off, and a wrong code
  // is shown again beside the field.
  {
    method: 'GET',
    path: '/account/mfa/setup',
    url: () => '/account/mfa/setup',
    expect: () => gated('GET', ALL, page),
  },
  {
    method: 'POST',
    path: '/account/mfa/setup',
    url: () => '/account/mfa/setup',
    form: () => ({ code: '000000' }),
    expect: () => gated('POST', ALL, { status: 422 }),
  },
  ...(['/account/mfa/recovery-codes', '/account/mfa/disable'] as const).flatMap((path): RouteCase[] => [
    {
      method: 'GET',
      path,
      note: 'two-step sign-in off',
      url: () => path,
      expect: () => gated('GET', ALL, redirect('/account')),
    },
    {
      method: 'POST',
      path,
      note: 'two-step sign-in off',
      url: () => path,
      form: (_fx, me) => ({ password: me?.password ?? 'Not-Signed-In-Password-1', code: '000000' }),
      expect: () => gated('POST', ALL, redirect('/account')),
    },
  ]),
  {
    method: 'POST',
    path: '/admin/users/:id/reset-mfa',
    url: async () => {
      const url = await freshUserUrl('reset-mfa');
      await UserModel.updateOne(
        { _id: url.split('/')[3] },
        { $set: { mfaEnabled: true, recoveryCodes: [] } },
      );
      return url;
    },
    expect: () => gated('POST', ADMIN, toUserList),
  },
];

/**
 * The routes that take a file (multipart, CSRF token in the query string). They are kept apart
 * from ROUTES because the access matrix and the CSRF tests post URL-encoded forms; the
 * suppliers' upload matrix (test/suppliers/upload-access.test.ts) sends them as browsers do.
 */
export const UPLOAD_ROUTES: readonly RouteCase[] = [
  {
    method: 'POST',
    path: '/suppliers/import',
    url: () => '/suppliers/import',
    upload: {
      filename: 'suppliers.csv',
      content: () => Buffer.from(`name,country\nUploaded Supplier ${uniqueSuffix()},SG\n`),
      storesFile: false,
    },
    expect: () => gated('POST', BUYERS, redirect(/^\/suppliers\/import\/[a-f\d]{32}$/)),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/file',
    url: async (fx) =>
      `/suppliers/${fx.ownSupplierId}/agreements/${await recordAgreement(fx, fx.ownSupplierId, { status: 'sent' })}/file`,
    upload: { filename: 'signed.pdf', content: () => makePdf('Signed NDA'), storesFile: true },
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/versions',
    url: async (fx) =>
      `/suppliers/${fx.ownSupplierId}/agreements/${await recordAgreement(fx, fx.ownSupplierId, { status: 'sent' })}/versions`,
    form: () => ({
      status: 'signed',
      effectiveDate: '2026-03-01',
      expiryDate: '2029-02-28',
      note: 'Renewed',
    }),
    upload: { filename: 'nda-v2.pdf', content: () => makePdf('NDA version 2'), storesFile: true },
    expect: (fx) => gated('POST', BUYERS, redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/countersigned',
    note: "the vendor's own supplier",
    url: async (fx) =>
      `/suppliers/${fx.ownSupplierId}/agreements/${await recordAgreement(fx, fx.ownSupplierId, { status: 'sent' })}/countersigned`,
    upload: { filename: 'countersigned.pdf', content: () => makePdf('Countersigned'), storesFile: true },
    // Only the supplier's own people countersign; buyers upload versions instead.
    expect: (fx) => gated('POST', ['vendor'], redirect(agreementPage(fx.ownSupplierId))),
  },
  {
    method: 'POST',
    path: '/suppliers/:supplierId/agreements/:agreementId/countersigned',
    note: 'another supplier',
    url: async (fx) =>
      `/suppliers/${fx.otherSupplierId}/agreements/${await recordAgreement(fx, fx.otherSupplierId, { status: 'sent' })}/countersigned`,
    upload: { filename: 'countersigned.pdf', content: () => makePdf('Countersigned'), storesFile: true },
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/import',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, '/import'),
    upload: { filename: 'answers.xlsx', content: (fx) => ownWorkbook(fx), storesFile: false },
    expect: () => gated('POST', ['vendor'], redirect(assessmentPage('/import/[a-f\\d]{32}'))),
  },
  {
    method: 'POST',
    path: '/assessments/:id/import',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, '/import'),
    upload: { filename: 'answers.xlsx', content: (fx) => ownWorkbook(fx), storesFile: false },
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/evidence',
    note: "the vendor's own supplier",
    url: (fx) => ownAssessmentUrl(fx, `/answers/${EVIDENCE_KEY}/evidence`),
    upload: { filename: 'security-policy.pdf', content: () => makePdf('Security policy'), storesFile: true },
    expect: () => gated('POST', ['vendor'], redirect(EVIDENCE_PAGE)),
  },
  {
    method: 'POST',
    path: '/assessments/:id/answers/:questionKey/evidence',
    note: 'another supplier',
    url: (fx) => otherAssessmentUrl(fx, `/answers/${EVIDENCE_KEY}/evidence`),
    upload: { filename: 'security-policy.pdf', content: () => makePdf('Security policy'), storesFile: true },
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/findings/:id/evidence',
    note: "the vendor's own supplier",
    url: (fx) => ownFindingUrl(fx, '/evidence'),
    upload: { filename: 'board-minutes.pdf', content: () => makePdf('Board minutes'), storesFile: true },
    expect: () => gated('POST', ['vendor'], redirect(findingPage)),
  },
  {
    method: 'POST',
    path: '/findings/:id/evidence',
    note: 'another supplier',
    url: (fx) => otherFindingUrl(fx, '/evidence'),
    upload: { filename: 'board-minutes.pdf', content: () => makePdf('Board minutes'), storesFile: true },
    expect: () => gated('POST', ['vendor'], 'not-found'),
  },
  {
    method: 'POST',
    path: '/templates/import',
    url: () => '/templates/import',
    upload: {
      filename: 'template.json',
      content: () => Buffer.from(JSON.stringify(sampleContent())),
      // The file is read and deleted at once; only the template is kept.
      storesFile: false,
    },
    expect: () => gated('POST', ADMIN, redirect(templatePage())),
  },
  {
    method: 'POST',
    path: '/verify',
    note: 'a PDF the portal did not issue',
    url: () => '/verify',
    form: () => ({ reference: '' }),
    // Only looked at, never kept; the answer is the verdict page ("unknown").
    upload: { filename: 'summary.pdf', content: () => makePdf('Not a Vetted summary'), storesFile: false },
    expect: () => gated('POST', STAFF, page),
  },
];

/** The name of a route in test titles: "GET /suppliers/:id (another supplier)". */
export function routeName(route: RouteCase): string {
  return `${route.method} ${route.path}${route.note ? ` (${route.note})` : ''}`;
}

/**
 * Creates the records the routes need: one signed-in user per role (the vendor belongs to its
 * own supplier), another supplier, a staff account, a pending vendor invitation and its mail.
 * Call after resetDatabase().
 */
export async function createFixture(): Promise<Fixture> {
  const admin = await signedInAs('admin');
  const procurement = await signedInAs('procurement');
  const auditor = await signedInAs('auditor');
  const vendor = await signedInAs('vendor');
  const other = await createSupplier({ name: OTHER_SUPPLIER_NAME });
  const target = await createUser({ role: 'procurement', name: 'Target Buyer' });

  const email = `invited-${uniqueSuffix()}@example.test`;
  const invited = await admin.post('/invitations', {
    supplierId: other.id,
    name: 'Invited Person',
    email,
    locale: '',
  });
  if (invited.status !== 303) throw new Error(`fixture invitation failed with ${invited.status}`);
  const invitation = await mongoose.connection.collection('invitations').findOne({ email });
  const mails = await listOutbox(testConfig());
  const mail = mails.find((entry) => entry.to === email);
  if (!invitation || !mail) throw new Error('fixture invitation or its mail is missing');

  const reported = async (agent: SignedIn, supplierId: string) => {
    const response = await agent.post('/incidents', incidentForm({ supplierId }));
    const id = /^\/incidents\/([a-f\d]{24})$/.exec(String(response.headers.location))?.[1];
    if (!id) throw new Error(`fixture incident failed with ${response.status}`);
    return id;
  };
  const incidents = {
    own: await reported(vendor, vendor.user.supplierId ?? ''),
    other: await reported(procurement, other.id),
  };

  return {
    agents: { admin, procurement, auditor, vendor },
    incidents,
    ownSupplierId: vendor.user.supplierId ?? '',
    otherSupplierId: other.id,
    targetUserId: target.id,
    invitationId: String(invitation._id),
    outboxId: mail.id,
  };
}
