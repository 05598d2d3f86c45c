import { sql } from 'kysely';
import type { HavenDb } from '../../src/db/connect.ts';
import { isPostgres } from '../../src/db/dialect.ts';
import { rebuildReportCountsSql } from '../../src/db/migrations/0034-concern-report-counts.ts';

/** The report-count summary's rows as kept, in one order, for comparing with a recount. */
export const keptReportCounts = (db: HavenDb) =>
  db
    .selectFrom('concern_report_counts')
    .select(['organisation_id', 'dimension', 'received_day', 'item', 'n'])
    .where('n', '<>', 0)
    .orderBy('organisation_id')
    .orderBy('dimension')
    .orderBy('received_day')
    .orderBy('item')
    .execute();

/** The summary recounted from the concerns, in a transaction rolled back afterwards. */
export async function recountedReportCounts(db: HavenDb) {
  let rows: Awaited<ReturnType<typeof keptReportCounts>> = [];
  const rollback = new Error('rolled back');
  await db
    .transaction()
    .execute(async (trx) => {
      for (const statement of rebuildReportCountsSql(isPostgres(db) ? 'postgres' : 'sqlite'))
        await sql.raw(statement).execute(trx);
      rows = await keptReportCounts(trx);
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  return rows;
}
