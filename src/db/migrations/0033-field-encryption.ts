import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// Encryption at rest of special-category free text (issue 13).
// - field_encryption_keys: one check value per key id that has ever encrypted here, so a start
//   with a missing or different key stops Haven before anything is read (field-encryption/startup-check.ts).
// - field_encryption_state: whether rows written before this migration have been encrypted. A
//   migration cannot reach the keys (configuration is the composition root's), so the start-up
//   step encrypts them, in batches, under the startup lock, and marks it done here.
// - Search no longer reads the concern's columns through triggers (they hold ciphertext now): the
//   application writes each concern's document from the plaintext it has (db/full-text-search.ts).
//   SQLite's FTS5 table becomes contentless (it keeps the index only, no readable copy of the
//   text); PostgreSQL's tsvector already holds lexemes and positions only. Existing documents are
//   rebuilt here from the columns, which are still plaintext when this runs.
export const fieldEncryption: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('field_encryption_keys')
      .addColumn('key_id', 'text', (col) => col.primaryKey())
      .addColumn('check_value', 'text', (col) => col.notNull())
      .addColumn('created_at', 'text', (col) => col.notNull())
      .execute();
    await db.schema
      .createTable('field_encryption_state')
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('done_at', 'text')
      .execute();
    await db.insertInto('field_encryption_state').values({ name: 'existing-rows-encrypted', done_at: null }).execute();
    if (isPostgres(db)) await postgresSearch(db);
    else await sqliteSearch(db);
  },
};

const triggerNames = [
  'concern_added',
  'concern_changed',
  'concern_removed',
  'person_added',
  'person_changed',
  'person_removed',
  'event_added',
  'event_changed',
  'event_removed',
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function sqliteSearch(db: Kysely<any>) {
  for (const name of triggerNames) await sql.raw(`drop trigger if exists concern_search_${name}`).execute(db);
  await sql`drop table concern_search`.execute(db);
  // contentless_delete (SQLite 3.43): a row can be replaced by its rowid without its old text.
  await sql`
    create virtual table concern_search using fts5(
      reference, names, account, added, content = '', contentless_delete = 1,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  await sql`
    insert into concern_search_rows (concern_id)
    select id from concerns where id not in (select concern_id from concern_search_rows) order by created_at`.execute(
    db,
  );
  await sql`
    insert into concern_search (rowid, reference, names, account, added)
    select r.id, c.reference,
      (select group_concat(p.name, ' ') from concern_people p where p.concern_id = c.id),
      concat_ws(' ', c.what_happened, c.location, c.why_at_risk, c.visit_purpose),
      (select group_concat(json_extract(e.details, '$.text'), ' ') from concern_events e
        where e.organisation_id = c.organisation_id and e.concern_id = c.id
          and e.kind = 'information_added' and json_valid(e.details))
    from concerns c join concern_search_rows r on r.concern_id = c.id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function postgresSearch(db: Kysely<any>) {
  for (const name of ['concerns', 'people', 'event_added', 'event_changed', 'event_removed']) {
    await sql
      .raw(
        `drop trigger if exists concern_search_${name} on ${name === 'concerns' ? 'concerns' : name === 'people' ? 'concern_people' : 'concern_events'}`,
      )
      .execute(db);
  }
  await sql`drop function if exists concern_search_changed()`.execute(db);
  await sql`drop function if exists concern_search_refresh(text)`.execute(db);
  await sql`drop function if exists concern_search_added_text(text)`.execute(db);
  // concern_search_words stays: the application passes it the plaintext as a parameter.
}
