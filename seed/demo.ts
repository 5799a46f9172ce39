import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../src/config';
import { hashPassword } from '../src/lib/passwords';
import type { Logger } from '../src/lib/logger';
import { SupplierModel } from '../src/modules/suppliers/suppliers.model';
import { seedDemoAssessments } from './demo-assessments';
import { seedDemoIncidents } from './demo-incidents';
import { seedDemoReviews } from './demo-reviews';
import { seedDemoSuppliers } from './demo-suppliers';
import { UserModel } from '../src/modules/users/users.model';
import type { Role } from '../src/modules/users/roles';

/** The demo sign-ins the README lists. */
export const DEMO_USERS: { email: string; name: string; role: Role; supplier?: string }[] = [
  { email: 'admin@vetted.test', name: 'Ada Admin', role: 'admin' },
  { email: 'procurement@vetted.test', name: 'Priya Procurement', role: 'procurement' },
  { email: 'auditor@vetted.test', name: 'Aiden Auditor', role: 'auditor' },
  { email: 'vendor@acme.vetted.test', name: 'Victor Vendor', role: 'vendor', supplier: 'Acme Cloud Ltd' },
];

export interface SeedResult {
  createdUsers: string[];
  /** The password of the users created now, or undefined when none were created. */
  password: string | undefined;
  passwordFile: string | undefined;
}

function demoPasswordFile(config: Config): string {
  return path.join(config.dataDir, 'demo-password.txt');
}

/** A readable random password, e.g. "demo-K3mP-x9Qe-T2vL". */
function generatePassword(): string {
  const chunk = () => randomBytes(3).toString('base64url').slice(0, 4);
  return `demo-${chunk()}-${chunk()}-${chunk()}`;
}

/**
 * Creates the demo suppliers and users that are missing; never changes what exists, so running
 * it again is harmless and keeps passwords users have changed.
 */
export async function seedDemoData(config: Config): Promise<SeedResult> {
  const missing: typeof DEMO_USERS = [];
  for (const user of DEMO_USERS) {
    if (!(await UserModel.exists({ email: user.email }))) missing.push(user);
  }
  if (missing.length === 0) {
    await seedDemoSuppliers();
    await seedDemoAssessments();
    await seedDemoReviews();
    await seedDemoIncidents();
    return { createdUsers: [], password: undefined, passwordFile: undefined };
  }

  const password = config.demoPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const create = async (user: (typeof DEMO_USERS)[number]) => {
    const supplier = user.supplier
      ? await SupplierModel.findOne({ name: user.supplier }, { _id: 1 }).lean()
      : null;
    await UserModel.create({
      email: user.email,
      name: user.name,
      role: user.role,
      supplier: supplier?._id,
      passwordHash,
      passwordChangedAt: new Date(),
    });
  };
  // Staff first (they own suppliers), then the suppliers, then the vendor users who belong to them.
  for (const user of missing.filter((item) => !item.supplier)) await create(user);
  await seedDemoSuppliers();
  for (const user of missing.filter((item) => item.supplier)) await create(user);
  await seedDemoAssessments();
  await seedDemoReviews();
  await seedDemoIncidents();
  let passwordFile: string | undefined;
  if (!config.demoPassword) {
    // Kept for the developer who missed the start-up banner; only ever written outside production.
    passwordFile = demoPasswordFile(config);
    fs.mkdirSync(path.dirname(passwordFile), { recursive: true });
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  }
  return { createdUsers: missing.map((user) => user.email), password, passwordFile };
}

/** Seeds the demo when the database has no users yet (first start on an empty database). */
export async function seedDemoIfEmpty(config: Config, logger: Logger): Promise<SeedResult | undefined> {
  if ((await UserModel.estimatedDocumentCount()) > 0) return undefined;
  logger.info('empty database: loading demo data');
  return seedDemoData(config);
}

/** Prints where the portal is and how to sign in. */
export function printDemoBanner(config: Config, port: number, seeded: SeedResult | undefined): void {
  const url =
    config.host === '0.0.0.0' || config.host === '127.0.0.1'
      ? `http://localhost:${port}`
      : `http://${config.host}:${port}`;
  const lines = ['', `  Vetted is running at ${url}`];
  if (config.seedDemo) {
    lines.push('', '  Demo sign-ins:');
    for (const user of DEMO_USERS) lines.push(`    ${user.role.padEnd(12)} ${user.email}`);
    if (seeded?.password) lines.push(`  Password: ${seeded.password}`);
    else if (config.demoPassword) lines.push('  Password: the value of DEMO_PASSWORD');
    else if (fs.existsSync(demoPasswordFile(config))) {
      lines.push(
        `  Password: ${fs.readFileSync(demoPasswordFile(config), 'utf8').trim()} (from ${demoPasswordFile(config)})`,
      );
    }
  }
  lines.push('', '  Press Ctrl-C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}
