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

function minutesUntil(date: Date, now: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - now.getTime()) / 60_000));
}

/**
 * Checks an e-mail and password. Unknown accounts take as long as known ones; every failure
 * is audited; `threshold` failures in a row lock the account for `minutes`.
 */
export async function authenticate(
  context: RequestContext,
  email: string,
  password: string,
  lockout: LockoutPolicy,
): Promise<SignInResult> {
  const now = new Date();
  const user = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean<UserRecord>();
  const audit = (outcome: 'success' | 'failure', reason?: string, subject?: UserRecord) =>
    record(
      { ...context, actor: subject && outcome === 'success' ? toSessionUser(subject) : undefined },
      {
        action: 'auth.sign_in',
        outcome,
        actorEmail: email.slice(0, 254),
        target: subject ? { type: 'user', id: subject._id.toString(), label: subject.email } : undefined,
        supplierId: subject?.supplier?.toString(),
        details: reason ? { reason } : undefined,
      },
    );

  if (!user || !user.passwordHash) {
    await verifyPassword(undefined, password);
    await audit('failure', user ? 'no_password_yet' : 'unknown_account', user ?? undefined);
    return { ok: false, reason: 'invalid' };
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    await audit('failure', 'locked', user);
    return { ok: false, reason: 'locked', minutesLeft: minutesUntil(user.lockedUntil, now) };
  }
  if (!(await verifyPassword(user.passwordHash, password))) {
    // No projection here: FerretDB does not support one on findAndModify.
    const counted = await UserModel.findOneAndUpdate(
      { _id: user._id },
      { $inc: { failedSignIns: 1 } },
      { returnDocument: 'after' },
    ).lean<UserRecord>();
    if ((counted?.failedSignIns ?? 0) >= lockout.threshold) {
      const lockedUntil = new Date(now.getTime() + lockout.minutes * 60_000);
      await UserModel.updateOne({ _id: user._id }, { $set: { lockedUntil, failedSignIns: 0 } });
      await audit('failure', 'wrong_password', user);
      await record(context, {
        action: 'auth.lockout',
        outcome: 'failure',
        actorEmail: user.email,
        target: { type: 'user', id: user._id.toString(), label: user.email },
        details: { minutes: lockout.minutes },
      });
      return { ok: false, reason: 'locked', minutesLeft: lockout.minutes };
    }
    await audit('failure', 'wrong_password', user);
    return { ok: false, reason: 'invalid' };
  }
  if (user.disabled) {
    await audit('failure', 'disabled', user);
    return { ok: false, reason: 'disabled' };
  }
  await UserModel.updateOne(
    { _id: user._id },
    { $set: { failedSignIns: 0, lastSignInAt: now }, $unset: { lockedUntil: 1 } },
  );
  await audit('success', undefined, user);
  return { ok: true, user: toSessionUser(user) };
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
