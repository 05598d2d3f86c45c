import type { DatabaseConfig } from '../src/config.ts';
import { runInChild } from './child.ts';
import type { BenchDatabase } from './database.ts';
import { openLoader } from './loaders.ts';
import { prepareCatalogue } from '../src/db/synthetic-catalogue.ts';
import { type Table, planSynthetic } from '../src/db/synthetic-data.ts';

export type Generation = {
  concerns: number;
  /** Rows written across every table. */
  rows: number;
  /** Making and writing the rows. */
  loadMs: number;
  /** Rebuilding what triggers keep, where they were off during the load (PostgreSQL's search documents). */
  derivedMs: number;
  /** ANALYZE (SQLite) or VACUUM ANALYZE (PostgreSQL) afterwards. */
  analyzeMs: number;
};

// Concerns per chunk: enough for the loaders' large statements, little enough to hold in memory.
const chunkSize = 5_000;

export type GenerateJob = { config: DatabaseConfig; total: number };

const generateScript = new URL('./generate-run.ts', import.meta.url);

/**
 * Fills a migrated, demo-seeded database with `total` synthetic concerns of the City council, in a
 * process of its own without Haven's heap cap (child.ts): the generator is not what the bench
 * measures, and a chunk of rows with its statements comes close to that cap, which at a million
 * concerns it once passed.
 */
export function fillWithConcerns(database: BenchDatabase, total: number, signal?: AbortSignal): Promise<Generation> {
  return runInChild<GenerateJob, Generation>(
    generateScript,
    { config: database.config, total },
    { nodeFlags: [], signal },
  );
}

/** What fillWithConcerns runs in its process. */
export async function writeSyntheticConcerns(
  database: Pick<BenchDatabase, 'db' | 'config'>,
  total: number,
): Promise<Generation> {
  const started = performance.now();
  const catalogue = await prepareCatalogue(database.db);
  // An hour ago, so nothing is in the future whatever the clocks do.
  const plan = planSynthetic(catalogue, total, Date.now() - 3_600_000);
  const loader = await openLoader(database.config);
  let rows = 0;
  const insert = async (table: Table, list: readonly unknown[][]) => {
    await loader.insert(table, list);
    rows += list.length;
  };
  try {
    await insert('people', plan.people);
    for (const chunk of plan.chunks(chunkSize)) {
      for (const table of loader.order) if (table !== 'people') await insert(table, chunk[table]);
      await loader.index(chunk.search);
    }
    await insert('person_events', plan.householdEvents);
  } catch (error) {
    await loader.abort();
    throw error;
  }
  const loadMs = performance.now() - started;
  const { derivedMs, analyzeMs } = await loader.finish();
  // The references carry on from the synthetic ones, as they would after years of use.
  for (const [year, lastNumber] of plan.counters) {
    await database.db
      .insertInto('reference_counters')
      .values({ organisation_id: catalogue.organisationId, year, last_number: lastNumber })
      .onConflict((oc) => oc.columns(['organisation_id', 'year']).doUpdateSet({ last_number: lastNumber }))
      .execute();
  }
  return { concerns: total, rows, loadMs, derivedMs, analyzeMs };
}
