// How guessing at sign-in is slowed (issue 11). Per account: a few free failures, then a delay
// that doubles with each further failure up to a cap, so an attacker is slowed to a crawl but
// the real person is never kept out for longer than the cap. Per address: a cap on failures
// across all accounts in a window, so one machine cannot spray guesses over many accounts.

export const freeFailuresPerAccount = 5;
export const maxAccountDelaySeconds = 15 * 60;
/** An account's failures are forgotten a day after the last one. */
export const accountMemorySeconds = 24 * 60 * 60;
export const addressWindowSeconds = 15 * 60;

/** Failures counted against one account or one address. Times are ISO-8601 UTC. */
export type FailureCount = Readonly<{ failures: number; windowStartedAt: string; lastFailureAt: string }>;

/** Seconds an account must wait after its latest failure, given how many failures it has. */
export function accountDelaySeconds(failures: number): number {
  if (failures < freeFailuresPerAccount) return 0;
  return Math.min(2 ** (failures - freeFailuresPerAccount + 1), maxAccountDelaySeconds);
}

/** The failures that still count: none once an account's memory or an address's window has passed. */
export function currentFailures(kind: 'account' | 'address', count: FailureCount | undefined, now: Date): number {
  if (!count) return 0;
  const since = kind === 'account' ? count.lastFailureAt : count.windowStartedAt;
  const lasts = kind === 'account' ? accountMemorySeconds : addressWindowSeconds;
  return secondsBetween(since, now) >= lasts ? 0 : count.failures;
}

/** Whole seconds before the account may try again; 0 when it may try now. */
export function accountWaitSeconds(count: FailureCount | undefined, now: Date): number {
  const failures = currentFailures('account', count, now);
  if (!count || failures === 0) return 0;
  return Math.max(0, Math.ceil(accountDelaySeconds(failures) - secondsBetween(count.lastFailureAt, now)));
}

/** Whole seconds before the address may try again, once it has used its failures for the window. */
export function addressWaitSeconds(count: FailureCount | undefined, now: Date, failuresPerWindow: number): number {
  if (!count || currentFailures('address', count, now) < failuresPerWindow) return 0;
  return Math.max(0, Math.ceil(addressWindowSeconds - secondsBetween(count.windowStartedAt, now)));
}

/** "15 minutes", "1 minute", "30 seconds": how long to wait, in words. */
export function describeWait(seconds: number): string {
  if (seconds >= 60) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }
  const whole = Math.max(1, Math.ceil(seconds));
  return whole === 1 ? '1 second' : `${whole} seconds`;
}

function secondsBetween(earlier: string, now: Date): number {
  return (now.getTime() - Date.parse(earlier)) / 1000;
}
