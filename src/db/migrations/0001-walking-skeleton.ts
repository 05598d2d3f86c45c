import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Every table holding safeguarding data carries organisation_id from the first migration on.
export const walkingSkeleton: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('organisations')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('service_areas')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addUniqueConstraint('service_areas_name', ['organisation_id', 'name'])
      .execute();

    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('email', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('service_area_id', 'text', (c) => c.references('service_areas.id'))
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('data', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_expires_at').on('sessions').column('expires_at').execute();

    await db.schema
      .createTable('categories')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applies_to', 'text', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addUniqueConstraint('categories_name', ['organisation_id', 'name'])
      .execute();

    await db.schema
      .createTable('concerns')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('reference', 'text', (c) => c.notNull())
      .addColumn('reporter_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('service_area_id', 'text', (c) => c.notNull().references('service_areas.id'))
      .addColumn('what_happened', 'text', (c) => c.notNull())
      .addColumn('happened_on', 'text', (c) => c.notNull())
      .addColumn('location', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('concerns_reference', ['organisation_id', 'reference'])
      .execute();
    await db.schema
      .createIndex('concerns_queue')
      .on('concerns')
      .columns(['organisation_id', 'status', 'created_at'])
      .execute();
    await db.schema
      .createIndex('concerns_reporter')
      .on('concerns')
      .columns(['organisation_id', 'reporter_id', 'created_at'])
      .execute();

    await db.schema
      .createTable('concern_people')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('name', 'text')
      .addColumn('age_group', 'text', (c) => c.notNull())
      .addColumn('role_in_concern', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('concern_people_concern').on('concern_people').column('concern_id').execute();

    await db.schema
      .createTable('concern_categories')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('category_id', 'text', (c) => c.notNull().references('categories.id'))
      .addPrimaryKeyConstraint('concern_categories_pk', ['concern_id', 'category_id'])
      .execute();

    await db.schema
      .createTable('concern_drafts')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('answers', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('reference_counters')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('last_number', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('reference_counters_pk', ['organisation_id', 'year'])
      .execute();

    await db.schema
      .createTable('audit_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('request_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_events_subject')
      .on('audit_events')
      .columns(['organisation_id', 'subject_type', 'subject_id', 'at'])
      .execute();
  },
};
