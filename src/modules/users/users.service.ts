import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { escapeRegExp } from '../../lib/text';
import { ConflictError, NotFoundError, ValidationError, isDuplicateKey } from '../../lib/errors';
import { asLocale, type Locale } from '../../lib/i18n';
import { endSessionsOfUser } from '../../lib/sessions';
import type { SessionUser } from '../../types/session-user';
import { authorize } from '../access';
import { record } from '../audit';
import { cachedUserRead } from './user-cache';
import { UserModel, type UserRecord } from './users.model';
import type { Role } from './roles';

/** How an account stands, as shown in user lists. */
export type AccountState = 'active' | 'pending' | 'locked' | 'disabled';

/** A user as the admin pages show it (never the password hash). */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  supplierId: string | undefined;
  locale: Locale | undefined;
  state: AccountState;
  mfaEnabled: boolean;
  lockedUntil: Date | undefined;
  lastSignInAt: Date | undefined;
  createdAt: Date | undefined;
}

export function accountState(
  user: Pick<UserRecord, 'disabled' | 'passwordHash' | 'lockedUntil'>,
  now = new Date(),
): AccountState {
  if (user.disabled) return 'disabled';
  if (!user.passwordHash) return 'pending';
  if (user.lockedUntil && user.lockedUntil > now) return 'locked';
  return 'active';
}

export function toSessionUser(user: UserRecord): SessionUser {
  return {
    id: user._id.toString(),
    email: user.email,
    name: user.name,
    role: user.role,
    supplierId: user.supplier?.toString(),
    locale: asLocale(user.locale),
    mfaEnabled: user.mfaEnabled,
  };
}

function toView(user: UserRecord): UserView {
  return {
    ...toSessionUser(user),
    state: accountState(user),
    mfaEnabled: user.mfaEnabled,
    lockedUntil: user.lockedUntil ?? undefined,
    lastSignInAt: user.lastSignInAt ?? undefined,
    createdAt: (user as { createdAt?: Date }).createdAt,
  };
}

async function loadUser(id: string): Promise<UserRecord> {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError();
  const user = await UserModel.findById(id).lean<UserRecord>();
  if (!user) throw new NotFoundError();
  return user;
}

/** The user a session belongs to, or undefined when the account is gone, disabled or has no password. */
export async function findSessionUser(id: string): Promise<SessionUser | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  return cachedUserRead(`session:${id}`, async () => {
    const user = await UserModel.findById(id).lean<UserRecord>();
    if (!user || user.disabled || !user.passwordHash) return undefined;
    return toSessionUser(user);
  });
}

export interface UserFilter {
  q?: string | undefined;
  role?: Role | undefined;
  state?: AccountState | undefined;
}

/** Users matching a filter, sorted by name; admins only. */
export async function listUsers(context: RequestContext, filter: UserFilter): Promise<UserView[]> {
  authorize(context.actor, 'users.manage');
  const query: Record<string, unknown> = {};
  if (filter.role) query.role = filter.role;
  if (filter.q) {
    const pattern = new RegExp(escapeRegExp(filter.q), 'i');
    query.$or = [{ name: pattern }, { email: pattern }];
  }
  const users = await UserModel.find(query).sort({ name: 1 }).limit(1000).lean<UserRecord[]>();
  const views = users.map(toView);
  return filter.state ? views.filter((user) => user.state === filter.state) : views;
}

/** One user for the admin edit page. */
export async function getUser(context: RequestContext, id: string): Promise<UserView> {
  authorize(context.actor, 'users.manage');
  return toView(await loadUser(id));
}

/** A staff member as pickers and filters show them. */
export interface StaffMember {
  id: string;
  name: string;
  email: string;
  role: Role;
}

/** Enabled staff accounts (admins, procurement, auditors), sorted by name. */
export async function listStaffUsers(context: RequestContext): Promise<StaffMember[]> {
  authorize(context.actor, 'users.listStaff');
  return cachedUserRead('staff', async () => {
    const users = await UserModel.find(
      { role: { $ne: 'vendor' }, disabled: { $ne: true } },
      { name: 1, email: 1, role: 1 },
    )
      .sort({ name: 1 })
      .lean<UserRecord[]>();
    return users.map((user) => ({
      id: user._id.toString(),
      name: user.name,
      email: user.email,
      role: user.role,
    }));
  });
}

/** Vendor users of one supplier (for the supplier page and the vendor's home page). */
export async function listSupplierUsers(supplierId: string): Promise<UserView[]> {
  const users = await UserModel.find({ supplier: supplierId, role: 'vendor' })
    .sort({ name: 1 })
    .lean<UserRecord[]>();
  return users.map(toView);
}

/** Every vendor user, grouped by supplier id (one read, for the daily reminders). */
export async function vendorUsersBySupplier(): Promise<Map<string, UserView[]>> {
  const users = await UserModel.find({ role: 'vendor' }).lean<UserRecord[]>();
  const bySupplier = new Map<string, UserView[]>();
  for (const user of users.map(toView)) {
    if (!user.supplierId) continue;
    bySupplier.set(user.supplierId, [...(bySupplier.get(user.supplierId) ?? []), user]);
  }
  return bySupplier;
}

/** Counts of users by role and account state, for the admin home page. */
export async function userCounts(
  context: RequestContext,
): Promise<Record<Role | AccountState | 'total', number>> {
  authorize(context.actor, 'users.manage');
  const users = await UserModel.find({}, { role: 1, disabled: 1, passwordHash: 1, lockedUntil: 1 }).lean<
    UserRecord[]
  >();
  const counts = {
    total: 0,
    admin: 0,
    procurement: 0,
    auditor: 0,
    vendor: 0,
    active: 0,
    pending: 0,
    locked: 0,
    disabled: 0,
  };
  for (const user of users) {
    counts.total++;
    counts[user.role]++;
    counts[accountState(user)]++;
  }
  return counts;
}

/** A vendor belongs to exactly one supplier; staff belong to none. */
function requireSupplierForVendorsOnly(role: Role, supplierId: string | undefined): void {
  if ((role === 'vendor') === Boolean(supplierId)) return;
  throw new ValidationError({
    supplierId: {
      key: role === 'vendor' ? 'validation.supplierRequired' : 'validation.supplierOnlyForVendors',
    },
  });
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  supplierId?: string | undefined;
  locale?: Locale | undefined;
}

/**
 * Creates an account without a password; the person sets one from an invitation link.
 * Callers (the invitations service) have already checked who may create it.
 */
export async function createPendingUser(context: RequestContext, input: NewUser): Promise<UserView> {
  requireSupplierForVendorsOnly(input.role, input.supplierId);
  try {
    const created = await UserModel.create({
      email: input.email,
      name: input.name,
      role: input.role,
      supplier: input.supplierId,
      locale: input.locale,
    });
    const user = created.toObject() as UserRecord;
    await record(context, {
      action: 'users.create',
      target: { type: 'user', id: user._id.toString(), label: user.email },
      supplierId: input.supplierId,
      details: { role: input.role },
    });
    return toView(user);
  } catch (error) {
    if (isDuplicateKey(error)) throw new ValidationError({ email: { key: 'validation.emailTaken' } });
    throw error;
  }
}

/** A user by id, for services that act on a known account (no access check). */
export async function findUserById(id: string): Promise<UserView | undefined> {
  if (!Types.ObjectId.isValid(id)) return undefined;
  const user = await UserModel.findById(id).lean<UserRecord>();
  return user ? toView(user) : undefined;
}

/** A user by e-mail address, for invitations that may re-invite a pending account. */
export async function findUserByEmail(email: string): Promise<UserView | undefined> {
  const user = await UserModel.findOne({ email: email.toLowerCase() }).lean<UserRecord>();
  return user ? toView(user) : undefined;
}

/** Admins who can sign in today: enabled and with a password (invited admins do not count). */
async function activeAdminCount(): Promise<number> {
  const admins = await UserModel.find(
    { role: 'admin', disabled: { $ne: true }, passwordHash: { $exists: true } },
    { _id: 1 },
  ).lean();
  return admins.length;
}

/** The ids of admins who can sign in today (security alerts go to each of them). */
export async function activeAdminIds(): Promise<string[]> {
  const admins = await UserModel.find(
    { role: 'admin', disabled: { $ne: true }, passwordHash: { $exists: true } },
    { _id: 1 },
  ).lean();
  return admins.map((admin) => admin._id.toString());
}

/** Refuses a change that would leave nobody able to sign in as administrator. */
async function refuseLosingLastAdmin(user: UserRecord): Promise<void> {
  const canSignInAsAdmin = user.role === 'admin' && !user.disabled && Boolean(user.passwordHash);
  if (canSignInAsAdmin && (await activeAdminCount()) <= 1) {
    throw new ConflictError('users.errors.lastAdmin');
  }
}

export interface UserChanges {
  name: string;
  role: Role;
  supplierId?: string | undefined;
  locale?: Locale | undefined;
}

/** Changes a user's name, role, supplier or language; admins only. */
export async function updateUser(
  context: RequestContext,
  id: string,
  changes: UserChanges,
): Promise<UserView> {
  authorize(context.actor, 'users.manage');
  requireSupplierForVendorsOnly(changes.role, changes.supplierId);
  const user = await UserModel.findById(id);
  if (!user) throw new NotFoundError();
  if (user.role === 'admin' && changes.role !== 'admin') await refuseLosingLastAdmin(user.toObject());

  const before = {
    name: user.name,
    role: user.role,
    locale: user.locale ?? undefined,
    supplier: user.supplier?.toString(),
  };
  const after = {
    name: changes.name,
    role: changes.role,
    locale: changes.locale,
    supplier: changes.supplierId,
  };
  const changed = (Object.keys(after) as (keyof typeof after)[]).filter(
    (field) => before[field] !== after[field],
  );
  user.set({ name: after.name, role: after.role, locale: after.locale, supplier: after.supplier });
  await user.save();

  // A new role or supplier must not ride on sessions opened under the old one.
  if (changed.includes('role') || changed.includes('supplier')) await endSessionsOfUser(id);
  await record(context, {
    action: 'users.update',
    target: { type: 'user', id, label: user.email },
    details: { changed: changed.join(','), role: user.role },
  });
  return toView(user.toObject());
}

/** Disables or re-enables an account; disabling ends its sessions at once. */
export async function setUserDisabled(
  context: RequestContext,
  id: string,
  disabled: boolean,
): Promise<UserView> {
  authorize(context.actor, 'users.manage');
  const user = await loadUser(id);
  if (disabled) {
    if (context.actor.id === id) throw new ConflictError('users.errors.cannotDisableSelf');
    await refuseLosingLastAdmin(user);
  }
  const updated = await UserModel.findByIdAndUpdate(
    id,
    { $set: { disabled } },
    { returnDocument: 'after' },
  ).lean<UserRecord>();
  if (!updated) throw new NotFoundError();
  if (disabled) await endSessionsOfUser(id);
  await record(context, {
    action: disabled ? 'users.disable' : 'users.enable',
    target: { type: 'user', id, label: updated.email },
  });
  return toView(updated);
}

/** Lifts a sign-in lock-out before it runs out. */
export async function unlockUser(context: RequestContext, id: string): Promise<UserView> {
  authorize(context.actor, 'users.manage');
  const updated = await UserModel.findByIdAndUpdate(
    id,
    { $set: { failedSignIns: 0 }, $unset: { lockedUntil: 1 } },
    { returnDocument: 'after' },
  ).lean<UserRecord>();
  if (!updated) throw new NotFoundError();
  await record(context, { action: 'users.unlock', target: { type: 'user', id, label: updated.email } });
  return toView(updated);
}

/** Saves the language a user chose for themselves. */
export async function setOwnLocale(context: RequestContext, locale: Locale): Promise<void> {
  if (!context.actor) return;
  await UserModel.updateOne({ _id: context.actor.id }, { $set: { locale } });
}
