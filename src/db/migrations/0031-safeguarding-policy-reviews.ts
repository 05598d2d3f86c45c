import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The safeguarding policy's own review dates (policy 17.5: reviewed annually; 17.6: presented to
// Cabinet for approval every three years). One row an organisation; the reminder jobs read it.
export const safeguardingPolicyReviews: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('safeguarding_policy_reviews')
      .addColumn('organisation_id', 'text', (c) => c.primaryKey().references('organisations.id'))
      /** The last annual review ('YYYY-MM-DD'). */
      .addColumn('last_reviewed_on', 'text')
      /** The last time Cabinet approved the policy. */
      .addColumn('last_approved_on', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.references('users.id'))
      .execute();
    // The plan's document control is edited by hand too: a second editor is told, not overwritten.
    await db.schema
      .alterTable('action_plans')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    // The overdue-action reminders look for open actions with a due date.
    await db.schema
      .createIndex('action_plan_actions_by_due_date')
      .on('action_plan_actions')
      .columns(['status', 'due_on'])
      .execute();
  },
};
