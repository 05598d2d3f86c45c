// Throwaway PostgreSQL databases for the tests and the bench (never used by the running app).
// Each one is a database of its own, cloned from a template migrated once per set of
// migrations: a throwaway schema beside others would let Kysely's introspection read schemas
// that other processes drop, and fail at random.
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { DatabaseConfig } from '../config.ts';
import { type HavenDb, connectDatabase } from './connect.ts';
import { migrateToLatest } from './migrations/index.ts';

export type ThrowawayDatabase = { db: HavenDb; config: DatabaseConfig; drop(): Promise<void> };

/** One short-lived connection to the database named in `url`, for statements such as CREATE DATABASE. */
export async function withAdminClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new, migrated database named `<prefix>_<random>` on the server of `url`, dropped by drop().
 * `url` names a database that already exists (e.g. …/test); it is used only to administer.
 */
export async function createMigratedDatabase(url: string, prefix: string): Promise<ThrowawayDatabase> {
  const template = await ensureTemplate(url);
  return createDatabase(url, prefix, (client, name) => cloneTemplate(client, template, name));
}

/** As createMigratedDatabase, but empty: for tests of what a migration does to older data. */
export async function createEmptyDatabase(url: string, prefix: string): Promise<ThrowawayDatabase> {
  return createDatabase(url, prefix, async (client, name) => {
    await client.query(`create database ${name}`);
  });
}

async function createDatabase(
  url: string,
  prefix: string,
  create: (client: pg.Client, name: string) => Promise<void>,
): Promise<ThrowawayDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await withAdminClient(url, (client) => create(client, name));
  const config: DatabaseConfig = { kind: 'postgres', url: databaseUrl(url, name) };
  const db = connectDatabase(config);
  return {
    db,
    config,
    drop: async () => {
      await db.destroy();
      await withAdminClient(url, (client) => dropDatabase(client, name));
    },
  };
}

function databaseUrl(url: string, database: string): string {
  const address = new URL(url);
  address.pathname = `/${database}`;
  return address.href;
}

// The template is keyed by what the migrations say, so worktrees (or a clean CI clone) with
// different migrations on one server never share a template, and an edited migration gets a new one.
async function ensureTemplate(url: string): Promise<string> {
  const hash = migrationsHash();
  const template = `haven_template_${hash}`;
  return withAdminClient(url, async (client) => {
    if (await databaseExists(client, template)) return template;
    // Two test processes may arrive at once: one builds, the other waits and finds it built.
    await client.query('select pg_advisory_lock(hashtext($1))', [template]);
    try {
      if (await databaseExists(client, template)) return template;
      await dropAbandonedBuilds(client, hash);
      // Built under another name and renamed when complete, so a crash never leaves a half-migrated template.
      const building = `haven_build_${hash}_${randomBytes(4).toString('hex')}`;
      await client.query(`create database ${building}`);
      const db = connectDatabase({ kind: 'postgres', url: databaseUrl(url, building) });
      try {
        await migrateToLatest(db);
      } finally {
        await db.destroy();
      }
      await waitForSessionsToEnd(client, building);
      await client.query(`alter database ${building} rename to ${template}`);
      // Nobody may connect to the template, so nothing can stop it being cloned.
      await client.query(`alter database ${template} with allow_connections false`);
      return template;
    } finally {
      await client.query('select pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
}

// Builds of this hash left by a process that died; safe to drop while we hold its lock.
async function dropAbandonedBuilds(client: pg.Client, hash: string): Promise<void> {
  const { rows } = await client.query<{ datname: string }>(
    "select datname from pg_database where datname like 'haven_build_' || $1 || '_%'",
    [hash],
  );
  for (const { datname } of rows) await client.query(`drop database if exists ${datname} with (force)`);
}

async function cloneTemplate(client: pg.Client, template: string, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(`create database ${name} template ${template}`);
      return;
    } catch (error) {
      // A session still closing on the template (e.g. just after it was built) blocks a clone briefly.
      const busy = error instanceof Error && /being accessed by other users/.test(error.message);
      if (!busy || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await waitForSessionsToEnd(client, name);
  // Forced in case a connection leaked; by now every session of our own has ended.
  await client.query(`drop database if exists ${name} with (force)`);
}

/**
 * pg's pool.end() resolves before the server has closed its sessions, and forcing a drop
 * would kill those closing connections, whose error the ended pool rethrows and crashes on.
 */
async function waitForSessionsToEnd(client: pg.Client, database: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { rows } = await client.query<{ open: number }>(
      'select count(*)::int as open from pg_stat_activity where datname = $1',
      [database],
    );
    if (rows[0]?.open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function databaseExists(client: pg.Client, name: string): Promise<boolean> {
  const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
  return rowCount === 1;
}

let hashOfMigrations: string | undefined;

/** A short hash of every source file the migrations run, following their relative imports. */
function migrationsHash(): string {
  if (hashOfMigrations) return hashOfMigrations;
  const entry = fileURLToPath(new URL('./migrations/index.ts', import.meta.url));
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const match of readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      queue.push(path.resolve(path.dirname(file), match[1] as string));
    }
  }
  const hash = createHash('sha256');
  for (const file of [...seen].sort()) hash.update(path.relative(path.dirname(entry), file)).update(readFileSync(file));
  hashOfMigrations = hash.digest('hex').slice(0, 16);
  return hashOfMigrations;
}
