import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../src/config.ts';
import { type HavenDb, connectDatabase } from '../src/db/connect.ts';
import { seedDemoData } from '../src/db/demo-data.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';
import { reportCountTriggers } from '../src/db/migrations/0034-concern-report-counts.ts';
import { createMigratedDatabase } from '../src/db/postgres-admin.ts';

export type Dialect = 'sqlite' | 'postgres';

export type BenchDatabase = { db: HavenDb; config: DatabaseConfig; drop(): Promise<void> };

/** What a submission refers to: real ids from the seeded City organisation. */
export type SeededIds = { organisationId: string; reporterId: string; serviceAreaId: string; categoryId: string };

/** A fresh, migrated database holding the demo organisations, dropped by drop(). */
export async function createSeededDatabase(dialect: Dialect, postgresUrl?: string): Promise<BenchDatabase> {
  const database = dialect === 'postgres' ? await createPostgresDatabase(postgresUrl) : await createSqliteFile();
  try {
    await seedDemoData(database.db);
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}

async function createSqliteFile(): Promise<BenchDatabase> {
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-bench-'));
  const config: DatabaseConfig = { kind: 'sqlite', file: path.join(folder, 'haven.sqlite') };
  const db = connectDatabase(config);
  const drop = async () => {
    await db.destroy();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await migrateToLatest(db);
  } catch (error) {
    await drop();
    throw error;
  }
  return { db, config, drop };
}

/** A database of its own, cloned from the migrated template the tests use too. */
async function createPostgresDatabase(url: string | undefined): Promise<BenchDatabase> {
  if (!url) throw new Error('the PostgreSQL benchmark needs TEST_DATABASE_URL');
  return createMigratedDatabase(url, 'haven_bench');
}

export async function findSeededIds(db: HavenDb): Promise<SeededIds> {
  const reporter = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'service_area_id'])
    .where('email', '=', 'reporter@city.example')
    .executeTakeFirstOrThrow();
  // The bench person is an adult, so the category must be one the categories page offers adults.
  const category = await db
    .selectFrom('categories')
    .select('id')
    .where('organisation_id', '=', reporter.organisation_id)
    .where('applies_to', 'in', ['adult', 'both'])
    .orderBy('sort_order')
    .executeTakeFirstOrThrow();
  if (!reporter.service_area_id) throw new Error('the demo reporter has no service area');
  return {
    organisationId: reporter.organisation_id,
    reporterId: reporter.id,
    serviceAreaId: reporter.service_area_id,
    categoryId: category.id,
  };
}

/**
 * Each virtual user signs in as a reporter of their own, as real people would: a copy of the
 * demo reporter with the same password for each virtual user past the first.
 */
export async function addBenchReporters(db: HavenDb, count: number): Promise<string[]> {
  const reporter = await db
    .selectFrom('users')
    .selectAll()
    .where('email', '=', 'reporter@city.example')
    .executeTakeFirstOrThrow();
  const extra = Array.from({ length: Math.max(0, count - 1) }, (_, i) => ({
    ...reporter,
    id: randomUUID(),
    email: `bench-reporter-${i + 2}@city.example`,
    display_name: `Bench Reporter ${i + 2}`,
  }));
  if (extra.length > 0) {
    await db.insertInto('users').values(extra).execute();
    await db
      .insertInto('user_roles')
      .values(extra.map((user) => ({ user_id: user.id, role: 'reporter', organisation_id: user.organisation_id })))
      .execute();
  }
  return [reporter.email, ...extra.map((user) => user.email)];
}

/**
 * Takes away what migration 0034 adds to every write (its triggers and the two indexes for
 * triage times), so the bench can measure a submission with and without them in the same run.
 */
export async function dropReportCountUpkeep(database: BenchDatabase): Promise<void> {
  const postgres = database.config.kind === 'postgres';
  for (const { table, name } of reportCountTriggers()) {
    await sql.raw(postgres ? `drop trigger ${name} on ${table}` : `drop trigger ${name}`).execute(database.db);
  }
  for (const index of ['concerns_triage_time', 'concerns_untriaged']) {
    await sql.raw(`drop index ${index}`).execute(database.db);
  }
}
