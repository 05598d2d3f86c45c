import { sql } from 'kysely';
import type { HavenDb } from '../../src/db/connect.ts';
import { testDialect } from './database.ts';

/**
 * Changes the stored audit as someone with the database owner's rights could: on PostgreSQL
 * with triggers switched off for one transaction (superuser), on SQLite by dropping them.
 */
export async function tamperWithAudit(db: HavenDb, work: (trx: HavenDb) => Promise<unknown>): Promise<void> {
  if (testDialect === 'postgres') {
    await db.transaction().execute(async (trx) => {
      await sql`set local session_replication_role = replica`.execute(trx);
      await work(trx);
    });
    return;
  }
  for (const trigger of [
    'audit_events_kept_as_written',
    'audit_events_not_removed',
    'audit_chain_heads_only_forward',
    'audit_chain_heads_kept',
    'audit_listings_kept_as_written',
    'audit_listings_not_removed',
    'audit_listing_members_kept_as_written',
    'audit_listing_members_not_removed',
  ]) {
    await sql`drop trigger if exists ${sql.id(trigger)}`.execute(db);
  }
  await work(db);
}
