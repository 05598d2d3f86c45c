import type { HavenDb } from './connect.ts';
import { indexNewConcerns } from './full-text-search.ts';
import { prepareCatalogue } from './synthetic-catalogue.ts';
import { type Row, type SyntheticOptions, type Table, columns, planSynthetic } from './synthetic-data.ts';

// Writes the synthetic generator's concerns through Kysely, in one transaction: for the demo's
// history and `npm run seed:synthetic`. The bench writes the same plan faster with its own loaders.

const tablesInOrder: ReadonlyArray<Exclude<Table, 'people'>> = [
  'concerns',
  'concern_people',
  'concern_categories',
  'concern_events',
  'concern_actions',
  'referrals',
  'person_events',
  'audit_events',
];
/** Rows a statement: 200 of the widest table's 24 columns stay far below either database's parameter limit. */
const rowsPerStatement = 200;

export async function seedSyntheticConcerns(
  db: HavenDb,
  options: SyntheticOptions & { organisation: string; concerns: number; end?: number },
): Promise<number> {
  const catalogue = await prepareCatalogue(db, { organisation: options.organisation, reporters: 0 });
  // An hour ago by default, so nothing is in the future whatever the clocks do.
  const plan = planSynthetic(catalogue, options.concerns, options.end ?? Date.now() - 3_600_000, options);
  await db.transaction().execute(async (trx) => {
    const insert = async (table: Table, rows: readonly Row[]) => {
      for (let i = 0; i < rows.length; i += rowsPerStatement) {
        const values = rows
          .slice(i, i + rowsPerStatement)
          .map((row) => Object.fromEntries(columns[table].map((column, c) => [column, row[c]])));
        // The rows are made for these tables' columns (synthetic-data.ts), which Kysely cannot check.
        await trx
          .insertInto(table)
          .values(values as never)
          .execute();
      }
    };
    await insert('people', plan.people);
    for (const chunk of plan.chunks(5_000)) {
      for (const table of tablesInOrder) await insert(table, chunk[table]);
      await indexNewConcerns(trx, chunk.search);
    }
    await insert('person_events', plan.householdEvents);
    // The references carry on from the synthetic ones, as they would after years of use.
    for (const [year, lastNumber] of plan.counters) {
      await trx
        .insertInto('reference_counters')
        .values({ organisation_id: catalogue.organisationId, year, last_number: lastNumber })
        .onConflict((oc) => oc.columns(['organisation_id', 'year']).doUpdateSet({ last_number: lastNumber }))
        .execute();
    }
  });
  return options.concerns;
}
