import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.ts';
import { type HavenDb, connectDatabase } from '../src/db/connect.ts';
import { seedDemoData } from '../src/db/demo-data.ts';
import { migrateToLatest } from '../src/db/migrations/index.ts';

export type Dialect = 'sqlite' | 'postgres';

export type BenchDatabase = { db: HavenDb; config: DatabaseConfig; drop(): Promise<void> };

/** What a submission refers to: real ids from the seeded City organisation. */
export type SeededIds = { organisationId: string; reporterId: string; serviceAreaId: string; categoryId: string };

/** A fresh, migrated database holding the demo organisations, dropped by drop(). */
export async function createSeededDatabase(dialect: Dialect, postgresUrl?: string): Promise<BenchDatabase> {
  const database = dialect === 'postgres' ? await createPostgresDatabase(postgresUrl) : createSqliteFile();
  try {
    await migrateToLatest(database.db);
    await seedDemoData(database.db);
    return database;
  } catch (error) {
    await database.drop();
    throw error;
  }
}

function createSqliteFile(): BenchDatabase {
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-bench-'));
  const config: DatabaseConfig = { kind: 'sqlite', file: path.join(folder, 'haven.sqlite') };
  const db = connectDatabase(config);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

/**
 * A throwaway PostgreSQL database rather than test/support's throwaway schema: Haven's
 * migrator looks for its lock table in every schema of the database, so a new schema
 * fails to migrate while any other Haven schema (a concurrent test run) exists beside it.
 */
async function createPostgresDatabase(url: string | undefined): Promise<BenchDatabase> {
  if (!url) throw new Error('the PostgreSQL benchmark needs TEST_DATABASE_URL');
  const name = `haven_bench_${randomBytes(6).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create database ${name}`));
  const databaseUrl = new URL(url);
  databaseUrl.pathname = `/${name}`;
  const config: DatabaseConfig = { kind: 'postgres', url: databaseUrl.href };
  const db = connectDatabase(config);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      await withAdminClient(url, async (client) => {
        await waitForSessionsToEnd(client, name);
        await client.query(`drop database ${name}`);
      });
    },
  };
}

/**
 * pg's pool.end() resolves before the server has closed its sessions, and forcing the drop
 * would kill those closing connections, whose error the ended pool rethrows and crashes on.
 */
async function waitForSessionsToEnd(client: pg.Client, database: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await client.query('select count(*)::int as open from pg_stat_activity where datname = $1', [
      database,
    ]);
    if (rows[0]?.open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
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
  if (extra.length > 0) await db.insertInto('users').values(extra).execute();
  return [reporter.email, ...extra.map((user) => user.email)];
}
