import { sql } from 'kysely';
import type { HavenDb } from './connect.ts';
import { isPostgres } from './dialect.ts';

// One number for every Haven on a PostgreSQL database: "Haven start" as text, hashed by the server.
const startupLockName = 'haven:startup';

/**
 * Runs `work` (migrations, demo data) while no other Haven instance on the same PostgreSQL
 * database is doing the same: a session advisory lock held on one pinned connection, so two
 * instances starting together on an empty database migrate once and the second waits, then
 * finds nothing to do. The lock goes with its connection, so an instance that dies mid-way
 * cannot keep the others waiting. SQLite has one writer and one process: no lock needed.
 */
export async function withStartupLock<T>(db: HavenDb, work: () => Promise<T>): Promise<T> {
  if (!isPostgres(db)) return work();
  return db.connection().execute(async (pinned) => {
    await sql`select pg_advisory_lock(hashtext(${startupLockName}))`.execute(pinned);
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(hashtext(${startupLockName}))`.execute(pinned);
    }
  });
}
