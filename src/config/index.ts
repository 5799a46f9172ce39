import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every setting Vetted reads from the environment, with a one-line description each.
 * `.env.example` documents the same keys for operators.
 */
const booleanString = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => ['true', '1', 'yes'].includes(value));

const dayList = z
  .string()
  .regex(/^\d{1,3}(,\d{1,3})*$/, 'must be a comma-separated list of whole days, e.g. 30,7,1')
  .transform((value) => [...new Set(value.split(',').map(Number))].sort((a, b) => b - a));

/** A key id: short, and free of the ":" that separates the parts of an encrypted value. */
const FIELD_KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

const fieldKeyList = z.string().transform((value, context) => {
  const keys: { id: string; key: string }[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const [id = '', key = '', ...rest] = entry.split(':');
    if (rest.length > 0 || !FIELD_KEY_ID_PATTERN.test(id) || Buffer.from(key, 'base64').length !== 32) {
      context.addIssue({ code: 'custom', message: 'each entry must be id:base64-of-32-random-bytes' });
      return z.NEVER;
    }
    if (keys.some((known) => known.id === id)) {
      context.addIssue({ code: 'custom', message: `key id ${id} appears twice` });
      return z.NEVER;
    }
    keys.push({ id, key });
  }
  return keys;
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  /** Runtime mode: production requires real secrets and secure cookies. */
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  /** Interface the HTTP server binds to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Port the HTTP server listens on. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address users reach the portal at; used for links in e-mails. Defaults to http://localhost:PORT. */
  PUBLIC_URL: z.url().optional(),
  /** MongoDB connection string; when unset an embedded FerretDB server is started. */
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  /** Folder for the embedded database, the mail outbox and other local state. */
  DATA_DIR: z.string().min(1).default('./data'),
  /** Secret that signs session cookies; at least 32 characters; required in production. */
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  /** Minutes a session stays valid without activity. */
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).max(1440).default(120),
  /** Express "trust proxy" setting: false, true, a hop count, or a list of addresses. */
  TRUST_PROXY: z.string().default('false'),
  /** Mark cookies Secure: "auto" means only in production. */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /** SMTP server (smtp://user:pass@host:port); when unset mails go to the outbox folder. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
    .optional(),
  /** Sender address of the portal's e-mails. */
  MAIL_FROM: z.string().min(3).default('Vetted <no-reply@vetted.local>'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Password of the demo users created by the seed; generated and printed when unset. */
  DEMO_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  /** Seed demo data into an empty database at start-up (never in production). */
  SEED_DEMO: booleanString.default(true),
  /** Largest accepted upload, in megabytes. */
  UPLOAD_MAX_MB: z.coerce.number().positive().max(1024).default(20),
  /** Language for visitors who have not chosen one and whose browser asks for neither. */
  DEFAULT_LOCALE: z.enum(['en', 'zh-CN']).default('en'),
  /** Hours an invitation link stays valid. */
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).max(720).default(72),
  /** Failed sign-ins in a row that lock an account. */
  LOCKOUT_THRESHOLD: z.coerce.number().int().min(3).max(20).default(5),
  /** Minutes an account stays locked. */
  LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(1440).default(15),
  /** Sign-in attempts allowed per client address within 15 minutes. */
  SIGN_IN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  /** IANA time zone that dates are shown in and that decides what "today" is (dates are stored in UTC). */
  TIME_ZONE: z
    .string()
    .refine((zone) => isTimeZone(zone), 'must be an IANA time zone such as Asia/Shanghai')
    .default('UTC'),
  /** Run the daily reminder job in this process (every instance may; a lease lets one run it). */
  SCHEDULER_ENABLED: booleanString.default(true),
  /** Hour of the day (in TIME_ZONE) at which the daily reminder job runs; a missed run catches up at start-up. */
  SCHEDULER_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Days before a review falls due on which its owner is reminded. */
  REVIEW_REMINDER_DAYS: dayList.default([30, 7, 1]),
  /** Days before an agreement expires on which the supplier's owner is reminded. */
  AGREEMENT_REMINDER_DAYS: dayList.default([90, 60, 30, 7]),
  /** Days before an assessment is due on which the supplier's vendor users are reminded. */
  ASSESSMENT_REMINDER_DAYS: dayList.default([7, 1]),
  /** While something stays overdue, remind again every this many days. */
  OVERDUE_REMINDER_EVERY_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  /** Keys that encrypt personal fields at rest, "id:base64-32-byte-key" comma-separated; required in production. */
  FIELD_ENCRYPTION_KEYS: fieldKeyList.optional(),
  /** Id of the FIELD_ENCRYPTION_KEYS entry new values are encrypted with; defaults to the first. */
  FIELD_ENCRYPTION_KEY_ID: z.string().regex(FIELD_KEY_ID_PATTERN, 'must be a key id such as k2').optional(),
});

type RawConfig = z.infer<typeof schema>;

export interface Config {
  readonly env: RawConfig['NODE_ENV'];
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly mongodbUri: string | undefined;
  readonly dataDir: string;
  readonly sessionSecret: string;
  readonly sessionIdleMinutes: number;
  readonly trustProxy: boolean | number | string;
  readonly cookieSecure: boolean;
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly logLevel: RawConfig['LOG_LEVEL'];
  readonly demoPassword: string | undefined;
  readonly seedDemo: boolean;
  readonly uploadMaxBytes: number;
  readonly defaultLocale: RawConfig['DEFAULT_LOCALE'];
  readonly invitationTtlHours: number;
  readonly lockoutThreshold: number;
  readonly lockoutMinutes: number;
  readonly signInRateLimit: number;
  readonly timeZone: string;
  readonly scheduler: {
    readonly enabled: boolean;
    readonly hour: number;
    readonly reviewLeadDays: readonly number[];
    readonly agreementLeadDays: readonly number[];
    readonly assessmentLeadDays: readonly number[];
    readonly overdueEveryDays: number;
  };
  /** Field encryption keys from the environment; empty means the keyring file in dataDir. */
  readonly fieldEncryption: {
    readonly keys: readonly { readonly id: string; readonly key: string }[];
    readonly currentKeyId: string | undefined;
  };
}

/** Raised when the environment does not describe a valid configuration; names each bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

function parseTrustProxy(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false' || value === '') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

/** Reads and validates the configuration from an environment; throws ConfigError naming bad keys. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in a .env file mean "not set", not "set to nothing".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const raw = parsed.data;
  const isProduction = raw.NODE_ENV === 'production';
  if (isProduction && !raw.SESSION_SECRET) {
    throw new ConfigError(['SESSION_SECRET: required when NODE_ENV=production']);
  }
  const fieldKeys = raw.FIELD_ENCRYPTION_KEYS ?? [];
  if (raw.FIELD_ENCRYPTION_KEY_ID && !fieldKeys.some((entry) => entry.id === raw.FIELD_ENCRYPTION_KEY_ID)) {
    throw new ConfigError(['FIELD_ENCRYPTION_KEY_ID: must name one of the FIELD_ENCRYPTION_KEYS']);
  }
  return Object.freeze({
    env: raw.NODE_ENV,
    isProduction,
    host: raw.HOST,
    port: raw.PORT,
    publicUrl: (raw.PUBLIC_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
    mongodbUri: raw.MONGODB_URI,
    dataDir: path.resolve(raw.DATA_DIR),
    // Outside production a random secret is fine: sessions simply end when the process restarts.
    sessionSecret: raw.SESSION_SECRET ?? randomSecret(),
    sessionIdleMinutes: raw.SESSION_IDLE_MINUTES,
    trustProxy: parseTrustProxy(raw.TRUST_PROXY),
    cookieSecure: raw.COOKIE_SECURE === 'auto' ? isProduction : raw.COOKIE_SECURE === 'true',
    smtpUrl: raw.SMTP_URL,
    mailFrom: raw.MAIL_FROM,
    logLevel: raw.LOG_LEVEL,
    demoPassword: raw.DEMO_PASSWORD,
    seedDemo: raw.SEED_DEMO && !isProduction,
    uploadMaxBytes: Math.round(raw.UPLOAD_MAX_MB * 1024 * 1024),
    defaultLocale: raw.DEFAULT_LOCALE,
    invitationTtlHours: raw.INVITATION_TTL_HOURS,
    lockoutThreshold: raw.LOCKOUT_THRESHOLD,
    lockoutMinutes: raw.LOCKOUT_MINUTES,
    signInRateLimit: raw.SIGN_IN_RATE_LIMIT,
    timeZone: raw.TIME_ZONE,
    scheduler: Object.freeze({
      enabled: raw.SCHEDULER_ENABLED,
      hour: raw.SCHEDULER_HOUR,
      reviewLeadDays: raw.REVIEW_REMINDER_DAYS,
      agreementLeadDays: raw.AGREEMENT_REMINDER_DAYS,
      assessmentLeadDays: raw.ASSESSMENT_REMINDER_DAYS,
      overdueEveryDays: raw.OVERDUE_REMINDER_EVERY_DAYS,
    }),
    // Production without keys is refused by loadFieldKeys at start-up, not here, so that
    // tools that never touch personal fields can still read the configuration.
    fieldEncryption: Object.freeze({
      keys: Object.freeze(fieldKeys.map((entry) => Object.freeze(entry))),
      currentKeyId: raw.FIELD_ENCRYPTION_KEY_ID ?? fieldKeys[0]?.id,
    }),
  });
}

function randomSecret(): string {
  return randomBytes(32).toString('hex');
}

let current: Config | undefined;

/** The process-wide configuration, read from process.env on first use. */
export function getConfig(): Config {
  current ??= loadConfig();
  return current;
}

/** Replaces the process-wide configuration (start-up scripts and tests). */
export function setConfig(config: Config): void {
  current = config;
}
