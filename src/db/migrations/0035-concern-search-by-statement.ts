import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// PostgreSQL: new concerns' search documents made once per INSERT statement, not once per row
// (issue 9: a 100,000-row history import spent most of its time here). 0009's row trigger ran
// a PL/pgSQL function per concern that called a SQL function, planned afresh each call; now an
// insert of a thousand concerns makes their thousand documents in one set-based statement from
// the statement's transition table. Documents are the same as concern_search_refresh makes
// (0009; keep the two in step). Updates of a concern's searched columns keep 0009's row trigger:
// a transition table cannot serve a trigger on two events. SQLite has no statement triggers:
// its FTS5 row trigger stays as it is.
export const concernSearchByStatement: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    await sql`
      create function concern_search_concerns_added() returns trigger
      language plpgsql set search_path from current as $$
      begin
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
        from added c
        on conflict (concern_id) do update set document = excluded.document;
        return null;
      end $$`.execute(db);
    await sql`drop trigger concern_search_concerns on concerns`.execute(db);
    await sql`
      create trigger concern_search_concerns_changed
      after update of reference, what_happened, location, why_at_risk, visit_purpose on concerns
      for each row execute function concern_search_changed('id')`.execute(db);
    await sql`
      create trigger concern_search_concerns_added after insert on concerns
      referencing new table as added for each statement execute function concern_search_concerns_added()`.execute(db);
  },
};
