import type { HavenDb } from '../db/connect.ts';
import {
  accountMemorySeconds,
  accountWaitSeconds,
  currentFailures,
  freeFailuresPerAccount,
} from '../domain/sign-in-throttle.ts';
import { countFailure, forgetFailures, readFailureCounts } from './sign-in-throttle.queries.ts';

export type ThrottledProof =
  { outcome: 'proved' } | { outcome: 'wrong' } | { outcome: 'throttled'; waitSeconds: number };

/**
 * Checks one proof for one account (a second-factor code, a recovery code, a password typed
 * again) under the sign-in throttle's rule and table: a few free failures, then a wait that
 * doubles to at most 15 minutes, so guessing is slowed to a crawl and the real person is never
 * kept out for longer. As at sign-in, the attempt is counted before it is checked (parallel
 * guesses cannot share one gap) and the count is cleared when it proves right.
 */
export async function throttledProof(
  db: HavenDb,
  key: string,
  now: Date,
  check: () => Promise<boolean>,
): Promise<ThrottledProof> {
  const seen = (await readFailureCounts(db, [key])).get(key);
  const wait = accountWaitSeconds(seen, now);
  if (wait > 0) return { outcome: 'throttled', waitSeconds: wait };

  const forgetBefore = new Date(now.getTime() - accountMemorySeconds * 1000).toISOString();
  const failures = await countFailure(db, key, now.toISOString(), { column: 'last_failure_at', before: forgetBefore });
  if (failures > freeFailuresPerAccount && failures !== currentFailures('account', seen, now) + 1) {
    const recounted = (await readFailureCounts(db, [key])).get(key);
    return { outcome: 'throttled', waitSeconds: Math.max(1, accountWaitSeconds(recounted, now)) };
  }
  if (!(await check())) return { outcome: 'wrong' };
  await forgetFailures(db, key);
  return { outcome: 'proved' };
}
