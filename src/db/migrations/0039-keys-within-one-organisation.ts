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

/** A key of `column` and the row's organisation_id to the same pair in `references`. */
type KeyWithinOrganisation = {
  table: string;
  column: string;
  references: string;
  /** Whether it also stands for the row's own key to organisations (one key a table does). */
  coversOrganisation: boolean;
};

const keys: readonly KeyWithinOrganisation[] = [
  { table: 'concerns', column: 'service_area_id', references: 'service_areas', coversOrganisation: true },
  { table: 'concerns', column: 'reporter_id', references: 'users', coversOrganisation: false },
  { table: 'concern_categories', column: 'category_id', references: 'categories', coversOrganisation: true },
  { table: 'audit_events', column: 'actor_id', references: 'users', coversOrganisation: true },
];

/** e.g. concerns_service_area_of_organisation */
const keyName = ({ table, column }: KeyWithinOrganisation) =>
  `${table}_${column.slice(0, -'_id'.length)}_of_organisation`;

/** The single-column keys a key replaces, as [column, referenced table]. */
const replaced = (key: KeyWithinOrganisation): Array<[string, string]> => [
  [key.column, key.references],
  ...(key.coversOrganisation ? [['organisation_id', 'organisations'] as [string, string]] : []),
];

/** PostgreSQL's name for a single-column key the earlier migrations made. */
const singleKeyName = (table: string, column: string) => `${table}_${column}_fkey`;

/** Each referenced table's id is unique with its organisation, so a key can name both. */
const referenced = [...new Set(keys.map((key) => key.references))];
const uniqueName = (table: string) => `${table}_id_organisation`;

export const keysWithinOneOrganisation: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    for (const table of referenced)
      await sql
        .raw(`alter table ${table} add constraint ${uniqueName(table)} unique (id, organisation_id)`)
        .execute(db);
    for (const key of keys) {
      const drops = replaced(key).map(([column]) => `drop constraint ${singleKeyName(key.table, column)}`);
      await sql
        .raw(
          `alter table ${key.table} ${drops.join(', ')}, add constraint ${keyName(key)}
            foreign key (${key.column}, organisation_id) references ${key.references} (id, organisation_id)`,
        )
        .execute(db);
    }
  },
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async down(db: Kysely<any>) {
    if (!isPostgres(db)) return;
    for (const key of keys) {
      const adds = replaced(key).map(
        ([column, target]) =>
          `add constraint ${singleKeyName(key.table, column)} foreign key (${column}) references ${target} (id)`,
      );
      await sql.raw(`alter table ${key.table} drop constraint ${keyName(key)}, ${adds.join(', ')}`).execute(db);
    }
    for (const table of referenced)
      await sql.raw(`alter table ${table} drop constraint ${uniqueName(table)}`).execute(db);
  },
};
