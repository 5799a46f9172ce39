import { Types } from 'mongoose';
import { hashPassword } from '../../src/lib/passwords';
import { supplierDirectory } from '../../src/modules/suppliers';
import { SupplierModel, type SupplierStatus } from '../../src/modules/suppliers/suppliers.model';
import { UserModel } from '../../src/modules/users/users.model';
import type { Role } from '../../src/modules/users/roles';

/** The password every factory user has unless a test says otherwise. */
export const TEST_PASSWORD = 'Lantern-Orchard-Velvet-42';

let defaultHash: Promise<string> | undefined;
let sequence = 0;

export interface TestUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  supplierId: string | undefined;
  password: string;
}

export interface UserOverrides {
  email?: string;
  name?: string;
  role?: Role;
  supplierId?: string;
  password?: string;
  locale?: 'en' | 'zh-CN';
  disabled?: boolean;
  withoutPassword?: boolean;
}

/** Creates a user straight in the database (vendors get a supplier unless one is given). */
export async function createUser(overrides: UserOverrides = {}): Promise<TestUser> {
  sequence++;
  const role = overrides.role ?? 'procurement';
  const supplierId = overrides.supplierId ?? (role === 'vendor' ? (await createSupplier()).id : undefined);
  const password = overrides.password ?? TEST_PASSWORD;
  defaultHash ??= hashPassword(TEST_PASSWORD);
  const passwordHash = overrides.withoutPassword
    ? undefined
    : password === TEST_PASSWORD
      ? await defaultHash
      : await hashPassword(password);
  const user = await UserModel.create({
    email: overrides.email ?? `${role}${sequence}@example.test`,
    name: overrides.name ?? `Test ${role} ${sequence}`,
    role,
    supplier: supplierId ? new Types.ObjectId(supplierId) : undefined,
    passwordHash,
    locale: overrides.locale,
    disabled: overrides.disabled ?? false,
  });
  return { id: user._id.toString(), email: user.email, name: user.name, role, supplierId, password };
}

export interface TestSupplier {
  id: string;
  name: string;
}

/** Creates a supplier straight in the database. */
export async function createSupplier(
  overrides: { name?: string; status?: SupplierStatus } = {},
): Promise<TestSupplier> {
  sequence++;
  const supplier = await SupplierModel.create({
    name: overrides.name ?? `Supplier ${sequence}`,
    status: overrides.status ?? 'active',
  });
  // Written around the service, so the in-memory directory is told like any other writer would.
  await supplierDirectory.publish(supplier.toObject());
  return { id: supplier._id.toString(), name: supplier.name };
}
