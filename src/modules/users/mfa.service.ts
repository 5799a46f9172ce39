import { Types } from 'mongoose';
import { decryptField, encryptField } from '../../lib/crypto/field-encryption';
import type { RequestContext } from '../../lib/context';
import { ConflictError, NotFoundError, ValidationError } from '../../lib/errors';
import { verifyPassword } from '../../lib/passwords';
import { endSessionsOfUser } from '../../lib/sessions';
import { authorize } from '../access';
import { record } from '../audit';
import { getSettings } from '../settings';
import { hashRecoveryCode, matchTotp, newRecoveryCodes, newTotpSecret, otpauthUri } from './mfa-codes';
import type { Role } from './roles';
import { UserModel, type UserRecord } from './users.model';

/** Binds the encrypted secret to its field: a value copied from another field does not decrypt. */
const SECRET_PURPOSE = 'users.mfaSecret';
/** A secret shown for set-up but never confirmed is replaced after this long. */
const PENDING_SECRET_MS = 60 * 60_000;
/** Roles the "two-step sign-in for privileged roles" setting applies to. */
const PRIVILEGED_ROLES: readonly Role[] = ['admin', 'auditor'];

/** A user's two-step sign-in as their account page shows it. */
export interface MfaStatus {
  enabled: boolean;
  enrolledAt: Date | undefined;
  recoveryCodesLeft: number;
  /** The portal's settings oblige this user to keep it on. */
  required: boolean;
}

/** What the set-up page shows: the secret to add to an authenticator app. */
export interface MfaEnrolment {
  secret: string;
  otpauthUri: string;
}

async function loadUser(id: string): Promise<UserRecord> {
  if (!Types.ObjectId.isValid(id)) throw new NotFoundError();
  const user = await UserModel.findById(id).lean<UserRecord>();
  if (!user) throw new NotFoundError();
  return user;
}

function signedInUser(context: RequestContext): Promise<UserRecord> {
  if (!context.actor) throw new NotFoundError();
  return loadUser(context.actor.id);
}

const userTarget = (user: UserRecord) => ({ type: 'user', id: user._id.toString(), label: user.email });

/** Whether the settings oblige users of this role to sign in with a second factor. */
export async function isMfaRequiredFor(role: Role): Promise<boolean> {
  return PRIVILEGED_ROLES.includes(role) && (await getSettings()).mfaRequiredForPrivileged;
}

/** The signed-in user's two-step sign-in state. */
export async function ownMfaStatus(context: RequestContext): Promise<MfaStatus> {
  const user = await signedInUser(context);
  return {
    enabled: user.mfaEnabled,
    enrolledAt: user.mfaEnrolledAt ?? undefined,
    recoveryCodesLeft: user.recoveryCodes?.length ?? 0,
    required: await isMfaRequiredFor(user.role),
  };
}

/**
 * The secret the signed-in user is setting up. It is kept encrypted in a pending field and is
 * not used for sign-in until a code confirms it; showing the page again shows the same secret
 * (the person may have scanned it already) until it is an hour old.
 */
export async function startMfaEnrolment(context: RequestContext): Promise<MfaEnrolment> {
  const user = await signedInUser(context);
  if (user.mfaEnabled) throw new ConflictError('mfa.errors.alreadyOn');
  const fresh = user.mfaPendingAt && Date.now() - user.mfaPendingAt.getTime() < PENDING_SECRET_MS;
  let secret = fresh && user.mfaPendingSecret ? decryptField(user.mfaPendingSecret, SECRET_PURPOSE) : '';
  if (!secret) {
    secret = newTotpSecret();
    await UserModel.updateOne(
      { _id: user._id },
      { $set: { mfaPendingSecret: encryptField(secret, SECRET_PURPOSE), mfaPendingAt: new Date() } },
    );
  }
  return { secret, otpauthUri: otpauthUri(secret, user.email) };
}

/**
 * Switches two-step sign-in on once the user proves their app shows the right code. Returns
 * the recovery codes in plain text: they are shown once and only their hashes are kept. Other
 * sessions of the user end, since they were opened with the password alone.
 */
export async function confirmMfaEnrolment(
  context: RequestContext,
  sessionId: string,
  code: string,
): Promise<string[]> {
  const user = await signedInUser(context);
  if (user.mfaEnabled) throw new ConflictError('mfa.errors.alreadyOn');
  if (!user.mfaPendingSecret) throw new ValidationError({ code: { key: 'mfa.errors.setupExpired' } });
  const secret = decryptField(user.mfaPendingSecret, SECRET_PURPOSE);
  const step = await matchTotp(secret, code, undefined);
  if (step === undefined) {
    await record(context, { action: 'mfa.enrol', outcome: 'failure', target: userTarget(user) });
    throw new ValidationError({ code: { key: 'mfa.errors.wrongCode' } });
  }
  const codes = newRecoveryCodes();
  await UserModel.updateOne(
    { _id: user._id },
    {
      $set: {
        mfaEnabled: true,
        mfaSecret: user.mfaPendingSecret,
        mfaEnrolledAt: new Date(),
        mfaLastStep: step,
        recoveryCodes: codes.map(hashRecoveryCode),
      },
      $unset: { mfaPendingSecret: 1, mfaPendingAt: 1 },
    },
  );
  await endSessionsOfUser(user._id.toString(), sessionId);
  await record(context, {
    action: 'mfa.enrol',
    target: userTarget(user),
    supplierId: user.supplier?.toString(),
  });
  return codes;
}

/**
 * Accepts a current TOTP code of an enrolled user once: the step it belongs to is stored, and
 * a code of that step or an earlier one is refused from then on (also by a second request
 * racing this one, on MongoDB where the conditional update is atomic).
 */
export async function acceptTotp(user: UserRecord, code: string): Promise<boolean> {
  if (!user.mfaEnabled || !user.mfaSecret) return false;
  const step = await matchTotp(
    decryptField(user.mfaSecret, SECRET_PURPOSE),
    code,
    user.mfaLastStep ?? undefined,
  );
  if (step === undefined) return false;
  const stored = await UserModel.updateOne(
    { _id: user._id, mfaLastStep: { $lt: step } },
    { $set: { mfaLastStep: step } },
  );
  return stored.modifiedCount === 1;
}

/** Uses up one recovery code; false when it is not one of the user's unused codes. */
export async function consumeRecoveryCode(user: UserRecord, code: string): Promise<boolean> {
  if (!user.mfaEnabled) return false;
  const hash = hashRecoveryCode(code);
  const removed = await UserModel.updateOne(
    { _id: user._id, recoveryCodes: hash },
    { $pull: { recoveryCodes: hash } },
  );
  return removed.modifiedCount === 1;
}

/** New recovery codes for the signed-in user (a current code proves it is them); the old ones stop working. */
export async function regenerateRecoveryCodes(context: RequestContext, code: string): Promise<string[]> {
  const user = await signedInUser(context);
  if (!user.mfaEnabled) throw new ConflictError('mfa.errors.notOn');
  if (!(await acceptTotp(user, code))) {
    await record(context, {
      action: 'mfa.recovery_regenerate',
      outcome: 'failure',
      target: userTarget(user),
    });
    throw new ValidationError({ code: { key: 'mfa.errors.wrongCode' } });
  }
  const codes = newRecoveryCodes();
  await UserModel.updateOne({ _id: user._id }, { $set: { recoveryCodes: codes.map(hashRecoveryCode) } });
  await record(context, { action: 'mfa.recovery_regenerate', target: userTarget(user) });
  return codes;
}

const MFA_FIELDS_OFF = {
  $set: { mfaEnabled: false },
  $unset: {
    mfaSecret: 1,
    mfaEnrolledAt: 1,
    mfaLastStep: 1,
    recoveryCodes: 1,
    mfaPendingSecret: 1,
    mfaPendingAt: 1,
  },
};

/**
 * Turns the signed-in user's two-step sign-in off, after their password and a current code.
 * Refused while the settings require it for their role.
 */
export async function disableOwnMfa(context: RequestContext, password: string, code: string): Promise<void> {
  const user = await signedInUser(context);
  if (!user.mfaEnabled) throw new ConflictError('mfa.errors.notOn');
  if (await isMfaRequiredFor(user.role)) throw new ConflictError('mfa.errors.requiredForRole');
  const errors: Record<string, { key: string }> = {};
  if (!(await verifyPassword(user.passwordHash ?? undefined, password))) {
    errors.password = { key: 'validation.currentPasswordWrong' };
  } else if (!(await acceptTotp(user, code))) {
    errors.code = { key: 'mfa.errors.wrongCode' };
  }
  if (Object.keys(errors).length > 0) {
    await record(context, {
      action: 'mfa.disable',
      outcome: 'failure',
      target: userTarget(user),
      details: { reason: errors.password ? 'wrong_password' : 'wrong_code' },
    });
    throw new ValidationError(errors);
  }
  await UserModel.updateOne({ _id: user._id }, MFA_FIELDS_OFF);
  await record(context, {
    action: 'mfa.disable',
    target: userTarget(user),
    supplierId: user.supplier?.toString(),
  });
}

/**
 * An administrator turns off another user's two-step sign-in (a lost phone). The user signs
 * in with the password alone again, or is sent to set it up anew if their role requires it.
 */
export async function resetMfaByAdmin(context: RequestContext, id: string): Promise<{ email: string }> {
  authorize(context.actor, 'users.manage');
  const user = await loadUser(id);
  // Their own second factor is turned off on the account page, with password and code.
  if (context.actor.id === id) throw new ConflictError('mfa.errors.cannotResetOwn');
  if (!user.mfaEnabled) throw new ConflictError('mfa.errors.notOnForUser');
  await UserModel.updateOne({ _id: user._id }, MFA_FIELDS_OFF);
  // A lost phone may be a stolen one: sessions opened with it end too.
  await endSessionsOfUser(id);
  await record(context, {
    action: 'mfa.reset_by_admin',
    target: userTarget(user),
    supplierId: user.supplier?.toString(),
  });
  return { email: user.email };
}
