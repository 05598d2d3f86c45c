import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// A concern imported from the previous system without a triage time (issue 9) was handled
// there; Haven does not know when it was triaged. Reports counted it as "not yet triaged, past
// the deadline", so a council's history made every share triaged in time look worse than it
// was. concerns_untriaged now says which of its concerns were imported, so reports count those
// apart from the index alone (reports/insight.queries.ts, domain/triage-deadline.ts).
export const importedWithoutTriageTime: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await sql`drop index concerns_untriaged`.execute(db);
    await sql`create index concerns_untriaged on concerns (organisation_id, created_at, triage_deadline_at, imported_at)
      where triaged_at is null`.execute(db);
    await keepStatisticsOfNewIndex(db);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async down(db: Kysely<any>) {
    await sql`drop index concerns_untriaged`.execute(db);
    await sql`create index concerns_untriaged on concerns (organisation_id, created_at, triage_deadline_at)
      where triaged_at is null`.execute(db);
    await keepStatisticsOfNewIndex(db);
  },
};

// A SQLite database someone has analysed holds statistics for every index but a new one, and
// its planner then prefers the others: the new index gets its own (a scan of it alone).
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function keepStatisticsOfNewIndex(db: Kysely<any>) {
  if (isPostgres(db)) return;
  const { rows } = await sql`select 1 from sqlite_master where name like 'sqlite_stat%'`.execute(db);
  if (rows.length > 0) await sql`analyze concerns_untriaged`.execute(db);
}
