import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { ConfigError, loadConfig, type Config } from '../../src/config';

const root = path.resolve(__dirname, '..', '..');
const SECRET = 'a-session-secret-that-is-at-least-32-characters';

/** The ConfigError that loading this environment throws (fails the test when it does not throw). */
function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  expect.fail(`loadConfig(${JSON.stringify(env)}) did not throw`);
}

/** The environment keys the config schema reads, taken from src/config/index.ts. */
function schemaKeys(): string[] {
  const source = fs.readFileSync(path.join(root, 'src', 'config', 'index.ts'), 'utf8');
  const body = /const schema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? '';
  return [...body.matchAll(/^\s{2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1]!);
}

describe('platform: configuration', () => {
  describe('loadConfig', () => {
    it('an empty environment → the documented defaults', () => {
      const config = loadConfig({});
      expect(config.env).to.equal('development');
      expect(config.isProduction).to.equal(false);
      expect(config.port).to.equal(3000);
      expect(config.host).to.equal('127.0.0.1');
      expect(config.defaultLocale).to.equal('en');
      expect(path.isAbsolute(config.dataDir)).to.equal(true);
      expect(config.dataDir).to.equal(path.resolve('./data'));
      expect(config.publicUrl).to.equal('http://localhost:3000');
      expect(config.mongodbUri).to.equal(undefined);
      expect(config.trustProxy).to.equal(false);
      expect(config.cookieSecure).to.equal(false);
      expect(config.seedDemo).to.equal(true);
      expect(config.sessionIdleMinutes).to.equal(120);
      expect(config.lockoutThreshold).to.equal(5);
      expect(config.lockoutMinutes).to.equal(15);
      expect(config.invitationTtlHours).to.equal(72);
      expect(config.uploadMaxBytes).to.equal(20 * 1024 * 1024);
    });

    it('outside production without SESSION_SECRET → a random secret of at least 32 characters, new each time', () => {
      const first = loadConfig({}).sessionSecret;
      const second = loadConfig({}).sessionSecret;
      expect(first.length).to.be.at.least(32);
      expect(first).not.to.equal(second);
    });

    it('values from the environment are used', () => {
      const config = loadConfig({
        PORT: '8080',
        DATA_DIR: '/var/lib/vetted',
        DEFAULT_LOCALE: 'zh-CN',
        PUBLIC_URL: 'https://vetted.example.com/',
        MONGODB_URI: 'mongodb://db.example:27017/vetted',
        SESSION_SECRET: SECRET,
      });
      expect(config.port).to.equal(8080);
      expect(config.dataDir).to.equal('/var/lib/vetted');
      expect(config.defaultLocale).to.equal('zh-CN');
      expect(config.publicUrl, 'no trailing slash').to.equal('https://vetted.example.com');
      expect(config.mongodbUri).to.equal('mongodb://db.example:27017/vetted');
      expect(config.sessionSecret).to.equal(SECRET);
    });

    it('a relative DATA_DIR is made absolute', () => {
      const config = loadConfig({ DATA_DIR: 'some/folder' });
      expect(config.dataDir).to.equal(path.resolve('some/folder'));
    });

    for (const port of ['abc', '70000', '-1', '3.5']) {
      it(`PORT=${port} → ConfigError naming PORT`, () => {
        const error = configError({ PORT: port });
        expect(error.message).to.include('PORT');
        expect(error.problems.some((problem) => problem.startsWith('PORT'))).to.equal(true);
      });
    }

    it('NODE_ENV=production without SESSION_SECRET → ConfigError naming SESSION_SECRET', () => {
      const error = configError({ NODE_ENV: 'production' });
      expect(error.message).to.include('SESSION_SECRET');
    });

    it('a SESSION_SECRET shorter than 32 characters → ConfigError naming SESSION_SECRET (in any mode)', () => {
      expect(configError({ SESSION_SECRET: 'short-secret' }).message).to.include('SESSION_SECRET');
      expect(configError({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(31) }).message).to.include(
        'SESSION_SECRET',
      );
    });

    it('MONGODB_URI=http://x → ConfigError naming MONGODB_URI', () => {
      expect(configError({ MONGODB_URI: 'http://x' }).message).to.include('MONGODB_URI');
    });

    it('mongodb+srv:// is accepted as MONGODB_URI', () => {
      expect(loadConfig({ MONGODB_URI: 'mongodb+srv://cluster.example/vetted' }).mongodbUri).to.equal(
        'mongodb+srv://cluster.example/vetted',
      );
    });

    it('several bad keys → one error that names each of them', () => {
      const error = configError({ PORT: 'abc', MONGODB_URI: 'http://x', LOG_LEVEL: 'loud' });
      for (const key of ['PORT', 'MONGODB_URI', 'LOG_LEVEL']) expect(error.message).to.include(key);
      expect(error.problems).to.have.length(3);
    });

    it('other malformed values → ConfigError naming the key', () => {
      const cases: [string, string][] = [
        ['NODE_ENV', 'staging'],
        ['SMTP_URL', 'http://mail.example'],
        ['DEFAULT_LOCALE', 'fr'],
        ['COOKIE_SECURE', 'maybe'],
        ['SEED_DEMO', 'perhaps'],
        ['SESSION_IDLE_MINUTES', '1'],
        ['LOCKOUT_THRESHOLD', '100'],
        ['PUBLIC_URL', 'not a url'],
        ['DEMO_PASSWORD', 'short'],
        ['TIME_ZONE', 'Mars/Olympus_Mons'],
        ['SCHEDULER_HOUR', '24'],
        ['REVIEW_REMINDER_DAYS', '30, seven'],
        ['OVERDUE_REMINDER_EVERY_DAYS', '0'],
      ];
      for (const [key, value] of cases) expect(configError({ [key]: value }).message, key).to.include(key);
    });

    const trustProxyCases: [string | undefined, boolean | number | string][] = [
      [undefined, false],
      ['false', false],
      ['true', true],
      ['1', 1],
      ['2', 2],
      ['loopback', 'loopback'],
      ['10.0.0.0/8, 127.0.0.1', '10.0.0.0/8, 127.0.0.1'],
    ];
    for (const [value, expected] of trustProxyCases) {
      it(`TRUST_PROXY=${String(value)} → ${JSON.stringify(expected)}`, () => {
        const env: NodeJS.ProcessEnv = value === undefined ? {} : { TRUST_PROXY: value };
        expect(loadConfig(env).trustProxy).to.deep.equal(expected);
      });
    }

    it('scheduler settings → defaults, and lead times read as a list of days, largest first', () => {
      const defaults = loadConfig({});
      expect(defaults.timeZone).to.equal('UTC');
      expect(defaults.scheduler).to.deep.equal({
        enabled: true,
        hour: 7,
        reviewLeadDays: [30, 7, 1],
        agreementLeadDays: [90, 60, 30, 7],
        assessmentLeadDays: [7, 1],
        overdueEveryDays: 7,
      });
      const set = loadConfig({
        TIME_ZONE: 'Asia/Shanghai',
        SCHEDULER_ENABLED: 'false',
        SCHEDULER_HOUR: '23',
        REVIEW_REMINDER_DAYS: '1,14,14,60',
      });
      expect(set.timeZone).to.equal('Asia/Shanghai');
      expect(set.scheduler.enabled).to.equal(false);
      expect(set.scheduler.hour).to.equal(23);
      expect(set.scheduler.reviewLeadDays).to.deep.equal([60, 14, 1]);
    });

    it('COOKIE_SECURE=auto → Secure cookies only in production', () => {
      expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).cookieSecure).to.equal(true);
      expect(loadConfig({ NODE_ENV: 'development' }).cookieSecure).to.equal(false);
      expect(loadConfig({ NODE_ENV: 'test' }).cookieSecure).to.equal(false);
      expect(loadConfig({ NODE_ENV: 'development', COOKIE_SECURE: 'auto' }).cookieSecure).to.equal(false);
    });

    it('COOKIE_SECURE=true or false is taken as given', () => {
      expect(loadConfig({ COOKIE_SECURE: 'true' }).cookieSecure).to.equal(true);
      expect(
        loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, COOKIE_SECURE: 'false' }).cookieSecure,
      ).to.equal(false);
    });

    it('SEED_DEMO is forced off in production, even when set to true', () => {
      expect(
        loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET, SEED_DEMO: 'true' }).seedDemo,
      ).to.equal(false);
      expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: SECRET }).seedDemo).to.equal(false);
      expect(loadConfig({ SEED_DEMO: 'true' }).seedDemo).to.equal(true);
      expect(loadConfig({ SEED_DEMO: 'false' }).seedDemo).to.equal(false);
      expect(loadConfig({ SEED_DEMO: '0' }).seedDemo).to.equal(false);
    });

    it('empty strings count as unset', () => {
      const config = loadConfig({
        PORT: '',
        MONGODB_URI: '',
        SESSION_SECRET: '',
        SMTP_URL: '',
        PUBLIC_URL: '',
        TRUST_PROXY: '',
        DEFAULT_LOCALE: '',
        DEMO_PASSWORD: '',
      });
      expect(config.port).to.equal(3000);
      expect(config.mongodbUri).to.equal(undefined);
      expect(config.smtpUrl).to.equal(undefined);
      expect(config.demoPassword).to.equal(undefined);
      expect(config.trustProxy).to.equal(false);
      expect(config.defaultLocale).to.equal('en');
      expect(config.sessionSecret.length).to.be.at.least(32);
      // …so an empty secret in production is a missing secret.
      expect(configError({ NODE_ENV: 'production', SESSION_SECRET: '' }).message).to.include(
        'SESSION_SECRET',
      );
    });

    it('the config object is frozen: changing it throws', () => {
      const config = loadConfig({});
      expect(Object.isFrozen(config)).to.equal(true);
      expect(() => {
        (config as { port: number }).port = 1;
      }).to.throw(TypeError);
      expect(config.port).to.equal(3000);
    });

    it('unknown environment variables are ignored', () => {
      const config: Config = loadConfig({ PATH: '/usr/bin', HOME: '/root', SOMETHING_ELSE: 'x' });
      expect(config.port).to.equal(3000);
    });
  });

  describe('.env.example', () => {
    it('the scan of the schema finds its keys', () => {
      const keys = schemaKeys();
      expect(keys).to.include.members([
        'NODE_ENV',
        'PORT',
        'MONGODB_URI',
        'SESSION_SECRET',
        'SIGN_IN_RATE_LIMIT',
      ]);
      expect(keys.length).to.be.greaterThan(15);
    });

    it('documents every key of the config schema, each with a comment', () => {
      const file = path.join(root, '.env.example');
      expect(fs.existsSync(file), '.env.example exists at the repository root').to.equal(true);
      const lines = fs.readFileSync(file, 'utf8').split('\n');
      const documented = new Map<string, number>();
      lines.forEach((line, index) => {
        const match = /^#?\s*([A-Z][A-Z0-9_]*)=/.exec(line);
        if (match?.[1]) documented.set(match[1], index);
      });
      const missing = schemaKeys().filter((key) => !documented.has(key));
      expect(missing, 'keys missing from .env.example').to.deep.equal([]);
      for (const key of schemaKeys()) {
        // The key's line, or a line of the group of keys it belongs to, follows a comment.
        let index = documented.get(key)! - 1;
        while (index >= 0 && /^[A-Z][A-Z0-9_]*=/.test(lines[index] ?? '')) index--;
        expect(lines[index] ?? '', `a comment above ${key}`).to.match(/^#/);
      }
    });

    it('lists no key the app does not read', () => {
      const text = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
      const keys = new Set(schemaKeys());
      const unknown = [...text.matchAll(/^([A-Z][A-Z0-9_]*)=/gm)]
        .map((match) => match[1]!)
        .filter((key) => !keys.has(key));
      expect(unknown).to.deep.equal([]);
    });

    it('its values are valid as an environment, and it holds no example secret to fall back on', () => {
      const text = fs.readFileSync(path.join(root, '.env.example'), 'utf8');
      const env: NodeJS.ProcessEnv = {};
      for (const match of text.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)) env[match[1]!] = match[2];
      expect(() => loadConfig(env)).not.to.throw();
      expect(env.SESSION_SECRET ?? '', 'no example secret to fall back on').to.equal('');
    });
  });
});
