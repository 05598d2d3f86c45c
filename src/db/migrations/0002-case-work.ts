import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Triage and case work (policy 10.4, procedures 14.2–14.11): the triage fields on a concern,
// its actions, referrals, escalations and timeline, and the configurable lists they draw on.
export const caseWork: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('concerns')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    for (const column of [
      'triage_deadline_at',
      'triaged_at',
      'triaged_by',
      'owner_id',
      'risk_level',
      'triage_notes',
      'no_referral_reason',
      'closed_at',
    ]) {
      await db.schema.alterTable('concerns').addColumn(column, 'text').execute();
    }
    await db.schema
      .createIndex('concerns_deadline')
      .on('concerns')
      .columns(['organisation_id', 'status', 'triage_deadline_at'])
      .execute();

    await db.schema
      .createTable('closure_days')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('date', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('closure_days_pk', ['organisation_id', 'date'])
      .execute();

    await db.schema
      .createTable('agencies')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('code', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('phone', 'text', (c) => c.notNull())
      .addColumn('hours', 'text', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull())
      .addColumn('home_office', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addUniqueConstraint('agencies_code', ['organisation_id', 'code'])
      .execute();

    await db.schema
      .createTable('referral_outcomes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addUniqueConstraint('referral_outcomes_name', ['organisation_id', 'name'])
      .execute();

    await db.schema
      .createTable('concern_actions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('assignee_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('done_at', 'text')
      .addColumn('done_by', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema
      .createIndex('concern_actions_assignee')
      .on('concern_actions')
      .columns(['organisation_id', 'assignee_id', 'done_at'])
      .execute();
    await db.schema.createIndex('concern_actions_concern').on('concern_actions').column('concern_id').execute();

    await db.schema
      .createTable('referrals')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('referred_on', 'text', (c) => c.notNull())
      .addColumn('external_reference', 'text', (c) => c.notNull())
      .addColumn('professional', 'text', (c) => c.notNull())
      .addColumn('consent', 'text', (c) => c.notNull())
      .addColumn('no_consent_reason', 'text')
      .addColumn('outcome_id', 'text', (c) => c.references('referral_outcomes.id'))
      .addColumn('outcome_on', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('referrals_concern').on('referrals').column('concern_id').execute();

    await db.schema
      .createTable('escalations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('escalated_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('escalated_at', 'text', (c) => c.notNull())
      .addColumn('resolution', 'text')
      .addColumn('resolved_by', 'text', (c) => c.references('users.id'))
      .addColumn('resolved_at', 'text')
      .execute();
    await db.schema.createIndex('escalations_concern').on('escalations').column('concern_id').execute();

    // The concern's own timeline: triage, actions, referrals, escalation, closing, reopening,
    // information added later (procedures 14.13). Details are JSON for the timeline view.
    await db.schema
      .createTable('concern_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('details', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('concern_events_concern')
      .on('concern_events')
      .columns(['organisation_id', 'concern_id', 'at'])
      .execute();
  },
};
