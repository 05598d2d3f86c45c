import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseConfig } from '../../src/config.ts';
import { type HavenDb, connectDatabase } from '../../src/db/connect.ts';
import { migrateToLatest } from '../../src/db/migrations/index.ts';
import { createEmptyDatabase, createMigratedDatabase } from '../../src/db/postgres-admin.ts';

/** Which database this test run uses: the test script runs the same files once per dialect. */
export const testDialect = process.env.HAVEN_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

export type TestDatabase = { db: HavenDb; config: DatabaseConfig; drop(): Promise<void> };

/**
 * A fresh, migrated database of its own: a temporary SQLite file, or a PostgreSQL database
 * cloned from a migrated template, so no other test process can disturb it. Unmigrated when
 * a test runs the migrations itself.
 */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  if (testDialect === 'postgres') {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) throw new Error('HAVEN_TEST_DATABASE=postgres needs TEST_DATABASE_URL');
    return migrated ? createMigratedDatabase(url, 'haven_test') : createEmptyDatabase(url, 'haven_test');
  }
  const folder = mkdtempSync(path.join(tmpdir(), 'haven-test-'));
  const config: DatabaseConfig = { kind: 'sqlite', file: path.join(folder, 'haven.sqlite') };
  const db = connectDatabase(config);
  if (migrated) await migrateToLatest(db);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
