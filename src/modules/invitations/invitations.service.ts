import { createHash, randomBytes } from 'node:crypto';
import type { Config } from '../../config';
import type { RequestContext } from '../../lib/context';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/errors';
import { translator, type Locale } from '../../lib/i18n';
import { passwordProblem } from '../../lib/passwords';
import type { SessionUser } from '../../types/session-user';
import { authorize } from '../access';
import { record } from '../audit';
import { sendMail } from '../mail';
import { supplierName } from '../suppliers';
import {
  clearPassword,
  createPendingUser,
  findUserByEmail,
  findUserById,
  getUser,
  setPasswordFromLink,
  type Role,
  type UserView,
} from '../users';
import { InvitationModel, type InvitationRecord } from './invitations.model';

type Purpose = 'invite' | 'reset';
export type LinkState = 'pending' | 'expired' | 'used' | 'revoked';

export interface InvitationView {
  id: string;
  purpose: Purpose;
  email: string;
  name: string;
  role: Role;
  supplierId: string | undefined;
  supplierName: string | undefined;
  createdByName: string | undefined;
  createdAt: Date | undefined;
  expiresAt: Date;
  state: LinkState;
}

/** A token fingerprint: links carry the token, the database only its SHA-256. */
function fingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function linkState(
  invitation: Pick<InvitationRecord, 'usedAt' | 'revokedAt' | 'expiresAt'>,
  now = new Date(),
): LinkState {
  if (invitation.usedAt) return 'used';
  if (invitation.revokedAt) return 'revoked';
  return invitation.expiresAt <= now ? 'expired' : 'pending';
}

function toView(invitation: InvitationRecord): InvitationView {
  return {
    id: invitation._id,
    purpose: invitation.purpose,
    email: invitation.email,
    name: invitation.name,
    role: invitation.role as Role,
    supplierId: invitation.supplier?.toString(),
    supplierName: invitation.supplierName ?? undefined,
    createdByName: invitation.createdByName ?? undefined,
    createdAt: (invitation as { createdAt?: Date }).createdAt,
    expiresAt: invitation.expiresAt,
    state: linkState(invitation),
  };
}

/** The public address of a set-password link. */
export function setPasswordUrl(config: Config, token: string): string {
  return `${config.publicUrl}/set-password/${token}`;
}

/**
 * Issues a single-use set-password link for a user, replacing any earlier unused link, and
 * mails it in the user's language.
 */
async function issueLink(
  context: RequestContext,
  config: Config,
  user: UserView,
  purpose: Purpose,
): Promise<string> {
  await InvitationModel.updateMany(
    { user: user.id, usedAt: null, revokedAt: null },
    { $set: { revokedAt: new Date() } },
  );
  const token = randomBytes(32).toString('base64url');
  const supplier = user.supplierId ? await supplierName(user.supplierId) : undefined;
  const expiresAt = new Date(Date.now() + config.invitationTtlHours * 3600_000);
  await InvitationModel.create({
    _id: fingerprint(token),
    purpose,
    user: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    supplier: user.supplierId,
    supplierName: supplier,
    createdBy: context.actor?.id,
    createdByName: context.actor?.name,
    expiresAt,
  });
  const locale: Locale = user.locale ?? context.locale;
  const t = translator(locale);
  const values = {
    name: user.name,
    inviter: context.actor?.name ?? 'Vetted',
    supplier: supplier ?? '',
    link: setPasswordUrl(config, token),
    hours: config.invitationTtlHours,
  };
  await sendMail(config, {
    to: user.email,
    subject: t(`mail.${purpose}.subject`, values),
    text: t(
      user.role === 'vendor' && purpose === 'invite' ? 'mail.invite.bodyVendor' : `mail.${purpose}.body`,
      values,
    ),
  });
  return token;
}

export interface InviteInput {
  email: string;
  name: string;
  role: Role;
  supplierId?: string | undefined;
  locale?: Locale | undefined;
}

/**
 * Creates an account and mails its owner a link to set a password. Procurement may invite
 * vendor users of a supplier; only admins create staff accounts. Inviting a still-pending
 * account again sends a fresh link.
 */
export async function inviteUser(
  context: RequestContext,
  config: Config,
  input: InviteInput,
): Promise<UserView> {
  if (input.role === 'vendor') {
    if (!input.supplierId) throw new ValidationError({ supplierId: { key: 'validation.supplierRequired' } });
    authorize(context.actor, 'invitations.inviteVendor', { id: input.supplierId });
    if (!(await supplierName(input.supplierId)))
      throw new ValidationError({ supplierId: { key: 'validation.invalidChoice' } });
  } else {
    authorize(context.actor, 'users.manage');
  }
  const existing = await findUserByEmail(input.email);
  const reinvite =
    existing?.state === 'pending' && existing.role === input.role && existing.supplierId === input.supplierId;
  if (existing && !reinvite) throw new ValidationError({ email: { key: 'validation.emailTaken' } });
  const user = existing ?? (await createPendingUser(context, input));
  await issueLink(context, config, user, 'invite');
  await record(context, {
    action: 'invitations.create',
    target: { type: 'user', id: user.id, label: user.email },
    supplierId: user.supplierId,
    details: { role: user.role, reinvite },
  });
  return user;
}

/** Admin password reset: the old password stops working and the user gets a link to set a new one. */
export async function sendPasswordReset(
  context: RequestContext,
  config: Config,
  userId: string,
): Promise<UserView> {
  const user = await getUser(context, userId);
  if (user.state === 'disabled') throw new ConflictError('users.errors.disabledNoReset');
  await clearPassword(user.id);
  await issueLink(context, config, user, 'reset');
  await record(context, {
    action: 'users.reset_password',
    target: { type: 'user', id: user.id, label: user.email },
    supplierId: user.supplierId,
  });
  return user;
}

/** Invitations and reset links, newest first. Procurement sees vendor invitations only. */
export async function listInvitations(context: RequestContext, state?: LinkState): Promise<InvitationView[]> {
  authorize(context.actor, 'invitations.list');
  const query = context.actor.role === 'admin' ? {} : { role: 'vendor', purpose: 'invite' as const };
  const invitations = await InvitationModel.find(query)
    .sort({ createdAt: -1 })
    .limit(500)
    .lean<InvitationRecord[]>();
  const views = invitations.map(toView);
  return state ? views.filter((invitation) => invitation.state === state) : views;
}

async function loadManageable(context: RequestContext, id: string): Promise<InvitationRecord> {
  authorize(context.actor, 'invitations.manage');
  const invitation = await InvitationModel.findById(id).lean<InvitationRecord>();
  if (!invitation) throw new NotFoundError();
  // Procurement manages vendor invitations only; password resets are an admin matter.
  if (context.actor.role !== 'admin' && (invitation.role !== 'vendor' || invitation.purpose !== 'invite')) {
    throw new ForbiddenError();
  }
  return invitation;
}

/** Withdraws a pending link so it can no longer be used. */
export async function revokeInvitation(context: RequestContext, id: string): Promise<void> {
  const invitation = await loadManageable(context, id);
  if (linkState(invitation) !== 'pending') return;
  await InvitationModel.updateOne({ _id: id, usedAt: null }, { $set: { revokedAt: new Date() } });
  await record(context, {
    action: 'invitations.revoke',
    target: { type: 'user', id: invitation.user.toString(), label: invitation.email },
    supplierId: invitation.supplier?.toString(),
  });
}

/** Sends a fresh link for an invitation that was not used (the old link stops working). */
export async function resendInvitation(context: RequestContext, config: Config, id: string): Promise<void> {
  const invitation = await loadManageable(context, id);
  if (invitation.usedAt) throw new ConflictError('invitations.errors.alreadyUsed');
  const user = await findUserByEmail(invitation.email);
  if (!user || user.state === 'disabled') throw new NotFoundError();
  await issueLink(context, config, user, invitation.purpose);
  await record(context, {
    action: 'invitations.resend',
    target: { type: 'user', id: user.id, label: user.email },
    supplierId: user.supplierId,
  });
}

export type LinkCheck =
  | { ok: true; purpose: Purpose; userId: string; name: string; email: string }
  | { ok: false; reason: Exclude<LinkState, 'pending'> | 'unknown' };

/** Says whether a set-password link can still be used, without using it. */
export async function checkLink(token: string): Promise<LinkCheck> {
  const invitation = await InvitationModel.findById(fingerprint(token)).lean<InvitationRecord>();
  if (!invitation) return { ok: false, reason: 'unknown' };
  const state = linkState(invitation);
  if (state !== 'pending') return { ok: false, reason: state };
  // A link of an account disabled (or removed) since it was sent is as good as withdrawn.
  const user = await findUserById(invitation.user.toString());
  if (!user || user.state === 'disabled') return { ok: false, reason: 'revoked' };
  return { ok: true, purpose: invitation.purpose, userId: user.id, name: user.name, email: user.email };
}

/**
 * Uses a set-password link: checks the password, claims the link (once only, even when two
 * requests race), stores the password and returns the user to sign in.
 */
export async function acceptLink(
  context: RequestContext,
  token: string,
  password: string,
): Promise<SessionUser> {
  const check = await checkLink(token);
  if (!check.ok) throw new ValidationError({ _form: { key: `invitations.link.${check.reason}` } });
  // Checked before the link is claimed, so a refused password leaves the link usable.
  const problem = passwordProblem(password, [check.name, check.email]);
  if (problem) throw new ValidationError({ password: problem });
  const claimed = await InvitationModel.findOneAndUpdate(
    { _id: fingerprint(token), usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
    { $set: { usedAt: new Date() } },
    { returnDocument: 'after' },
  ).lean<InvitationRecord>();
  if (!claimed) throw new ValidationError({ _form: { key: 'invitations.link.used' } });
  const user = await setPasswordFromLink(claimed.user.toString(), password);
  await record(
    { ...context, actor: user },
    {
      action: claimed.purpose === 'invite' ? 'invitations.accept' : 'account.password_reset',
      target: { type: 'user', id: user.id, label: user.email },
      supplierId: user.supplierId,
    },
  );
  return user;
}
