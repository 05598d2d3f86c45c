import type { HavenDb } from '../../db/connect.ts';
import {
  accountMemorySeconds,
  accountWaitSeconds,
  addressWaitSeconds,
  addressWindowSeconds,
  currentFailures,
  freeFailuresPerAccount,
} from '../../domain/sign-in-throttle.ts';
import { type AuditAction, recordAuditEvents } from '../../concerns/audit.queries.ts';
import { decoyHash, verifyPassword } from '../../accounts/password.ts';
import { throttleKey as accountThrottleKey } from '../../accounts/throttle-key.ts';
import {
  countFailure,
  forgetFailures,
  readFailureCounts,
  withdrawFailure,
} from '../../accounts/sign-in-throttle.queries.ts';

export type SignInSettings = Readonly<{ keySecret: string; addressFailuresPerWindow: number }>;
export type SignInAttempt = Readonly<{ email: string; password: string; address: string; requestId: string }>;
export type SignInOutcome =
  { outcome: 'signed-in'; userId: string } | { outcome: 'wrong' } | { outcome: 'throttled'; waitSeconds: number };

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

/**
 * Checks an email and password unless the account or the address must wait; a mismatch never
 * says which part was wrong. Each attempt is counted as a failure before the password is checked,
 * so parallel guesses cannot all pass through one gap, and taken back when it succeeds.
 */
export async function attemptSignIn(
  db: HavenDb,
  settings: SignInSettings,
  attempt: SignInAttempt,
  now: Date,
): Promise<SignInOutcome> {
  const email = normaliseEmail(attempt.email);
  const keys = {
    account: throttleKey(settings, 'account', email),
    address: throttleKey(settings, 'address', attempt.address),
  };
  const account = await findAccount(db, email);
  const audit = (action: AuditAction) =>
    account ? recordAuditEvents(db, account, action, [account.userId], attempt.requestId) : null;

  const counts = await readFailureCounts(db, [keys.account, keys.address]);
  const wait = waitSeconds(counts.get(keys.account), counts.get(keys.address), now, settings);
  if (wait > 0) {
    await audit('sign-in.throttled');
    return { outcome: 'throttled', waitSeconds: wait };
  }
  const claimed = await claimAttempt(db, settings, keys, now);
  if (claimed.raced(currentFailures('account', counts.get(keys.account), now))) {
    await audit('sign-in.throttled');
    const recount = await readFailureCounts(db, [keys.account, keys.address]);
    return {
      outcome: 'throttled',
      waitSeconds: Math.max(1, waitSeconds(recount.get(keys.account), recount.get(keys.address), now, settings)),
    };
  }

  const matches = await verifyPassword(attempt.password, account?.passwordHash ?? decoyHash);
  if (!account || !matches) {
    await audit('sign-in.failed');
    return { outcome: 'wrong' };
  }
  await forgetFailures(db, keys.account);
  await withdrawFailure(db, keys.address);
  return { outcome: 'signed-in', userId: account.userId };
}

function waitSeconds(
  account: Parameters<typeof accountWaitSeconds>[0],
  address: Parameters<typeof addressWaitSeconds>[0],
  now: Date,
  settings: SignInSettings,
): number {
  return Math.max(
    accountWaitSeconds(account, now),
    addressWaitSeconds(address, now, settings.addressFailuresPerWindow),
  );
}

/**
 * Counts this attempt against the account and the address. It raced when another attempt on the
 * account was counted since the counts were read (past the free failures), or the address is over its cap.
 */
async function claimAttempt(
  db: HavenDb,
  settings: SignInSettings,
  keys: { account: string; address: string },
  now: Date,
) {
  const at = now.toISOString();
  const before = (seconds: number) => new Date(now.getTime() - seconds * 1000).toISOString();
  const accountFailures = await countFailure(db, keys.account, at, {
    column: 'last_failure_at',
    before: before(accountMemorySeconds),
  });
  const addressFailures = await countFailure(db, keys.address, at, {
    column: 'window_started_at',
    before: before(addressWindowSeconds),
  });
  return {
    raced: (seenAccountFailures: number) =>
      (accountFailures > freeFailuresPerAccount && accountFailures !== seenAccountFailures + 1) ||
      addressFailures > settings.addressFailuresPerWindow,
  };
}

/** The sign-in throttle's key for an email or an address (accounts/throttle-key.ts). */
export function throttleKey(settings: SignInSettings, kind: 'account' | 'address', value: string): string {
  return accountThrottleKey(settings.keySecret, kind, value);
}

// Roles play no part in signing in: they are loaded with each request (web/authentication.ts).
type Account = Readonly<{ userId: string; organisationId: string; passwordHash: string }>;

async function findAccount(db: HavenDb, email: string): Promise<Account | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'password_hash'])
    .where('email', '=', email)
    // A switched-off account is refused like an unknown one (migration 0014).
    .where('deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!user) return null;
  return { userId: user.id, organisationId: user.organisation_id, passwordHash: user.password_hash };
}
