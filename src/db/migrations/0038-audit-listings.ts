import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// Listed pages audited as one event per list (issue 7 §7; domain/audit-listing.ts). A page that
// lists a hundred concerns wrote a hundred audit rows each time it was read, and the triage
// queue is read all day: most of the page's time and most of the audit table. Now the event's
// subject is a listing (subject_type 'listing'), and each distinct list's members are kept here
// once. "Who has seen this concern" reads the concern's own events and those of the listings
// that hold it (audit_listing_members_subject). Like audit events, listings are kept as
// written: PostgreSQL's triggers refuse any change or removal, and on either database the
// verification of the audit chains recomputes each listing's id from its members.
export const auditListings: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit_listings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('members', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('audit_listing_members')
      .addColumn('listing_id', 'text', (c) => c.notNull().references('audit_listings.id'))
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_listing_members_pk', ['listing_id', 'subject_id'])
      .execute();
    await db.schema
      .createIndex('audit_listing_members_subject')
      .on('audit_listing_members')
      .columns(['subject_id', 'listing_id'])
      .execute();
    await db.schema.createIndex('audit_listings_organisation').on('audit_listings').column('organisation_id').execute();
    if (isPostgres(db)) await refuseChangesOnPostgres(db);
    else await refuseChangesOnSqlite(db);
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async down(db: Kysely<any>) {
    await db.schema.dropTable('audit_listing_members').execute();
    await db.schema.dropTable('audit_listings').execute();
  },
};

// The function is migration 0026's: the same refusal, in the same words.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function refuseChangesOnPostgres(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_listings', 'audit_listing_members']) {
    await sql`
      create trigger ${sql.raw(`${table}_kept_as_written`)} before update or delete on ${sql.table(table)}
      for each row execute function haven_refuse_audit_change()`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_not_truncated`)} before truncate on ${sql.table(table)}
      for each statement execute function haven_refuse_audit_change()`.execute(db);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function refuseChangesOnSqlite(db: Kysely<any>): Promise<void> {
  for (const table of ['audit_listings', 'audit_listing_members']) {
    await sql`
      create trigger ${sql.raw(`${table}_kept_as_written`)} before update on ${sql.table(table)}
      begin select raise(abort, 'audit listings are kept as written: update refused'); end`.execute(db);
    await sql`
      create trigger ${sql.raw(`${table}_not_removed`)} before delete on ${sql.table(table)}
      begin select raise(abort, 'audit listings are kept as written: delete refused'); end`.execute(db);
  }
}
