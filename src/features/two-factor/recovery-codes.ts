import { randomInt } from 'node:crypto';

export const recoveryCodeCount = 10;
// No 0/O, 1/l/i: a code copied from paper is typed back right.
const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes of 12 characters (about 59 bits each), shown once as xxxx-xxxx-xxxx. */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: recoveryCodeCount }, () =>
    Array.from({ length: 3 }, () =>
      Array.from({ length: 4 }, () => alphabet[randomInt(alphabet.length)]).join(''),
    ).join('-'),
  );
}

/** What is compared: lower case, without spaces or dashes, so "ABCD EFGH JKLM" matches. */
export function normaliseRecoveryCode(typed: string): string {
  return typed.toLowerCase().replace(/[\s-]/g, '');
}

export function looksLikeRecoveryCode(typed: string): boolean {
  return /^[a-z0-9]{12}$/.test(normaliseRecoveryCode(typed));
}
