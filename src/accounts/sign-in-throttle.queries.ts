import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import type { FailureCount } from '../domain/sign-in-throttle.ts';

/** The failure counts held for these keys, by key. */
export async function readFailureCounts(db: HavenDb, keys: readonly string[]): Promise<Map<string, FailureCount>> {
  const rows = await db.selectFrom('sign_in_throttles').selectAll().where('key', 'in', keys).execute();
  return new Map(
    rows.map((row) => [
      row.key,
      { failures: Number(row.failures), windowStartedAt: row.window_started_at, lastFailureAt: row.last_failure_at },
    ]),
  );
}

/**
 * Adds one failure in a single statement and returns the new count, so parallel guesses each
 * get their own number. A count whose `resetColumn` is at or before `resetBefore` starts again at 1.
 */
export async function countFailure(
  db: HavenDb,
  key: string,
  now: string,
  reset: { column: 'window_started_at' | 'last_failure_at'; before: string },
): Promise<number> {
  const expired = sql<boolean>`sign_in_throttles.${sql.ref(reset.column)} <= ${reset.before}`;
  const row = await db
    .insertInto('sign_in_throttles')
    .values({ key, failures: 1, window_started_at: now, last_failure_at: now })
    .onConflict((conflict) =>
      conflict.column('key').doUpdateSet({
        failures: sql<number>`case when ${expired} then 1 else sign_in_throttles.failures + 1 end`,
        window_started_at: sql<string>`case when ${expired} then ${now} else sign_in_throttles.window_started_at end`,
        last_failure_at: now,
      }),
    )
    .returning('failures')
    .executeTakeFirstOrThrow();
  return Number(row.failures);
}

/** A success: the account starts again with no failures. */
export async function forgetFailures(db: HavenDb, key: string): Promise<void> {
  await db.deleteFrom('sign_in_throttles').where('key', '=', key).execute();
}

/** Takes back a failure counted before the password was checked, once it turned out right. */
export async function withdrawFailure(db: HavenDb, key: string): Promise<void> {
  await db
    .updateTable('sign_in_throttles')
    .set({ failures: sql<number>`failures - 1` })
    .where('key', '=', key)
    .where('failures', '>', 0)
    .execute();
}
