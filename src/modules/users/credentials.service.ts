import type { RequestContext } from '../../lib/context';
import { NotFoundError, ValidationError } from '../../lib/errors';
import { hashPassword, passwordProblem, verifyPassword } from '../../lib/passwords';
import { endSessionsOfUser } from '../../lib/sessions';
import type { SessionUser } from '../../types/session-user';
import { record } from '../audit';
import { UserModel, type UserRecord } from './users.model';
import { toSessionUser } from './users.service';

export interface LockoutPolicy {
  threshold: number;
  minutes: number;
}

export type SignInResult =
  | { ok: true; user: SessionUser }
  | { ok: false; reason: 'invalid' | 'disabled' }
  | { ok: false; reason: 'locked'; minutesLeft: number };

/** Which proof completed a sign-in (recorded on the `auth.sign_in` success event). */
export type SignInFactor = 'password' | 'totp' | 'recovery_code';

function minutesUntil(date: Date, now: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));
}

/**
 * Counts one failed sign-in attempt (a wrong password or a wrong second-factor code) against
 * the account; the `threshold`-th failure in a row locks it for `minutes` (audited
 * `auth.lockout`). Returns the lock-out in minutes when this attempt caused one.
 */
export async function countFailedSignIn(
  context: RequestContext,
  user: Pick<UserRecord, '_id' | 'email'>,
  lockout: LockoutPolicy,
): Promise<number | undefined> {
  // No projection here: FerretDB does not support one on findAndModify.
  const counted = await UserModel.findOneAndUpdate(
    { _id: user._id },
    { $inc: { failedSignIns: 1 } },
    { returnDocument: 'after' },
  ).lean<UserRecord>();
  if ((counted?.failedSignIns ?? 0) < lockout.threshold) return undefined;
  const lockedUntil = new Date(Date.now() + lockout.minutes * 60_000);
  await UserModel.updateOne({ _id: user._id }, { $set: { lockedUntil, failedSignIns: 0 } });
  await record(context, {
    action: 'auth.lockout',
    outcome: 'failure',
    actorEmail: user.email,
    target: { type: 'user', id: user._id.toString(), label: user.email },
    details: { minutes: lockout.minutes },
  });
  return lockout.minutes;
}

/** Minutes an account stays locked, or undefined when it is not locked. */
export function lockedMinutesLeft(
  user: Pick<UserRecord, 'lockedUntil'>,
  now = new Date(),
): number | undefined {
  return user.lockedUntil && user.lockedUntil > now ? minutesUntil(user.lockedUntil, now) : undefined;
}

/**
 * Completes a sign-in once every required factor is proven: clears the failure count, notes
 * the time and records the `auth.sign_in` success event naming the factor that finished it.
 */
export async function recordSignIn(
  context: RequestContext,
  user: UserRecord,
  factor: SignInFactor,
): Promise<SessionUser> {
  await UserModel.updateOne(
    { _id: user._id },
    { $set: { failedSignIns: 0, lastSignInAt: new Date() }, $unset: { lockedUntil: 1 } },
  );
  const signedIn = toSessionUser(user);
  await record(
    { ...context, actor: signedIn },
    {
      action: 'auth.sign_in',
      actorEmail: user.email,
      target: { type: 'user', id: signedIn.id, label: user.email },
      supplierId: signedIn.supplierId,
      details: { factor },
    },
  );
  return signedIn;
}

/**
 * Checks an e-mail and password. Unknown accounts take as long as known ones; every failure
 * is audited; `threshold` failures in a row lock the account for `minutes`. For an account
 * with two-step sign-in the password is only the first step: the sign-in is not complete (nor
 * the failure count cleared) until the code is checked too.
 */
export async function authenticate(
  context: RequestContext,
  email: string,
  password: string,
  lockout: LockoutPolicy,
): Promise<SignInResult> {
  const now = new Date();
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean<UserRecord>();
  const audit = (reason: string, subject?: UserRecord) =>
    record(context, {
      action: 'auth.sign_in',
      outcome: 'failure',
      actorEmail: email.slice(0, 254),
      target: subject ? { type: 'user', id: subject._id.toString(), label: subject.email } : undefined,
      supplierId: subject?.supplier?.toString(),
      details: { reason },
    });

  if (!user || !user.passwordHash) {
    await verifyPassword(undefined, password);
    await audit(user ? 'no_password_yet' : 'unknown_account', user ?? undefined);
    return { ok: false, reason: 'invalid' };
  }
  const minutesLeft = lockedMinutesLeft(user, now);
  if (minutesLeft !== undefined) {
    await audit('locked', user);
    return { ok: false, reason: 'locked', minutesLeft };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    await audit('wrong_password', user);
    const lockedFor = await countFailedSignIn(context, user, lockout);
    return lockedFor === undefined
      ? { ok: false, reason: 'invalid' }
      : { ok: false, reason: 'locked', minutesLeft: lockedFor };
  }
  if (user.disabled) {
    await audit('disabled', user);
    return { ok: false, reason: 'disabled' };
  }
  if (user.mfaEnabled) {
    await record(context, {
      action: 'auth.mfa_challenge',
      actorEmail: user.email,
      target: { type: 'user', id: user._id.toString(), label: user.email },
      supplierId: user.supplier?.toString(),
    });
    return { ok: true, user: toSessionUser(user) };
  }
  return { ok: true, user: await recordSignIn(context, user, 'password') };
}

async function storeNewPassword(user: UserRecord, password: string): Promise<void> {
  const problem = passwordProblem(password, [user.name, user.email]);
  if (problem) throw new ValidationError({ password: problem });
  await UserModel.updateOne(
    { _id: user._id },
    {
      $set: { passwordHash: await hashPassword(password), passwordChangedAt: new Date(), failedSignIns: 0 },
      $unset: { lockedUntil: 1 },
    },
  );
}

/** Sets the password of an account from a valid invitation or reset link. */
export async function setPasswordFromLink(userId: string, password: string): Promise<SessionUser> {
  const user = await UserModel.findById(userId).lean<UserRecord>();
  if (!user || user.disabled) throw new NotFoundError();
  await storeNewPassword(user, password);
  await endSessionsOfUser(userId);
  return toSessionUser(user);
}

/** Removes an account's password (admin reset): it cannot sign in until a new one is set. */
export async function clearPassword(userId: string): Promise<void> {
  await UserModel.updateOne(
    { _id: userId },
    { $unset: { passwordHash: 1, lockedUntil: 1 }, $set: { failedSignIns: 0 } },
  );
  await endSessionsOfUser(userId);
}

/**
 * Changes the signed-in user's own password after checking the current one. Other sessions
 * of the same user end; the current one stays.
 */
export async function changeOwnPassword(
  context: RequestContext,
  sessionId: string,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  if (!context.actor) throw new NotFoundError();
  const user = await UserModel.findById(context.actor.id).lean<UserRecord>();
  if (!user) throw new NotFoundError();
  if (!(await verifyPassword(user.passwordHash, currentPassword))) {
    await record(context, {
      action: 'account.password_change',
      outcome: 'failure',
      details: { reason: 'wrong_current_password' },
    });
    throw new ValidationError({ currentPassword: { key: 'validation.currentPasswordWrong' } });
  }
  if (currentPassword === newPassword) {
    throw new ValidationError({ newPassword: { key: 'validation.passwordUnchanged' } });
  }
  try {
    await storeNewPassword(user, newPassword);
  } catch (error) {
    // The form names the field "newPassword"; storeNewPassword speaks of "password".
    if (error instanceof ValidationError && error.fieldErrors.password) {
      throw new ValidationError({ newPassword: error.fieldErrors.password });
    }
    throw error;
  }
  await endSessionsOfUser(context.actor.id, sessionId);
  await record(context, {
    action: 'account.password_change',
    target: { type: 'user', id: context.actor.id, label: user.email },
  });
}
