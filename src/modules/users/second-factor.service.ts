import { Types } from 'mongoose';
import type { RequestContext } from '../../lib/context';
import { record } from '../audit';
import type { SessionUser } from '../../types/session-user';
import {
  countFailedSignIn,
  lockedMinutesLeft,
  recordSignIn,
  type LockoutPolicy,
} from './credentials.service';
import { acceptTotp, consumeRecoveryCode } from './mfa.service';
import { UserModel, type UserRecord } from './users.model';

/** How the second step of a sign-in is proven. */
export type SecondFactorMethod = 'totp' | 'recovery_code';

export type SecondFactorResult =
  | { ok: true; user: SessionUser; recoveryCodesLeft: number | undefined }
  | { ok: false; reason: 'invalid' | 'unavailable' }
  | { ok: false; reason: 'locked'; minutesLeft: number };

/**
 * The second step of signing in, for a user whose password was just accepted: checks a TOTP
 * or recovery code and, if right, completes the sign-in (`auth.sign_in` naming the factor).
 * A wrong code counts as a failed sign-in towards the same lock-out as a wrong password and is
 * audited `auth.mfa` with the account's e-mail; a used recovery code is gone for good.
 */
export async function checkSecondFactor(
  context: RequestContext,
  userId: string,
  method: SecondFactorMethod,
  code: string,
  lockout: LockoutPolicy,
): Promise<SecondFactorResult> {
  const user = Types.ObjectId.isValid(userId) ? await UserModel.findById(userId).lean<UserRecord>() : null;
  // Disabled, reset or deleted since the password step: start again from the password.
  if (!user || user.disabled || !user.passwordHash || !user.mfaEnabled)
    return { ok: false, reason: 'unavailable' };
  const audit = (outcome: 'success' | 'failure', reason?: string) =>
    record(context, {
      action: 'auth.mfa',
      outcome,
      actorEmail: user.email,
      target: { type: 'user', id: user._id.toString(), label: user.email },
      supplierId: user.supplier?.toString(),
      details: reason ? { method, reason } : { method },
    });

  const minutesLeft = lockedMinutesLeft(user);
  if (minutesLeft !== undefined) {
    await audit('failure', 'locked');
    return { ok: false, reason: 'locked', minutesLeft };
  }
  const accepted = method === 'totp' ? await acceptTotp(user, code) : await consumeRecoveryCode(user, code);
  if (!accepted) {
    await audit('failure', 'wrong_code');
    const lockedFor = await countFailedSignIn(context, user, lockout);
    return lockedFor === undefined
      ? { ok: false, reason: 'invalid' }
      : { ok: false, reason: 'locked', minutesLeft: lockedFor };
  }
  await audit('success');
  let recoveryCodesLeft: number | undefined;
  if (method === 'recovery_code') {
    recoveryCodesLeft = Math.max(0, (user.recoveryCodes?.length ?? 1) - 1);
    await record(context, {
      action: 'mfa.recovery_used',
      actorEmail: user.email,
      target: { type: 'user', id: user._id.toString(), label: user.email },
      details: { left: recoveryCodesLeft },
    });
  }
  const signedIn = await recordSignIn(context, user, method);
  return { ok: true, user: signedIn, recoveryCodesLeft };
}
