import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { openSqliteFile } from '../db/connect.ts';
import { BackupRefusal } from './backup-error.ts';
import { type TableDigests, latestMigration, postgresTableDigests, sqliteTableDigests } from './table-checksums.ts';

export type DatabaseDigest = { tables: TableDigests; migration: string | null };

/** Table checksums and the last migration of a SQLite file (which must exist). */
export function digestSqliteFile(file: string): DatabaseDigest {
  const database = openSqliteFile(file);
  try {
    return { tables: sqliteTableDigests(database), migration: sqliteMigration(database) };
  } finally {
    database.close();
  }
}

function sqliteMigration(database: ReturnType<typeof openSqliteFile>): string | null {
  const known = database
    .prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'")
    .get();
  if (!known) return null;
  return latestMigration(database.prepare('select name from kysely_migration').all() as { name: string }[]);
}

export async function postgresMigration(client: pg.ClientBase): Promise<string | null> {
  const { rows } = await client.query<{ known: boolean }>(
    "select to_regclass('kysely_migration') is not null as known",
  );
  if (!rows[0]?.known) return null;
  return latestMigration((await client.query<{ name: string }>('select name from kysely_migration')).rows);
}

/** One connection to the configured PostgreSQL database, ended after `work`. */
export async function withPostgresClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The configured database as it is now; an absent SQLite file is an empty database. */
export async function digestConfiguredDatabase(
  database: DatabaseConfig,
  sqliteFileExists: boolean,
): Promise<DatabaseDigest> {
  if (database.kind === 'sqlite') {
    return sqliteFileExists ? digestSqliteFile(database.file) : { tables: {}, migration: null };
  }
  return withPostgresClient(database.url, async (client) => ({
    tables: await postgresTableDigests(client),
    migration: await postgresMigration(client),
  }));
}

/** Backups of one schema among others on a server are not built yet: refused rather than half done. */
export function refuseSchema(database: DatabaseConfig): void {
  if (database.kind === 'postgres' && database.schema) {
    throw new BackupRefusal('Backup and restore of a PostgreSQL schema (DATABASE_SCHEMA) is not supported yet.');
  }
}
