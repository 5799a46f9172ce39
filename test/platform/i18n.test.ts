import { VERIFY_VERDICTS } from '../../src/modules/reports';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import mongoose from 'mongoose';
import supertest from 'supertest';
import { LOCALES, localeFromAcceptLanguage, readTranslations } from '../../src/lib/i18n';
import { AUDIT_OUTCOMES } from '../../src/modules/audit/audit.model';
import { BROKEN_REASONS } from '../../src/modules/audit/audit.verify';
import { LINK_PURPOSES } from '../../src/modules/invitations/invitations.model';
import { listOutbox } from '../../src/modules/mail/mailer';
import { SUPPLIER_STATUSES } from '../../src/modules/suppliers/suppliers.model';
import { ROLES } from '../../src/modules/users/roles';
import { UserModel } from '../../src/modules/users/users.model';
import { anonymous, csrfToken, signedInAs } from '../helpers/agents';
import { resetDatabase, testApp, testConfig } from '../helpers/environment';
import { createSupplier, createUser } from '../helpers/factories';
import { AGREEMENT_STATUSES, AGREEMENT_TYPES } from '../../src/modules/agreements/agreements.model';
import { CLAUSE_STATES, DPA_CLAUSE_IDS } from '../../src/modules/agreements/dpa-clauses';
import {
  ACCESS_TYPES,
  CRITICALITY_LEVELS,
  PI_CATEGORY_KEYS,
  TRANSFER_MECHANISMS,
  VOLUME_BANDS,
} from '../../src/modules/suppliers/data-profile';
import { RISK_TIERS } from '../../src/modules/suppliers/risk';
import {
  AGREEMENT_FIGURES,
  ASSESSMENT_FIGURES,
  REVIEW_FIGURES,
} from '../../src/modules/home/dashboard.service';
import { NOTIFICATION_KINDS } from '../../src/modules/notifications/notification.model';
import {
  ALERT_FILTERS,
  ALERT_RULES,
  ALERT_SEVERITIES,
  ALERT_STATUSES,
} from '../../src/modules/monitoring/alert.model';
import {
  ART57_ITEMS,
  INCIDENT_FIELDS,
  INCIDENT_STATUSES,
  NOTICE_AUDIENCES,
  NOTICE_DECISIONS,
  TIMELINE_KINDS,
} from '../../src/modules/incidents';
import {
  REVIEW_KINDS,
  REVIEW_OUTCOMES,
  REVIEW_STATUSES,
  REVIEW_TRIGGERS,
} from '../../src/modules/reviews/review.model';
import { FEED_SCOPES } from '../../src/modules/schedule/calendar-feed';
import { SCHEDULE_KINDS } from '../../src/modules/schedule/schedule.service';
import { SORTS } from '../../src/modules/suppliers/suppliers.schema';
import { TEMPLATE_STATUSES } from '../../src/modules/questionnaires/template.model';
import { EVIDENCE_RULES, QUESTION_TYPES } from '../../src/modules/questionnaires/template.types';
import { CONTROL_FRAMEWORKS } from '../../src/modules/questionnaires/template.forms';
import { ASSESSMENT_STATUSES } from '../../src/modules/assessments/assessment.model';
import { VERDICTS } from '../../src/modules/assessments/answer.model';
import { YES_NO_VALUES } from '../../src/modules/assessments/answer-values';
import { MISSING_REASONS } from '../../src/modules/assessments/visibility';
import { WORKBOOK_COLUMNS } from '../../src/modules/assessments/answer-workbook';
import { FINDING_EVENTS, FINDING_STATUSES, SEVERITIES } from '../../src/modules/findings/finding.model';

const root = path.resolve(__dirname, '..', '..');
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a translation file as "a.b.c" → value. */
function flatten(tree: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [inner, leaf] of flatten(value as Record<string, unknown>, `${prefix}${key}.`))
        leaves.set(inner, leaf);
    } else {
      leaves.set(`${prefix}${key}`, value);
    }
  }
  return leaves;
}

const en = flatten(readTranslations('en'));
const zh = flatten(readTranslations('zh-CN'));

/** Keys with plural forms counted once ("users.list.count_one" and "_other" → "users.list.count"). */
function baseKeys(leaves: Map<string, unknown>): Set<string> {
  return new Set([...leaves.keys()].map((key) => key.replace(PLURAL_SUFFIX, '')));
}

/** Is `key` a string the English file can show (directly or through its plural forms)? */
function resolvesInEnglish(key: string): boolean {
  if (typeof en.get(key) === 'string') return true;
  return typeof en.get(`${key}_other`) === 'string';
}

function filesUnder(dir: string, extension: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith(extension))
    .map((file) => path.join(dir, file));
}

function relative(file: string): string {
  return path.relative(root, file);
}

/** Literal keys in views: t('…'), t("…") and t(`…`) without interpolation. */
function viewKeys(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of filesUnder(path.join(root, 'views'), '.ejs')) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*(['"`])([^'"`$]+?)\1/g)) found.set(match[2]!, relative(file));
  }
  return found;
}

/** Strings in src/ that are passed where an i18n key is expected. */
function sourceKeys(): Map<string, string> {
  const found = new Map<string, string>();
  const add = (key: string | undefined, file: string) => {
    if (key && /^[a-zA-Z][\w-]*(\.[\w-]+)+$/.test(key)) found.set(key, relative(file));
  };
  const literals = (expression: string) => [...expression.matchAll(/'([^']+)'/g)].map((match) => match[1]);
  for (const file of filesUnder(path.join(root, 'src'), '.ts')) {
    const text = fs.readFileSync(file, 'utf8');
    // t('…'), req.t('…') and t(cond ? '…' : '…', values): the literals of the first argument
    for (const match of text.matchAll(/\bt\(([^,()]*)[,)]/g))
      for (const key of literals(match[1]!)) add(key, file);
    // req.flash('success', '…') and req.flash('success', cond ? '…' : '…', params)
    for (const match of text.matchAll(/\.flash\(\s*'\w+',\s*([^,)]+)/g))
      for (const key of literals(match[1]!)) add(key, file);
    // new ConflictError('…'), new TooManyRequestsError('…'), …
    for (const match of text.matchAll(/new \w*Error\(\s*'([^']+)'/g)) add(match[1], file);
    // { key: '…' }, messageKey: '…', labelKey: cond ? '…' : '…'
    for (const match of text.matchAll(/\b(?:key|messageKey|labelKey)\s*:\s*([^,}\n]+)/g))
      for (const key of literals(match[1]!)) add(key, file);
    // accountAction(run, 'users.disabled'): the flash message of a one-click account action
    for (const match of text.matchAll(/accountAction\(.*,\s*'([^']+)'\)/g)) add(match[1], file);
    // validation messages (zod refinements) and error messages wherever they are written
    for (const match of text.matchAll(/'((?:validation|errors)\.[\w.]+)'/g)) add(match[1], file);
    // maps of failure messages: 'auth.errors.invalid', 'users.errors.lastAdmin', …
    for (const match of text.matchAll(/'(\w+\.errors\.[\w.]+)'/g)) add(match[1], file);
  }
  return found;
}

/**
 * Keys built at run time, as "prefix.*.suffix" patterns: t(`roles.${role}`) in views and
 * `mail.${purpose}.subject` in src.
 */
function dynamicKeyPatterns(): Map<string, string> {
  const topLevel = new Set([...en.keys()].map((key) => key.split('.')[0]));
  const found = new Map<string, string>();
  const files = [
    ...filesUnder(path.join(root, 'views'), '.ejs'),
    ...filesUnder(path.join(root, 'src'), '.ts'),
  ];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/`((?:[a-zA-Z]+\.)+)\$\{[^}]*\}((?:\.[a-zA-Z]+)*)`/g)) {
      const prefix = match[1]!;
      if (!topLevel.has(prefix.split('.')[0])) continue;
      found.set(`${prefix}*${match[2] ?? ''}`, relative(file));
    }
  }
  return found;
}

/** The values each dynamic key family can take in the running app. */
const DYNAMIC_FAMILIES: Record<string, readonly string[]> = {
  'roles.*': ROLES,
  'supplierStatus.*': SUPPLIER_STATUSES,
  'accountState.*': ['active', 'pending', 'locked', 'disabled'],
  'linkState.*': ['pending', 'expired', 'used', 'revoked'],
  'audit.outcomes.*': AUDIT_OUTCOMES,
  'audit.verify.reasons.*': BROKEN_REASONS,
  'errors.titles.*': ['400', '403', '404', '409', '413', '422', '429', '500', '503'],
  'invitations.link.*': ['unknown', 'expired', 'used', 'revoked'],
  'invitations.purpose.*': LINK_PURPOSES,
  'auth.setPassword.title.*': LINK_PURPOSES,
  'auth.setPassword.intro.*': LINK_PURPOSES,
  'mail.*.subject': LINK_PURPOSES,
  'mail.*.body': LINK_PURPOSES,
  'languages.*': LOCALES,
  'tiers.*': RISK_TIERS,
  'dashboard.reviews.*': REVIEW_FIGURES,
  'dashboard.assessments.*': ASSESSMENT_FIGURES,
  'dashboard.agreements.*': AGREEMENT_FIGURES,
  'schedule.kinds.*': SCHEDULE_KINDS,
  'schedule.feed.scopes.*': FEED_SCOPES,
  'reviews.kinds.*': REVIEW_KINDS,
  'reviews.statuses.*': REVIEW_STATUSES,
  'reviews.outcomes.*': REVIEW_OUTCOMES,
  'reviews.statusReason.*': REVIEW_OUTCOMES,
  'reviews.triggers.*': REVIEW_TRIGGERS,
  'notifications.messages.*.title': NOTIFICATION_KINDS,
  'notifications.messages.*.body': NOTIFICATION_KINDS,
  'agreementState.*': ['missing', 'draft', 'sent', 'signed', 'expiring', 'expired', 'terminated'],
  'agreementTypes.*': AGREEMENT_TYPES,
  'reports.verify.verdicts.*.title': VERIFY_VERDICTS,
  'reports.verify.verdicts.*.body': VERIFY_VERDICTS,
  'report.findings.closed.*': ['resolved', 'accepted'],
  'agreementStatus.*': AGREEMENT_STATUSES,
  'agreements.approval.*': ['pending', 'approved', 'rejected'],
  'agreements.checklist.states.*': CLAUSE_STATES,
  'agreements.form.parties.*': ['company', 'supplier'],
  'agreements.events.*': [
    'created',
    'edited',
    'status',
    'file',
    'version',
    'approved',
    'rejected',
    'checklist',
  ],
  'dpaClauses.*.title': DPA_CLAUSE_IDS,
  'dataProfile.categories.*': PI_CATEGORY_KEYS,
  'dataProfile.volume.*': VOLUME_BANDS,
  'dataProfile.access.*': ACCESS_TYPES,
  'dataProfile.criticality.*': CRITICALITY_LEVELS,
  'dataProfile.mechanism.*': TRANSFER_MECHANISMS,
  'suppliers.list.agreementFilters.*': [
    'nda_missing',
    'dpa_missing',
    'expiring',
    'expired',
    'dpa_gaps',
    'pending_approval',
  ],
  'suppliers.list.reviewFilters.*': ['overdue', 'due_soon'],
  'suppliers.list.sorts.*': SORTS,
  'risk.factors.*': [
    'sensitive',
    'general',
    'minors',
    'volume',
    'access',
    'crossBorder',
    'noMechanism',
    'subprocessors',
    'criticality',
    'floorVolume',
    'floorAbroad',
    'none',
  ],
  'files.errors.*': ['type', 'size', 'empty'],
  'suppliers.import.actions.*': ['create', 'update', 'unchanged', 'error'],
  'suppliers.import.rowActions.*': ['create', 'update', 'unchanged', 'error'],
  'templateStatus.*': TEMPLATE_STATUSES,
  'questionTypes.*': QUESTION_TYPES,
  'evidenceRules.*': EVIDENCE_RULES,
  'templates.controls.*': CONTROL_FRAMEWORKS,
  'assessmentStatus.*': ASSESSMENT_STATUSES,
  'assessments.verdicts.*': VERDICTS,
  'assessments.verdicts.done.*': VERDICTS,
  'answers.yesNo.*': YES_NO_VALUES,
  'answers.missing.*': MISSING_REASONS,
  'answers.sides.*': ['vendor', 'staff'],
  'severities.*': SEVERITIES,
  'findingStatus.*': FINDING_STATUSES,
  'findings.events.*': FINDING_EVENTS,
  'assessments.workbook.columns.*': WORKBOOK_COLUMNS,
  'assessments.workbook.allowed.*': QUESTION_TYPES,
  'assessments.import.actions.*': ['change', 'unchanged', 'error'],
  'incidents.statuses.*': INCIDENT_STATUSES,
  'incidents.fields.*': INCIDENT_FIELDS,
  'incidents.decisions.*': NOTICE_DECISIONS,
  'incidents.checklist.items.*': ART57_ITEMS,
  'incidents.timeline.kinds.*': TIMELINE_KINDS,
  'incidents.timeline.notice.*': NOTICE_AUDIENCES,
  'incidents.notice.*': NOTICE_AUDIENCES,
  'incidents.notice.meansHelp.*': NOTICE_AUDIENCES,
  'incidents.show.moveTo.*': ['contained', 'closed'],
  'monitoring.filters.*': ALERT_FILTERS,
  'monitoring.statuses.*': ALERT_STATUSES,
  'monitoring.severities.*': ALERT_SEVERITIES,
  'monitoring.rules.*': ALERT_RULES,
  'monitoring.explain.*': ALERT_RULES,
  'settings.weekdays.*': ['1', '2', '3', '4', '5', '6', '7'],
};

/** The text a person sees: no tags, scripts or machine identifiers shown in <code>. */
function visibleText(html: string): string {
  return html
    .replace(/<(script|style|code)\b[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&(amp|lt|gt|quot|#39|#x27);/g, ' ')
    .replace(/\s+/g, ' ');
}

const RAW_KEY =
  /\b(nav|users|errors|auth|home|fields|filters|validation|invitations|suppliers|audit|outbox|account|common|roles|supplierStatus|accountState|linkState)\.[a-zA-Z]+/;

const htmlLang = (html: string) => /<html lang="([^"]+)"/.exec(html)?.[1];

describe('platform: i18n', () => {
  describe('translation files', () => {
    it('en and zh-CN have the same keys (plural forms counted once)', () => {
      const enKeys = baseKeys(en);
      const zhKeys = baseKeys(zh);
      expect(
        [...enKeys].filter((key) => !zhKeys.has(key)),
        'missing in zh-CN',
      ).to.deep.equal([]);
      expect(
        [...zhKeys].filter((key) => !enKeys.has(key)),
        'missing in en',
      ).to.deep.equal([]);
    });

    it('every plural key has an _other form in both languages, and en has _one too', () => {
      for (const [name, leaves] of [
        ['en', en],
        ['zh-CN', zh],
      ] as const) {
        const plural = [...leaves.keys()].filter((key) => PLURAL_SUFFIX.test(key));
        for (const key of plural) {
          const base = key.replace(PLURAL_SUFFIX, '');
          expect(leaves.has(`${base}_other`), `${name}: ${base}_other`).to.equal(true);
          if (name === 'en') expect(leaves.has(`${base}_one`), `en: ${base}_one`).to.equal(true);
        }
      }
    });

    it('no value is empty, and every value is a string', () => {
      for (const [name, leaves] of [
        ['en', en],
        ['zh-CN', zh],
      ] as const) {
        for (const [key, value] of leaves) {
          expect(value, `${name}: ${key}`).to.be.a('string');
          expect(String(value).trim(), `${name}: ${key}`).not.to.equal('');
        }
      }
    });

    it('both languages use the same {{placeholders}} in each message', () => {
      const placeholders = (value: unknown) =>
        [...String(value).matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
      for (const [key, value] of zh) {
        const english = en.get(key) ?? en.get(`${key.replace(PLURAL_SUFFIX, '')}_one`);
        expect(placeholders(value), key).to.deep.equal(placeholders(english));
      }
    });

    it('the Chinese file is actually translated: its messages contain Chinese characters', () => {
      const untranslated = [...zh].filter(
        ([key, value]) => !/[\u4e00-\u9fff]/.test(String(value)) && !key.startsWith('languages.'),
      );
      // A few proper names may stay in Latin script; whole sections in English may not.
      expect(untranslated.map(([key]) => key)).to.have.length.below(3);
    });
  });

  describe('keys used by the code', () => {
    it('every literal t(…) key in views/**/*.ejs exists in en', () => {
      const keys = viewKeys();
      expect(keys.size, 'keys found in views').to.be.greaterThan(100);
      const missing = [...keys]
        .filter(([key]) => !resolvesInEnglish(key))
        .map(([key, file]) => `${key} (${file})`);
      expect(missing).to.deep.equal([]);
    });

    it('every literal key passed as a message in src/**/*.ts exists in en', () => {
      const keys = sourceKeys();
      for (const sample of [
        'auth.errors.invalid',
        'users.disabled',
        'users.invited',
        'nav.mySupplier',
        'suppliers.created',
        'invitations.errors.alreadyUsed',
        'validation.passwordsDiffer',
        'errors.csrf.message',
        'errors.tooManyRequests.signIn',
        'mail.invite.bodyVendor',
        'auth.welcome',
        'auth.passwordSet',
      ]) {
        expect(keys.has(sample), `the scan finds ${sample}`).to.equal(true);
      }
      const missing = [...keys]
        .filter(([key]) => !resolvesInEnglish(key))
        .map(([key, file]) => `${key} (${file})`);
      expect(missing).to.deep.equal([]);
    });

    it('every key built at run time belongs to a family this test checks', () => {
      const patterns = dynamicKeyPatterns();
      expect(patterns.size).to.be.greaterThan(5);
      const unchecked = [...patterns]
        .filter(([pattern]) => !(pattern in DYNAMIC_FAMILIES))
        .map(([pattern, file]) => `${pattern} (${file})`);
      expect(unchecked).to.deep.equal([]);
    });

    for (const [pattern, values] of Object.entries(DYNAMIC_FAMILIES)) {
      it(`${pattern} resolves for ${values.join(', ')} in both languages`, () => {
        for (const value of values) {
          const key = pattern.replace('*', value);
          // A plural message exists as key_other (and key_one in English).
          const leaf = (map: Map<string, unknown>) => map.get(key) ?? map.get(`${key}_other`);
          expect(typeof leaf(en), `en: ${key}`).to.equal('string');
          expect(typeof leaf(zh), `zh-CN: ${key}`).to.equal('string');
        }
      });
    }

    it('mail.invite.bodyVendor exists in both languages', () => {
      expect(en.get('mail.invite.bodyVendor')).to.be.a('string');
      expect(zh.get('mail.invite.bodyVendor')).to.be.a('string');
    });
  });

  describe('localeFromAcceptLanguage', () => {
    const cases: [string | undefined, string | undefined][] = [
      ['zh-CN,zh;q=0.9', 'zh-CN'],
      ['en-US', 'en'],
      ['en-US,en;q=0.9', 'en'],
      ['fr, zh-TW;q=0.5', 'zh-CN'],
      ['zh-Hant-HK', 'zh-CN'],
      ['ZH-cn', 'zh-CN'],
      ['fr', undefined],
      ['', undefined],
      [undefined, undefined],
      ['zh;q=0, en;q=0.5', 'en'],
      ['zh;q=0', undefined],
      ['en;q=0.2, zh;q=0.8', 'zh-CN'],
      ['zh;q=0.5, en;q=0.5', 'zh-CN'],
      ['*', undefined],
    ];
    for (const [header, locale] of cases) {
      it(`${JSON.stringify(header)} → ${String(locale)}`, () => {
        expect(localeFromAcceptLanguage(header)).to.equal(locale);
      });
    }
  });

  describe('choosing the language of a request', () => {
    const zhSignInTitle = String(zh.get('auth.signIn.title'));
    const enSignInTitle = String(en.get('auth.signIn.title'));

    beforeEach(resetDatabase);

    it('a visitor whose browser asks for zh-CN gets the sign-in page in Chinese', async () => {
      const response = await supertest(testApp()).get('/sign-in').set('Accept-Language', 'zh-CN,zh;q=0.9');
      expect(response.status).to.equal(200);
      expect(htmlLang(response.text)).to.equal('zh-CN');
      expect(response.text).to.include(`<h1 class="title is-4">${zhSignInTitle}</h1>`);
    });

    it('a visitor with no Accept-Language gets English', async () => {
      const response = await supertest(testApp()).get('/sign-in');
      expect(htmlLang(response.text)).to.equal('en');
      expect(response.text).to.include(`<h1 class="title is-4">${enSignInTitle}</h1>`);
    });

    it('the lang cookie beats Accept-Language (both ways)', async () => {
      const english = await supertest(testApp())
        .get('/sign-in')
        .set('Accept-Language', 'zh-CN')
        .set('Cookie', 'lang=en');
      expect(htmlLang(english.text)).to.equal('en');
      const chinese = await supertest(testApp())
        .get('/sign-in')
        .set('Accept-Language', 'en-US')
        .set('Cookie', 'lang=zh-CN');
      expect(htmlLang(chinese.text)).to.equal('zh-CN');
    });

    it('an unsupported lang cookie is ignored in favour of Accept-Language', async () => {
      const response = await supertest(testApp())
        .get('/sign-in')
        .set('Accept-Language', 'zh-CN')
        .set('Cookie', 'lang=fr');
      expect(htmlLang(response.text)).to.equal('zh-CN');
    });

    it("a signed-in user's saved language beats the cookie and the browser", async () => {
      const { agent } = await signedInAs({ role: 'auditor', locale: 'zh-CN' });
      const response = await agent.get('/account').set('Cookie', 'lang=en').set('Accept-Language', 'en');
      expect(response.status).to.equal(200);
      expect(htmlLang(response.text)).to.equal('zh-CN');
      expect(response.text).to.include(String(zh.get('account.title')));

      const { agent: english } = await signedInAs({ role: 'auditor', locale: 'en' });
      const other = await english.get('/account').set('Cookie', 'lang=zh-CN').set('Accept-Language', 'zh-CN');
      expect(htmlLang(other.text)).to.equal('en');
    });

    it('a signed-in user without a saved language follows the cookie', async () => {
      const { agent } = await signedInAs('auditor');
      const response = await agent.get('/account').set('Cookie', 'lang=zh-CN');
      expect(htmlLang(response.text)).to.equal('zh-CN');
    });

    it("POST /language → sets the lang cookie, saves the user's language and returns to the page", async () => {
      const { agent, user } = await signedInAs('procurement');
      const token = await csrfToken(agent);
      const response = await agent
        .post('/language')
        .type('form')
        .send({ _csrf: token, locale: 'zh-CN', returnTo: '/account' });
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal('/account');
      const cookie = ([] as string[])
        .concat(response.headers['set-cookie'] ?? [])
        .find((c) => c.startsWith('lang='));
      expect(cookie).to.match(/^lang=zh-CN;/);
      expect(cookie).to.include('HttpOnly');
      expect(cookie).to.match(/Max-Age=\d{7,}/);
      const stored = await UserModel.findById(user.id).lean();
      expect(stored?.locale).to.equal('zh-CN');
      const next = await agent.get('/account');
      expect(htmlLang(next.text)).to.equal('zh-CN');
    });

    it('POST /language from a visitor → cookie set, later pages in that language', async () => {
      const agent = anonymous();
      const token = await csrfToken(agent, '/sign-in');
      const response = await agent
        .post('/language')
        .type('form')
        .send({ _csrf: token, locale: 'zh-CN', returnTo: '/sign-in' });
      expect(response.status).to.equal(303);
      expect(response.headers.location).to.equal('/sign-in');
      const next = await agent.get('/sign-in');
      expect(htmlLang(next.text)).to.equal('zh-CN');
    });

    for (const returnTo of [
      '//evil.example',
      'https://evil.example',
      '/\\evil.example',
      'evil.example',
      '/\t/evil.example',
    ]) {
      it(`POST /language with returnTo ${JSON.stringify(returnTo)} → redirects to / instead`, async () => {
        const { agent } = await signedInAs('auditor');
        const token = await csrfToken(agent);
        const response = await agent
          .post('/language')
          .type('form')
          .send({ _csrf: token, locale: 'en', returnTo });
        expect(response.status).to.equal(303);
        expect(response.headers.location).to.equal('/');
      });
    }

    it('POST /language with an unsupported locale → 422, no cookie and nothing saved', async () => {
      const { agent, user } = await signedInAs('auditor');
      const token = await csrfToken(agent);
      const response = await agent
        .post('/language')
        .type('form')
        .send({ _csrf: token, locale: 'fr', returnTo: '/account' });
      expect(response.status).to.equal(422);
      const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
      expect(cookies.some((cookie) => cookie.startsWith('lang='))).to.equal(false);
      expect((await UserModel.findById(user.id).lean())?.locale).to.equal(undefined);
    });
  });

  describe('every admin page in zh-CN', () => {
    let agent: ReturnType<typeof anonymous>;
    const pages: string[] = [
      '/',
      '/admin/users',
      '/admin/users/new',
      '/suppliers',
      '/suppliers/new',
      '/invitations',
      '/invitations/new',
      '/audit',
      '/admin/outbox',
      '/account',
    ];

    before(async function () {
      this.timeout(60_000);
      await resetDatabase();
      const admin = await signedInAs({ role: 'admin', locale: 'zh-CN' });
      agent = admin.agent;
      const supplier = await createSupplier({ name: 'Acme 数据服务', status: 'onboarding' });
      const locked = await createUser({ role: 'procurement', name: 'Locked Buyer' });
      await UserModel.updateOne(
        { _id: locked.id },
        { $set: { lockedUntil: new Date(Date.now() + 600_000) } },
      );
      await createUser({ role: 'auditor', disabled: true });
      await createUser({ role: 'vendor', supplierId: supplier.id });
      const invited = await admin.post('/invitations', {
        supplierId: supplier.id,
        name: 'Invited Vendor',
        email: 'invited-zh@example.test',
        locale: '',
      });
      expect(invited.status).to.equal(303);
      const mail = (await listOutbox(testConfig()))[0];
      pages.push(
        `/suppliers/${supplier.id}`,
        `/admin/users/${locked.id}`,
        `/admin/users/${admin.user.id}`,
        `/admin/outbox/${mail?.id ?? 'missing'}`,
        '/admin/users?role=vendor&state=pending',
        '/suppliers?status=onboarding',
        '/invitations?state=pending',
        '/audit?outcome=success',
      );
    });

    it('each page opens in Chinese and shows no raw translation key', async () => {
      expect(pages.length).to.be.greaterThan(15);
      for (const url of pages) {
        const response = await agent.get(url);
        expect(response.status, url).to.equal(200);
        expect(htmlLang(response.text), url).to.equal('zh-CN');
        const text = visibleText(response.text);
        expect(text, url).to.match(/[\u4e00-\u9fff]/);
        expect(RAW_KEY.exec(text)?.[0], `raw key on ${url}`).to.equal(undefined);
      }
    });

    it('error pages (404, 403, 422) are in Chinese too', async () => {
      const notFound = await agent.get(`/suppliers/${new mongoose.Types.ObjectId().toString()}`);
      expect(notFound.status).to.equal(404);
      expect(htmlLang(notFound.text)).to.equal('zh-CN');
      expect(notFound.text).to.include(String(zh.get('errors.titles.404')));
      expect(RAW_KEY.exec(visibleText(notFound.text))?.[0]).to.equal(undefined);

      const { agent: vendor } = await signedInAs({ role: 'vendor', locale: 'zh-CN' });
      const forbidden = await vendor.get('/admin/users');
      expect(forbidden.status).to.equal(403);
      expect(forbidden.text).to.include(String(zh.get('errors.titles.403')));
      expect(forbidden.text).to.include(String(zh.get('errors.forbidden.message')));

      const invalid = await agent.get('/admin/users?role=superuser');
      expect(invalid.status).to.equal(422);
      expect(htmlLang(invalid.text)).to.equal('zh-CN');
      expect(RAW_KEY.exec(visibleText(invalid.text))?.[0]).to.equal(undefined);
    });

    it('a form sent back with mistakes explains them in Chinese', async () => {
      const token = await csrfToken(agent);
      const response = await agent
        .post('/admin/users')
        .type('form')
        .send({ _csrf: token, name: '', email: 'not-an-email', role: 'admin' });
      expect(response.status).to.equal(422);
      expect(response.text).to.include(String(zh.get('validation.required')));
      expect(response.text).to.include(String(zh.get('validation.email')));
      expect(RAW_KEY.exec(visibleText(response.text))?.[0]).to.equal(undefined);
    });

    it('the sign-in and invalid-link pages of a visitor are in Chinese with no raw key', async () => {
      for (const url of ['/sign-in', '/set-password/unknownTokenThatNoInvitationHas_0123456789']) {
        const response = await supertest(testApp()).get(url).set('Cookie', 'lang=zh-CN');
        expect(htmlLang(response.text), url).to.equal('zh-CN');
        expect(RAW_KEY.exec(visibleText(response.text))?.[0], url).to.equal(undefined);
      }
    });
  });
});
