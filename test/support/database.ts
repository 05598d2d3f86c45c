import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/config.ts';
import { type HavenDb, connectDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrations/index.ts';

/** Which database this test run uses: the test script runs the same files once per dialect. */
export const testDialect = process.env.HAVEN_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export type TestDatabase = { db: HavenDb; config: DatabaseConfig; drop(): Promise<void> };

/** A fresh, migrated database: a temporary SQLite file, or a throwaway PostgreSQL schema. */
export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDialect === 'postgres') return createPostgresSchema();
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-test-'));
  const config: DatabaseConfig = { kind: 'sqlite', file: path.join(folder, 'haven.sqlite') };
  const db = connectDatabase(config);
  await migrateToLatest(db);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}

async function createPostgresSchema(): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('HAVEN_TEST_DATABASE=postgres needs TEST_DATABASE_URL');
  const schema = `haven_test_${randomBytes(6).toString('hex')}`;
  await withAdminClient(url, (client) => client.query(`create schema ${schema}`));
  const config: DatabaseConfig = { kind: 'postgres', url, schema };
  const db = connectDatabase(config);
  await migrateToLatest(db, schema);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      await withAdminClient(url, (client) => client.query(`drop schema ${schema} cascade`));
    },
  };
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
