import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Retention, legal holds and disposal (issue 13; policy 16).
// - retention_schedules holds only what a coordinator changed: the shipped defaults live in
//   domain/retention-schedule.ts, so a new organisation has them without a row.
// - legal_holds keeps the reason a hold was placed (never copied into audit rows); a lifted hold
//   stays, with who lifted it and when.
// - retention_decisions is each DSL decision at a review date; a disposal or anonymisation is
//   'pending' until the background job claims it with a conditional update and marks it 'done',
//   so two Haven instances never both carry it out. Its row is the stub a disposed concern keeps.
export const retention: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('retention_schedules')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('record_kind', 'text', (c) => c.notNull())
      .addColumn('years', 'integer', (c) => c.notNull())
      .addColumn('retirement_age', 'integer')
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('changed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('retention_schedules_pk', ['organisation_id', 'record_kind'])
      .execute();

    await db.schema
      .createTable('legal_holds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('concern_id', 'text', (c) => c.references('concerns.id'))
      .addColumn('person_id', 'text', (c) => c.references('people.id'))
      .addColumn('category_id', 'text', (c) => c.references('categories.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('placed_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('placed_at', 'text', (c) => c.notNull())
      .addColumn('lifted_by', 'text', (c) => c.references('users.id'))
      .addColumn('lifted_at', 'text')
      .execute();
    await db.schema
      .createIndex('legal_holds_by_organisation')
      .on('legal_holds')
      .columns(['organisation_id', 'lifted_at'])
      .execute();

    await db.schema
      .createTable('retention_decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      /** keep | dispose | anonymise */
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('keep_until', 'text')
      .addColumn('record_kind', 'text', (c) => c.notNull())
      .addColumn('basis', 'text', (c) => c.notNull())
      .addColumn('review_on', 'text', (c) => c.notNull())
      /** The schedule's period and source as they were when decided. */
      .addColumn('rule', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('decided_at', 'text', (c) => c.notNull())
      /** pending until carried out, then done; a keep decision is done at once. */
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('carried_out_at', 'text')
      .execute();
    await db.schema
      .createIndex('retention_decisions_by_concern')
      .on('retention_decisions')
      .columns(['organisation_id', 'concern_id', 'decided_at'])
      .execute();

    /** Set when a concern's personal data was removed; its pages then show the stub. */
    await db.schema.alterTable('concerns').addColumn('disposed_at', 'text').execute();
  },
};
