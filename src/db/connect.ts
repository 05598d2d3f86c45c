import { mkdirSync } from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, type SqliteDatabase, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { HavenPostgresDialect } from './postgres-dialect.ts';
import { QueuedSqliteDialect } from './queued-sqlite-dialect.ts';
import type { Database } from './schema.ts';
import { flushEveryCommit } from './unflushed-commit.ts';

export type HavenDb = Kysely<Database>;

/** Opens Haven's database: embedded SQLite by default, PostgreSQL when a URL is configured. */
export function connectDatabase(config: DatabaseConfig): HavenDb {
  if (config.kind === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: 10,
      ...(config.schema ? { options: `-c search_path=${config.schema}` } : {}),
    });
    // An idle connection closed by the server (a restart, a failover, pg_terminate_backend) is
    // dropped from the pool, which opens a new one when next asked. Without a listener the
    // event would end the process; with one, the instance reconnects without a restart.
    pool.on('error', () => {});
    // A connection ended while checked out but between queries (mid-transaction, awaiting the
    // application) emits 'error' on the client itself, where the pool listens only while it is
    // idle. Kept quiet here: the next query on it fails (a 503), and the pool discards it on release.
    pool.on('connect', (client) => client.on('error', () => {}));
    return new Kysely<Database>({ dialect: new HavenPostgresDialect({ pool }) });
  }
  if (config.file !== ':memory:') mkdirSync(path.dirname(config.file), { recursive: true });
  const database = new SQLite(config.file);
  database.pragma('journal_mode = WAL');
  database.exec(flushEveryCommit);
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  return new Kysely<Database>({ dialect: new QueuedSqliteDialect({ database: withStatementCache(database) }) });
}

const cachedStatements = 500;

/**
 * Kysely prepares every query afresh; better-sqlite3 frees a statement's native memory only
 * when the garbage collector gets round to its wrapper, so under load the process grew by
 * hundreds of megabytes outside the JavaScript heap, and each request paid to parse its SQL
 * again. Haven's queries are a fixed set of shapes, so the most recent are kept prepared.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(source) {
      const cached = statements.get(source);
      // A statement still iterating (a streamed query) cannot run twice at once.
      if (cached && !cached.busy) {
        statements.delete(source);
        statements.set(source, cached);
        return cached;
      }
      const statement = database.prepare(source);
      if (!cached) statements.set(source, statement);
      if (statements.size > cachedStatements) statements.delete(statements.keys().next().value!);
      return statement;
    },
  };
}

/** True when the database answers a trivial query; used by /healthz. */
export async function isDatabaseReachable(db: HavenDb): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}

/**
 * The SQLite file itself, outside Kysely, for backup and restore: better-sqlite3's online backup
 * API and integrity checks need the driver. Read-only unless writing is asked for.
 */
export function openSqliteFile(file: string, { readonly = true } = {}): SQLite.Database {
  return new SQLite(file, { readonly, fileMustExist: true });
}

/** A consistent copy of a live SQLite database (online backup API: writers may carry on). */
export async function backupSqliteFile(source: string, destination: string): Promise<void> {
  const database = openSqliteFile(source);
  try {
    await database.backup(destination);
  } finally {
    database.close();
  }
}
