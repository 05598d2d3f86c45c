import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Failed sign-ins counted per account and per address (issue 11), in the database so every Haven
// instance sharing it counts the same guesses. Keys are keyed hashes: never an email or address.
export const signInThrottles: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('sign_in_throttles')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('window_started_at', 'text', (c) => c.notNull())
      .addColumn('last_failure_at', 'text', (c) => c.notNull())
      .execute();
  },
};
