import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Restricted concerns (policy 14.4, procedures 11): allegations against an employee, councillor or
// volunteer, concerns about a colleague, and any concern a DSL restricts.
export const restrictedConcerns: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('concerns')
      .addColumn('restricted', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    for (const column of ['restriction_kind', 'restriction_reason', 'restricted_by', 'restricted_at']) {
      await db.schema.alterTable('concerns').addColumn(column, 'text').execute();
    }
  },
};
