import { createHash, randomInt } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';

/**
 * The codes of two-step sign-in: TOTP (RFC 6238, the settings every authenticator app
 * understands: SHA-1, 6 digits, 30 seconds) and one-time recovery codes.
 */

/** Seconds a TOTP code stays current. */
export const TOTP_PERIOD_SECONDS = 30;
/** Recovery codes issued at a time. */
export const RECOVERY_CODE_COUNT = 10;
/** At or below this many unused recovery codes the user is warned to make new ones. */
export const FEW_RECOVERY_CODES = 3;
/** The name authenticator apps show next to the account. */
const ISSUER = 'Vetted';
// No 0/o, 1/l/i: a code copied from paper must not be misread.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const RECOVERY_CODE_LENGTH = 10;

/** A new random TOTP secret (160 bits, Base32), as authenticator apps expect it. */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// address a QR code carries for an authenticator app. */
export function otpauthUri(secret: string, accountEmail: string): string {
  return generateURI({ issuer: ISSUER, label: accountEmail, secret });
}

/** The secret in groups of four, easier to type into an app by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** A typed code without the spaces people add for readability. */
export function compactCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

/**
 * The time step of a TOTP code that is valid now (one step of clock drift either way is
 * accepted), or undefined. A code of step `afterStep` or earlier is refused, so a code that
 * was accepted once cannot be replayed.
 */
export async function matchTotp(
  secret: string,
  code: string,
  afterStep: number | undefined,
): Promise<number | undefined> {
  if (!/^\d{6}$/.test(code)) return undefined;
  const result = await verify({
    secret,
    token: code,
    epochTolerance: TOTP_PERIOD_SECONDS,
    ...(afterStep === undefined ? {} : { afterTimeStep: afterStep }),
  });
  // The functional API also serves HOTP, whose result has no time step.
  return result.valid && 'timeStep' in result ? result.timeStep : undefined;
}

/** Ten new recovery codes, e.g. "k7m2q-x9d4t" (about 49 bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let code = '';
    for (let index = 0; index < RECOVERY_CODE_LENGTH; index++) {
      code += RECOVERY_ALPHABET.charAt(randomInt(RECOVERY_ALPHABET.length));
    }
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/**
 * The stored form of a recovery code. The codes are long random strings, not passwords a
 * person chose, so a fast hash is enough to keep the stored list useless to a thief.
 */
export function hashRecoveryCode(code: string): string {
  return createHash('sha256').update(compactCode(code)).digest('hex');
}
