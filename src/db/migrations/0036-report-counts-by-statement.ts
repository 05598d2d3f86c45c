import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';
import { aboutOf, childContribution, contributions, refreshAbout, upsert } from './0034-concern-report-counts.ts';

// The report-count summary (0034) kept on PostgreSQL by one trigger call per INSERT statement
// rather than per row, for concerns and their categories: the history import writes a thousand
// of each a statement, and a PL/pgSQL call per row was most of the server's time (100,000 rows:
// 17.7 s of the concerns' inserts under load). The statement's new rows are a transition table,
// and each is counted by the same SQL as before (0034's contributions), laterally. What a
// statement adds is the sum of what its rows would have added one by one, so the summary is the
// same. The statements' plans must not rest on the tables' statistics, which a long import's
// own transaction makes stale (60,000 new concerns estimated as 129): each new row's lookups are
// kept per row by OFFSET 0 (a subquery the planner may not merge into a join, so no hash join
// over a scan of all concerns), each statement is planned afresh (EXECUTE), and without JIT,
// whose compiling (0.5 s a statement) the stale estimates set off. Updates and deletes, a row at
// a time in Haven, keep their row triggers. SQLite has no statement triggers, so it keeps 0034's.

export const statementTriggers = [
  {
    table: 'concerns',
    name: 'concerns_report_counts_insert',
    statements: [
      upsert(`select x.o, x.d, x.k, x.i, x.s from new_rows as r cross join lateral (
        ${contributions('postgres', 'r', '1')} offset 0) as x`),
      // As 0034's refreshAbout, for every new row at once; a new concern has no people yet, so
      // this finds none to change unless one was written with report_about set.
      `update concerns set report_about = changed.about
        from (select r.id, ${aboutOf('r.id')} as about from new_rows as r
          where r.report_about is distinct from ${aboutOf('r.id')} offset 0) as changed
        where concerns.id = changed.id`,
    ],
    rowStatements: [upsert(contributions('postgres', 'new', '1')), refreshAbout('postgres', 'new.id')],
  },
  {
    table: 'concern_categories',
    name: 'concern_categories_report_counts_insert',
    statements: [
      upsert(`select x.o, x.d, x.k, x.i, x.s from new_rows as r cross join lateral (
        ${childContribution('concern_categories', 'r', '1')} offset 0) as x`),
    ],
    rowStatements: [upsert(childContribution('concern_categories', 'new', '1'))],
  },
];

export async function replaceTrigger(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  table: string,
  name: string,
  statements: string[],
  perStatement: boolean,
) {
  await sql.raw(`drop trigger ${name} on ${table}`).execute(db);
  await sql
    .raw(
      `create or replace function ${name}() returns trigger language plpgsql ${perStatement ? 'set jit = off' : ''} as $$
       begin ${statements.map((s) => (perStatement ? `execute $statement$ ${s} $statement$;` : `${s};`)).join('\n')}
       return null; end $$`,
    )
    .execute(db);
  await sql
    .raw(
      perStatement
        ? `create trigger ${name} after insert on ${table} referencing new table as new_rows
           for each statement execute function ${name}()`
        : `create trigger ${name} after insert on ${table} for each row execute function ${name}()`,
    )
    .execute(db);
}

export const reportCountsByStatement: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    for (const { table, name, statements } of statementTriggers)
      await replaceTrigger(db, table, name, statements, true);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async down(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    for (const { table, name, rowStatements } of statementTriggers)
      await replaceTrigger(db, table, name, rowStatements, false);
  },
};
