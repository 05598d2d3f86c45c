import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The person index (issue 4): one record per real person, so concerns about the same person or
// household link up and each person has a chronology across their concerns (procedures 14.8).
export const personIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      // Null: not known yet, as on the concern the record came from.
      .addColumn('name', 'text')
      .addColumn('date_of_birth', 'text')
      // An approximate age only means something with the date it was given on, since ages move.
      .addColumn('approximate_age', 'integer')
      .addColumn('approximate_age_on', 'text')
      .addColumn('address', 'text')
      // Made by the application (domain/person-match.ts), so finding candidates works the same on
      // SQLite and PostgreSQL, whose lower() and accents differ: "zoe oneil", "OX14AB".
      .addColumn('name_key', 'text')
      .addColumn('postcode', 'text')
      // People at one address can share a household id; there is nothing else to a household.
      .addColumn('household_id', 'text')
      // A merged duplicate points at the record kept, and is never deleted.
      .addColumn('merged_into_id', 'text', (c) => c.references('people.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .execute();
    await db.schema.createIndex('people_household').on('people').columns(['organisation_id', 'household_id']).execute();
    await db.schema
      .createIndex('people_date_of_birth')
      .on('people')
      .columns(['organisation_id', 'date_of_birth'])
      .execute();
    await db.schema.createIndex('people_postcode').on('people').columns(['organisation_id', 'postcode']).execute();
    await db.schema
      .createIndex('people_merged_into')
      .on('people')
      .columns(['merged_into_id', 'organisation_id'])
      .execute();

    // Which index person each person named on a concern is; their role stays on concern_people.
    await db.schema
      .alterTable('concern_people')
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .execute();
    // Covers "the concerns this person is on", the start of every person page and chronology.
    await db.schema
      .createIndex('concern_people_person')
      .on('concern_people')
      .columns(['person_id', 'concern_id'])
      .execute();

    // Changes to the index itself: created, linked, merged, household joined or left. concern_id
    // is set when the change came from a concern, so it can be hidden with a restricted concern.
    await db.schema
      .createTable('person_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('concern_id', 'text', (c) => c.references('concerns.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('person_events_person')
      .on('person_events')
      .columns(['organisation_id', 'person_id', 'at'])
      .execute();
  },
};
