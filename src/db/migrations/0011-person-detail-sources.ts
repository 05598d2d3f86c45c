import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Each detail of a person index record remembers the concern it came from (issue 11.5), so a
// name or address recorded only on a restricted concern stays with those who may see that
// concern after any merge. Existing records take, for each detail, the earliest linked concern
// that recorded that very value.
const sources = [
  ['name_from_concern_id', 'name', 'name'],
  ['date_of_birth_from_concern_id', 'date_of_birth', 'date_of_birth'],
  ['approximate_age_from_concern_id', 'approximate_age', 'approximate_age'],
  ['address_from_concern_id', 'address', 'address'],
] as const;

export const personDetailSources: Migration = {
  async up(db: Kysely<unknown>) {
    for (const [column, detail, recorded] of sources) {
      await db.schema.alterTable('people').addColumn(column, 'text').execute();
      await sql`
        update people set ${sql.ref(column)} = (
          select concern_people.concern_id
          from concern_people
          join concerns on concerns.id = concern_people.concern_id
          where concern_people.person_id = people.id
            and concern_people.${sql.ref(recorded)} = people.${sql.ref(detail)}
          order by concerns.created_at
          limit 1
        )
        where people.${sql.ref(detail)} is not null
      `.execute(db);
    }
  },
};
