import { type Kysely, PostgresAdapter } from 'kysely';

/**
 * Whether this database (or transaction) is PostgreSQL. The one place queries may ask: row
 * locks such as FOR UPDATE SKIP LOCKED exist there, while SQLite has a single writer anyway.
 */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  // getExecutor() is marked internal, but its adapter is the dialect's own answer to "what am I".
  return db.getExecutor().adapter instanceof PostgresAdapter;
}
