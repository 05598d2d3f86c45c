// Pure rules for administering accounts (issue 8): passwords set from an invitation, how long
// an invitation lasts, line managers, and the last administrator.

/** An invitation link works for this long; a new one replaces it. */
export const invitationValidDays = 7;

/** Sign-in has no rule of its own for length; NCSC advises length over complexity. */
export const minimumPasswordLength = 12;
export const maximumPasswordLength = 1024;

/** What is wrong with a new password, in Haven's words, or null. */
export function passwordProblem(password: string, confirmation: string): string | null {
  if (!password) return 'Enter a password';
  if ([...password].length < minimumPasswordLength)
    return `Your password must be at least ${minimumPasswordLength} characters long`;
  if (password.length > maximumPasswordLength)
    return `Your password must be ${maximumPasswordLength.toLocaleString('en-GB')} characters or fewer`;
  if (password !== confirmation) return 'The passwords you entered do not match';
  return null;
}

/**
 * Whether making `managerId` the line manager of `accountId` is allowed: not themselves, and not
 * someone who (through their own line managers) reports to the account, which would make a loop.
 * `managerOf` gives each account's current line manager.
 */
export function lineManagerProblem(
  accountId: string | null,
  managerId: string,
  managerOf: ReadonlyMap<string, string | null>,
): 'self' | 'cycle' | null {
  if (accountId === null) return null;
  if (managerId === accountId) return 'self';
  const seen = new Set<string>();
  for (let current: string | null = managerId; current; current = managerOf.get(current) ?? null) {
    if (current === accountId) return 'cycle';
    if (seen.has(current)) break;
    seen.add(current);
  }
  return null;
}

/**
 * A cell a spreadsheet would run as a formula (CSV injection): starting with = + - @, or a tab or
 * carriage return before one. Haven keeps every cell as text and never works anything out, but
 * an HR export holding one has been tampered with or mangled, so the row is held back.
 * A phone number's leading + is allowed.
 */
export function looksLikeFormula(value: string, kind: 'phone' | 'text' = 'text'): boolean {
  const trimmed = value.replace(/^[\t\r\n ]+/, '');
  if (kind === 'phone' && /^\+[0-9 ()-]+$/.test(trimmed)) return false;
  return /^[=+\-@]/.test(trimmed) || /^[\t\r]/.test(value);
}
