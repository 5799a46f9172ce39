import argon2 from 'argon2';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as english from '@zxcvbn-ts/language-en';
import type { FieldMessage } from './errors';

/** Shortest password Vetted accepts. */
export const MIN_PASSWORD_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 256;

// argon2id with the OWASP-recommended minimum (19 MiB, 2 passes): strong, and fast enough that
// a burst of sign-ins does not exhaust a small server.
const hashOptions = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id for storage. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, hashOptions);
}

// A hash of a random string, verified against when the account does not exist so that the
// answer takes as long as for a real account.
let decoyHash: Promise<string> | undefined;

/** Checks a password against a stored hash; without a hash, spends the same time and says no. */
export async function verifyPassword(hash: string | undefined | null, password: string): Promise<boolean> {
  if (!hash) {
    decoyHash ??= hashPassword(`decoy-${Math.random()}`);
    await argon2.verify(await decoyHash, password);
    return false;
  }
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let estimator: ZxcvbnFactory | undefined;

/**
 * Says why a new password is not acceptable, or undefined when it is: too short, too long, or
 * easy to guess (a common password, a keyboard pattern, or built from the user's own name).
 */
export function passwordProblem(password: string, userInputs: string[] = []): FieldMessage | undefined {
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { key: 'validation.passwordTooShort', params: { min: MIN_PASSWORD_LENGTH } };
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    return { key: 'validation.tooLong', params: { max: MAX_PASSWORD_LENGTH } };
  }
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
  });
  const inputs = userInputs.flatMap((input) => input.toLowerCase().split(/[^\p{L}\p{N}]+/u)).filter(Boolean);
  const { score } = estimator.check(password.slice(0, 100), inputs);
  return score < 3 ? { key: 'validation.passwordCommon' } : undefined;
}
