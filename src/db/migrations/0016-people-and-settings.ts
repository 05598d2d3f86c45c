import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The people who use Haven and the settings a coordinator keeps (issue 8).
// - An account knows its line manager (told when the person sends a concern, procedures 6.1),
//   a job title and phone number (the "Who to talk to" page, policy 11.4) and the HR system's
//   employee number (re-importing an HR export updates rather than duplicates).
// - Settings are retired, never deleted, so a concern reads as it was recorded; a category can
//   be split, and the new ones remember where they came from for reports across the split.
// - Every administrative change is kept with who, when, before and after.
// - Invitations are one-time links kept as a hash; passkeys are WebAuthn public keys.
export const peopleAndSettings: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('line_manager_id', 'text').execute();
    await db.schema.alterTable('users').addColumn('job_title', 'text').execute();
    await db.schema.alterTable('users').addColumn('phone', 'text').execute();
    await db.schema.alterTable('users').addColumn('employee_number', 'text').execute();
    await db.schema
      .createIndex('users_employee_number')
      .unique()
      .on('users')
      .columns(['organisation_id', 'employee_number'])
      .execute();
    await db.schema.createIndex('users_line_manager').on('users').column('line_manager_id').execute();

    await db.schema.alterTable('service_areas').addColumn('headcount', 'integer').execute();
    await db.schema.alterTable('service_areas').addColumn('retired_at', 'text').execute();
    await db.schema.alterTable('categories').addColumn('retired_at', 'text').execute();
    await db.schema.alterTable('categories').addColumn('split_from_id', 'text').execute();
    await db.schema.alterTable('agencies').addColumn('retired_at', 'text').execute();
    await db.schema.alterTable('referral_outcomes').addColumn('retired_at', 'text').execute();

    await db.schema
      .createTable('administration_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('own_account', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('administration_changes_by_time')
      .on('administration_changes')
      .columns(['organisation_id', 'at'])
      .execute();

    await db.schema
      .createTable('account_invitations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('account_invitations_by_user').on('account_invitations').column('user_id').execute();

    await db.schema
      .createTable('passkey_credentials')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('public_key', 'text', (c) => c.notNull())
      .addColumn('counter', 'integer', (c) => c.notNull())
      .addColumn('transports', 'text')
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_used_at', 'text')
      .execute();
    await db.schema.createIndex('passkey_credentials_by_user').on('passkey_credentials').column('user_id').execute();
  },
};
