import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// A concern's service area and reporter, a category link's category and an audit event's actor
// belong to the row's own organisation. Until now each was a key of its own (the service area
// exists, the organisation exists) and nothing said they were the same organisation. On
// PostgreSQL each pair is now one key, so a row naming another organisation's service area,
// category or person is refused, and the organisation is known to exist through it. That is also
// fewer checks a row: PostgreSQL checks every key of every row inserted, one lookup each, and
// these checks were 29% of the server's time in the 100,000-row history import (issue 9: 10 keys
// an imported concern before, 6.7 after; the server's CPU −16%, runs taken turn about).
// SQLite keeps its single-column keys: changing a key there means rebuilding the table, and
// its checks cost little.

type CompositeKey = {
  table: string;
  /** The single-column keys this one replaces. */
  replaces: readonly string[];
  name: string;
  columns: readonly [string, 'organisation_id'];
  references: string;
};

const keys: readonly CompositeKey[] = [
  {
    table: 'concerns',
    replaces: ['concerns_service_area_id_fkey', 'concerns_organisation_id_fkey'],
    name: 'concerns_service_area_of_organisation',
    columns: ['service_area_id', 'organisation_id'],
    references: 'service_areas',
  },
  {
    table: 'concerns',
    replaces: ['concerns_reporter_id_fkey'],
    name: 'concerns_reporter_of_organisation',
    columns: ['reporter_id', 'organisation_id'],
    references: 'users',
  },
  {
    table: 'concern_categories',
    replaces: ['concern_categories_category_id_fkey', 'concern_categories_organisation_id_fkey'],
    name: 'concern_categories_category_of_organisation',
    columns: ['category_id', 'organisation_id'],
    references: 'categories',
  },
  {
    table: 'audit_events',
    replaces: ['audit_events_actor_id_fkey', 'audit_events_organisation_id_fkey'],
    name: 'audit_events_actor_of_organisation',
    columns: ['actor_id', 'organisation_id'],
    references: 'users',
  },
];

/** What each referenced table gains: its id is unique with its organisation, so a key can name both. */
const referenced = ['service_areas', 'categories', 'users'] as const;
const uniqueName = (table: string) => `${table}_id_organisation`;

export const keysWithinOneOrganisation: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    for (const table of referenced)
      await sql`alter table ${sql.table(table)} add constraint ${sql.raw(uniqueName(table))} unique (id, organisation_id)`.execute(
        db,
      );
    for (const key of keys) {
      const drops = key.replaces.map((name) => `drop constraint ${name}`).join(', ');
      await sql
        .raw(
          `alter table ${key.table} ${drops}, add constraint ${key.name} foreign key (${key.columns.join(', ')})
            references ${key.references} (id, organisation_id)`,
        )
        .execute(db);
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async down(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    for (const key of keys) {
      const adds = key.replaces.map((name) => {
        const column = name.slice(key.table.length + 1, -'_fkey'.length);
        const target = column === 'organisation_id' ? 'organisations' : key.references;
        return `add constraint ${name} foreign key (${column}) references ${target} (id)`;
      });
      await sql.raw(`alter table ${key.table} drop constraint ${key.name}, ${adds.join(', ')}`).execute(db);
    }
    for (const table of referenced)
      await sql`alter table ${sql.table(table)} drop constraint ${sql.raw(uniqueName(table))}`.execute(db);
  },
};
