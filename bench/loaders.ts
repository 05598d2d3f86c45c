import SQLite from 'better-sqlite3';
import pg from 'pg';
import type { DatabaseConfig } from '../src/config.ts';
import { rebuildReportCountsSql } from '../src/db/migrations/0034-concern-report-counts.ts';
import { type Row, type SearchRow, type Table, columns } from '../src/db/synthetic-data.ts';

// Bulk writers for the synthetic data: a benchmark's loading is not app code, so these talk to
// the database drivers directly, one transaction and as few statements as each dialect allows.

export type Loader = {
  /** The order tables are written in within a chunk. */
  readonly order: readonly Table[];
  insert(table: Table, rows: readonly Row[]): Promise<void>;
  /**
   * The concerns' search documents, from the plaintext the generator kept (the columns hold
   * ciphertext since issue 13, so no trigger or SQL function can build them).
   */
  index(rows: readonly SearchRow[]): Promise<void>;
  /** Commits, rebuilds what triggers would have kept, and brings the planner's statistics up to date. */
  finish(): Promise<{ derivedMs: number; analyzeMs: number }>;
  /** Rolls back and closes, after a failure. */
  abort(): Promise<void>;
};

export function openLoader(config: DatabaseConfig): Promise<Loader> {
  return config.kind === 'postgres' ? openPostgresLoader(config.url) : Promise.resolve(openSqliteLoader(config.file));
}

// SQLite allows 32,766 parameters a statement; a few hundred rows each is where gains stop.
const sqliteRowsPerStatement = 500;

/**
 * One transaction on a second connection to the file, prepared multi-row INSERTs. Foreign keys
 * are off on this connection only, so a concern's people and categories can go in before the
 * concern: a trigger that indexes a concern (0009's search) then finds all of it at once.
 */
function openSqliteLoader(file: string): Loader {
  const database = new SQLite(file);
  database.pragma('foreign_keys = OFF');
  database.pragma('synchronous = OFF');
  database.pragma('cache_size = -2097152');
  database.pragma('temp_store = MEMORY');
  const statements = new Map<string, SQLite.Statement>();
  const statement = (table: Table, rows: number) => {
    const key = `${table}:${rows}`;
    let prepared = statements.get(key);
    if (!prepared) {
      const tuple = `(${columns[table].map(() => '?').join(', ')})`;
      prepared = database.prepare(
        `insert into ${table} (${columns[table].join(', ')}) values ${Array(rows).fill(tuple).join(', ')}`,
      );
      statements.set(key, prepared);
    }
    return prepared;
  };
  const searchRow = database.prepare('insert into concern_search_rows (concern_id) values (?)');
  const searchDocument = database.prepare(
    'insert into concern_search (rowid, reference, names, account, added) values (?, ?, ?, ?, ?)',
  );
  database.exec('begin');
  return {
    order: [
      'people',
      'concern_people',
      'concern_categories',
      'concerns',
      'concern_events',
      'concern_actions',
      'referrals',
      'person_events',
      'audit_events',
    ],
    insert: async (table, rows) => {
      for (let at = 0; at < rows.length; at += sqliteRowsPerStatement) {
        const slice = rows.slice(at, at + sqliteRowsPerStatement);
        statement(table, slice.length).run(slice.flat());
      }
    },
    index: async (rows) => {
      for (const row of rows) {
        const { lastInsertRowid } = searchRow.run(row.concernId);
        searchDocument.run(lastInsertRowid, row.reference, ...searchTexts(row));
      }
    },
    finish: async () => {
      try {
        database.exec('commit');
        const started = performance.now();
        database.exec('analyze');
        database.pragma('wal_checkpoint(TRUNCATE)');
        // The search documents went in with their concerns, so nothing is left to rebuild.
        return { derivedMs: 0, analyzeMs: performance.now() - started };
      } finally {
        if (database.inTransaction) database.exec('rollback');
        database.close();
      }
    },
    abort: async () => {
      if (database.inTransaction) database.exec('rollback');
      database.close();
    },
  };
}

// Rows per statement on PostgreSQL: one array parameter per column, so no parameter limit applies.
const postgresRowsPerStatement = 10_000;

const postgresOrder: Table[] = [
  'people',
  'concerns',
  'concern_people',
  'concern_categories',
  'concern_events',
  'concern_actions',
  'referrals',
  'person_events',
  'audit_events',
];

/**
 * One transaction, `INSERT … SELECT FROM unnest($1::text[], $2::integer[], …)`: a statement
 * takes ten thousand rows as one array per column. The tables' triggers (0009's search
 * documents) are off while loading, as are foreign key checks when the role may turn them off
 * (a superuser, as in TEST_DATABASE_URL): row by row they made the load several times slower,
 * and the generator refers only to rows it made or read. Search documents are then made after
 * the commit, as migration 0009 makes them for concerns that exist already, and migration 0034's
 * report counts are recounted as that migration counts them.
 */
async function openPostgresLoader(url: string): Promise<Loader> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const statements = await insertStatements(client);
    const superuser = (await client.query('select rolsuper from pg_roles where rolname = current_user')).rows[0]
      ?.rolsuper as boolean;
    const triggered = superuser ? [] : await tablesWithTriggers(client);
    await client.query('begin');
    await client.query('set local synchronous_commit = off');
    // Replica: neither triggers nor the foreign keys' own checks fire, for this transaction only.
    if (superuser) await client.query('set local session_replication_role = replica');
    for (const table of triggered) await client.query(`alter table ${table} disable trigger user`);
    return {
      order: postgresOrder,
      insert: async (table, rows) => {
        for (let at = 0; at < rows.length; at += postgresRowsPerStatement) {
          const slice = rows.slice(at, at + postgresRowsPerStatement);
          await client.query(
            statements(table),
            columns[table].map((_, c) => slice.map((row) => row[c])),
          );
        }
      },
      index: async (rows) => {
        for (let at = 0; at < rows.length; at += postgresRowsPerStatement) {
          const slice = rows.slice(at, at + postgresRowsPerStatement);
          const texts = slice.map(searchTexts);
          await client.query(
            `insert into concern_search (concern_id, document)
             select id, setweight(concern_search_words(reference), 'A') || setweight(concern_search_words(names), 'A') ||
               setweight(concern_search_words(account), 'B') || setweight(concern_search_words(added), 'C')
             from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as t(id, reference, names, account, added)`,
            [
              slice.map((row) => row.concernId),
              slice.map((row) => row.reference),
              texts.map((text) => text[0]),
              texts.map((text) => text[1]),
              texts.map((text) => text[2]),
            ],
          );
        }
      },
      finish: async () => {
        try {
          for (const table of triggered) await client.query(`alter table ${table} enable trigger user`);
          await client.query('commit');
        } catch (error) {
          await client.query('rollback').catch(() => undefined);
          await client.end();
          throw error;
        }
        try {
          // The search documents went in with their concerns (index); the report counts are made here at once.
          const rebuilding = performance.now();
          await rebuildReportCounts(client);
          const derivedMs = performance.now() - rebuilding;
          const analyzing = performance.now();
          // Autovacuum would have done this on a database that grew over three years.
          await client.query('vacuum analyze');
          return { derivedMs, analyzeMs: performance.now() - analyzing };
        } finally {
          await client.end();
        }
      },
      abort: async () => {
        await client.query('rollback').catch(() => undefined);
        await client.end();
      },
    };
  } catch (error) {
    await client.end();
    throw error;
  }
}

/** `insert … select * from unnest(…)` for each table, each array cast to its column's type. */
async function insertStatements(client: pg.Client): Promise<(table: Table) => string> {
  const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string }>(
    'select table_name, column_name, data_type from information_schema.columns where table_schema = current_schema()',
  );
  const types = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row.data_type]));
  return (table) => {
    const arrays = columns[table].map((column, i) => {
      const type = types.get(`${table}.${column}`);
      if (!type) throw new Error(`the synthetic data expects ${table}.${column}, which the schema does not have`);
      return `$${i + 1}::${type}[]`;
    });
    return `insert into ${table} (${columns[table].join(', ')}) select * from unnest(${arrays.join(', ')})`;
  };
}

/** Migration 0034's summary, recounted as its migration counts it, with the triggers quiet meanwhile. */
async function rebuildReportCounts(client: pg.Client): Promise<void> {
  await client.query('begin');
  try {
    await client.query('set local session_replication_role = replica');
    for (const statement of rebuildReportCountsSql('postgres')) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  }
}

async function tablesWithTriggers(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ relname: string }>(
    `select distinct c.relname from pg_trigger t join pg_class c on c.oid = t.tgrelid
     where not t.tgisinternal and c.relnamespace = current_schema()::regnamespace and c.relname = any($1)`,
    [postgresOrder],
  );
  return rows.map((row) => row.relname);
}

/** A search document's names, account and added text, each joined as db/full-text-search.ts joins them. */
function searchTexts(row: SearchRow): [string, string, string] {
  const joined = (parts: ReadonlyArray<string | null>) => parts.filter((part) => part).join(' ');
  return [joined(row.names), joined(row.account), joined(row.added)];
}
