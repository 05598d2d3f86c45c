import { createHash } from 'node:crypto';
import type SQLite from 'better-sqlite3';
import type pg from 'pg';

/** Row count and a checksum of one table's contents, the same however its rows are stored. */
export type TableDigest = { rows: number; sha256: string };
export type TableDigests = Record<string, TableDigest>;

type Row = Record<string, unknown>;

/**
 * Each row becomes its columns in name order as JSON, hashed; the row hashes are sorted and
 * hashed again. Sorting the row hashes rather than ordering by primary key makes the checksum
 * the same for tables without a single-column key (user_roles) and for FTS5's own tables, and
 * independent of the order the database returns rows in.
 */
function digestRows(rows: Iterable<Row>): TableDigest {
  const rowHashes: string[] = [];
  for (const row of rows) {
    const values = Object.keys(row)
      .sort()
      .map((column) => [column, canonical(row[column])]);
    rowHashes.push(createHash('sha256').update(JSON.stringify(values)).digest('hex'));
  }
  rowHashes.sort();
  const table = createHash('sha256');
  for (const rowHash of rowHashes) table.update(rowHash);
  return { rows: rowHashes.length, sha256: table.digest('hex') };
}

function canonical(value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value.toISOString();
  return value;
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every table of a SQLite database (FTS5's tables included, SQLite's internal ones not). */
export function sqliteTableDigests(database: SQLite.Database): TableDigests {
  const tables = database
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite\\_%' escape '\\' order by name",
    )
    .all() as { name: string }[];
  const digests: TableDigests = {};
  for (const { name } of tables) {
    digests[name] = digestRows(database.prepare(`select * from ${quoted(name)}`).iterate() as Iterable<Row>);
  }
  return digests;
}

/** Every table in the connection's current schema; rows are read whole, one table at a time. */
export async function postgresTableDigests(client: pg.ClientBase): Promise<TableDigests> {
  const { rows: tables } = await client.query<{ name: string }>(
    "select table_name as name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name",
  );
  const digests: TableDigests = {};
  for (const { name } of tables) {
    const { rows } = await client.query<Row>(`select * from ${quoted(name)}`);
    digests[name] = digestRows(rows);
  }
  return digests;
}

/**
 * True when the database holds records: every record belongs to an organisation, while a freshly
 * migrated database has rows only in bookkeeping tables (migrations, FTS5's configuration).
 */
export function holdsData(digests: TableDigests): boolean {
  return (digests['organisations']?.rows ?? 0) > 0;
}

/** The last migration applied, from Kysely's bookkeeping table; null for an empty database. */
export function latestMigration(rows: readonly { name: string }[]): string | null {
  return (
    rows
      .map((row) => row.name)
      .sort()
      .at(-1) ?? null
  );
}

/** Lines naming each table whose rows differ from the manifest. */
export function compareTables(expected: TableDigests, found: TableDigests): string[] {
  const differences: string[] = [];
  for (const [table, digest] of Object.entries(expected)) {
    const actual = found[table];
    if (!actual) differences.push(`table ${table} is missing`);
    else if (actual.rows !== digest.rows)
      differences.push(`table ${table} has ${actual.rows} rows, backup had ${digest.rows}`);
    else if (actual.sha256 !== digest.sha256)
      differences.push(`table ${table} has the same number of rows but different contents`);
  }
  for (const table of Object.keys(found)) {
    if (!expected[table]) differences.push(`table ${table} is not in the backup`);
  }
  return differences;
}
