import type { Request } from 'express';
import type { SessionUser } from '../../types/session-user';

/** How long a correct password waits for its second factor before the user must start again. */
export const PENDING_SIGN_IN_MS = 5 * 60_000;

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** Signs a user in on a fresh session id (the old id is discarded against session fixation). */
export function logIn(req: Request, user: SessionUser): Promise<void> {
  return new Promise((resolve, reject) => {
    req.login(user, (error: unknown) => (error ? reject(asError(error)) : resolve()));
  });
}

/** Notes in the session that this user's password was right and their code is awaited. */
export function startPendingSignIn(req: Request, userId: string): void {
  req.session.mfaPending = { userId, at: Date.now() };
}

/** Forgets a half-finished sign-in. */
export function endPendingSignIn(req: Request): void {
  delete req.session.mfaPending;
}

/** Where this session's sign-in stands: waiting for the code of a user, timed out, or neither. */
export type PendingSignIn = { state: 'waiting'; userId: string } | { state: 'expired' } | { state: 'none' };

/** This session's half-finished sign-in; a timed-out one is dropped as it is reported. */
export function pendingSignIn(req: Request): PendingSignIn {
  const pending = req.session.mfaPending;
  if (!pending) return { state: 'none' };
  if (typeof pending.at !== 'number' || Date.now() - pending.at > PENDING_SIGN_IN_MS) {
    endPendingSignIn(req);
    return { state: 'expired' };
  }
  return { state: 'waiting', userId: pending.userId };
}
