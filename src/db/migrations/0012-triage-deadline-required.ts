import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { triageDeadline } from '../../domain/triage-deadline.ts';
import { isPostgres } from '../dialect.ts';

// One triage deadline per concern (issue 7): the one stored when it arrived, which every page
// and email shows. Concerns from before it was stored get it now, from the same rule and their
// organisation's closure days as they stand today; then a deadline is required.
export const triageDeadlineRequired: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await backfillDeadlines(db);
    if (isPostgres(db)) {
      await sql`alter table concerns alter column triage_deadline_at set not null`.execute(db);
    } else {
      await requireDeadlineOnSqlite(db);
    }
  },
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function backfillDeadlines(db: Kysely<any>) {
  const concerns: Array<{ id: string; organisation_id: string; created_at: string }> = await db
    .selectFrom('concerns')
    .select(['id', 'organisation_id', 'created_at'])
    .where('triage_deadline_at', 'is', null)
    .execute();
  const closureDays = new Map<string, ReadonlySet<string>>();
  for (const concern of concerns) {
    let days = closureDays.get(concern.organisation_id);
    if (!days) {
      const rows: Array<{ date: string }> = await db
        .selectFrom('closure_days')
        .select('date')
        .where('organisation_id', '=', concern.organisation_id)
        .execute();
      days = new Set(rows.map((row) => row.date));
      closureDays.set(concern.organisation_id, days);
    }
    await db
      .updateTable('concerns')
      .set({ triage_deadline_at: triageDeadline(new Date(concern.created_at), days).toISOString() })
      .where('id', '=', concern.id)
      .execute();
  }
}

/**
 * SQLite cannot add NOT NULL to an existing column without rebuilding the table, and rebuilding
 * concerns would drop the search triggers on it (0009) and disturb every foreign key to it.
 * These triggers refuse a missing deadline with the same message a NOT NULL column gives.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function requireDeadlineOnSqlite(db: Kysely<any>) {
  const refuse = "select raise(abort, 'NOT NULL constraint failed: concerns.triage_deadline_at')";
  await sql
    .raw(
      `create trigger concern_deadline_required_on_insert before insert on concerns
       when new.triage_deadline_at is null begin ${refuse}; end`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger concern_deadline_required_on_update before update of triage_deadline_at on concerns
       when new.triage_deadline_at is null begin ${refuse}; end`,
    )
    .execute(db);
}
