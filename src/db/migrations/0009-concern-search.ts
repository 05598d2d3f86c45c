import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// Search across concerns (issue 4) with each database's own full-text search: a search document
// per concern holding its reference, the names of its people, its account and the information
// its reporter added later. Triggers keep the documents in step, so no code path that writes
// concerns has to remember them; concerns that exist already are indexed here.
// The queries that read them are in ../full-text-search.ts.
export const concernSearch: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    if (isPostgres(db)) await createPostgresSearch(db);
    else await createSqliteSearch(db);
  },
};

// Only these columns of a concern feed its document, so triage and status changes rebuild nothing.
const searchedColumns = 'reference, what_happened, location, why_at_risk, visit_purpose';
// Of a concern's timeline, only what its reporter added later (procedures 14.13) is searched.
const added = (row: 'new' | 'old') => `${row}.kind = 'information_added'`;

/**
 * SQLite: an FTS5 table with the Porter stemmer. Its rowid comes from concern_search_rows, an
 * INTEGER PRIMARY KEY that VACUUM never renumbers (concerns' own rowid may change).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createSqliteSearch(db: Kysely<any>) {
  await sql`create table concern_search_rows (id integer primary key, concern_id text not null unique)`.execute(db);
  await sql`
    create virtual table concern_search using fts5(
      reference, names, account, added, tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  const triggers: Array<[name: string, event: string, body: string]> = [
    ['concern_added', 'after insert on concerns', sqliteAddRow('new.id') + sqliteRefresh('new.id')],
    ['concern_changed', `after update of ${searchedColumns} on concerns`, sqliteRefresh('new.id')],
    ['concern_removed', 'after delete on concerns', sqliteRemove('old.id')],
    ['person_added', 'after insert on concern_people', sqliteRefresh('new.concern_id')],
    ['person_changed', 'after update on concern_people', sqliteRefresh('old.concern_id', 'new.concern_id')],
    ['person_removed', 'after delete on concern_people', sqliteRefresh('old.concern_id')],
    ['event_added', `after insert on concern_events when ${added('new')}`, sqliteRefresh('new.concern_id')],
    [
      'event_changed',
      `after update on concern_events when ${added('old')} or ${added('new')}`,
      sqliteRefresh('old.concern_id', 'new.concern_id'),
    ],
    ['event_removed', `after delete on concern_events when ${added('old')}`, sqliteRefresh('old.concern_id')],
  ];
  for (const [name, event, body] of triggers) {
    await sql.raw(`create trigger concern_search_${name} ${event} begin ${body} end`).execute(db);
  }
  await sql`insert into concern_search_rows (concern_id) select id from concerns order by created_at`.execute(db);
  await sql.raw(sqliteDocuments('1 = 1')).execute(db);
}

// The expressions below are fixed column references (new.id, old.concern_id), never input.
const sqliteAddRow = (id: string) => `insert into concern_search_rows (concern_id) values (${id});`;

const sqliteRemove = (id: string) => `
  delete from concern_search where rowid = (select id from concern_search_rows where concern_id = ${id});
  delete from concern_search_rows where concern_id = ${id};`;

const sqliteRefresh = (...ids: string[]) =>
  ids
    .map(
      (id) => `
  delete from concern_search where rowid = (select id from concern_search_rows where concern_id = ${id});
  ${sqliteDocuments(`c.id = ${id}`)};`,
    )
    .join('');

// json_valid: a trigger that failed would refuse the write it follows, so bad JSON is skipped.
const sqliteDocuments = (where: string) => `
  insert into concern_search (rowid, reference, names, account, added)
  select r.id, c.reference,
    (select group_concat(p.name, ' ') from concern_people p where p.concern_id = c.id),
    concat_ws(' ', c.what_happened, c.location, c.why_at_risk, c.visit_purpose),
    (select group_concat(json_extract(e.details, '$.text'), ' ') from concern_events e
      where e.organisation_id = c.organisation_id and e.concern_id = c.id
        and e.kind = 'information_added' and json_valid(e.details))
  from concerns c join concern_search_rows r on r.concern_id = c.id
  where ${where}`;

/**
 * PostgreSQL: a tsvector per concern under a GIN index, English stemming. Punctuation becomes a
 * space first, as in a search (searchPhrases): otherwise "HC-2026-000123" is read as "hc",
 * "-2026", "-000123" and a reference could not be found by its parts. Reference and names
 * weigh most (A), the account next (B), information added later least (C).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createPostgresSearch(db: Kysely<any>) {
  await sql`
    create table concern_search (
      concern_id text primary key references concerns (id) on delete cascade,
      document tsvector not null
    )`.execute(db);
  await sql`create index concern_search_document on concern_search using gin (document)`.execute(db);
  // Accents go too ("Zoë" is found as "Zoe"), as SQLite's remove_diacritics does; normalize()
  // needs a UTF8 database, which is PostgreSQL's default.
  await sql`
    create function concern_search_words(value text) returns tsvector language sql immutable as $$
      select to_tsvector('english', regexp_replace(
        regexp_replace(normalize(coalesce(value, ''), NFD), '[\\u0300-\\u036f]+', '', 'g'),
        '[^[:alnum:]]+', ' ', 'g'))
    $$`.execute(db);
  // As in SQLite: a trigger that failed would refuse the write it follows, so bad JSON is skipped.
  await sql`
    create function concern_search_added_text(details text) returns text language plpgsql immutable as $$
    begin
      return details::json ->> 'text';
    exception when others then
      return null;
    end $$`.execute(db);
  // "set search_path from current" pins the schema these were made in, whoever calls them.
  await sql`
    create function concern_search_refresh(target text) returns void
    language sql set search_path from current as $$
      insert into concern_search (concern_id, document)
      select c.id,
        setweight(concern_search_words(c.reference), 'A') ||
        setweight(concern_search_words(
          (select string_agg(p.name, ' ') from concern_people p where p.concern_id = c.id)), 'A') ||
        setweight(concern_search_words(
          concat_ws(' ', c.what_happened, c.location, c.why_at_risk, c.visit_purpose)), 'B') ||
        setweight(concern_search_words(
          (select string_agg(concern_search_added_text(e.details), ' ') from concern_events e
            where e.organisation_id = c.organisation_id and e.concern_id = c.id
              and e.kind = 'information_added')), 'C')
      from concerns c where c.id = target
      on conflict (concern_id) do update set document = excluded.document
    $$`.execute(db);
  // The trigger's argument names the column holding the concern's id in the changed table.
  await sql`
    create function concern_search_changed() returns trigger
    language plpgsql set search_path from current as $$
    begin
      if tg_op <> 'INSERT' then perform concern_search_refresh(to_jsonb(old) ->> tg_argv[0]); end if;
      if tg_op <> 'DELETE' then perform concern_search_refresh(to_jsonb(new) ->> tg_argv[0]); end if;
      return null;
    end $$`.execute(db);
  const triggers: Array<[name: string, event: string, idColumn: string]> = [
    ['concerns', `after insert or update of ${searchedColumns} on concerns for each row`, 'id'],
    ['people', 'after insert or update or delete on concern_people for each row', 'concern_id'],
    ['event_added', `after insert on concern_events for each row when (${added('new')})`, 'concern_id'],
    [
      'event_changed',
      `after update on concern_events for each row when (${added('old')} or ${added('new')})`,
      'concern_id',
    ],
    ['event_removed', `after delete on concern_events for each row when (${added('old')})`, 'concern_id'],
  ];
  for (const [name, event, idColumn] of triggers) {
    await sql
      .raw(`create trigger concern_search_${name} ${event} execute function concern_search_changed('${idColumn}')`)
      .execute(db);
  }
  await sql`select concern_search_refresh(id) from concerns`.execute(db);
}
