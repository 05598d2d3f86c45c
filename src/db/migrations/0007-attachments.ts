import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Attachments (photos, letters): the bytes live outside the web root, under a random id;
// the database keeps what is needed to check access and to show them.
export const attachments: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('attachments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('content_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('description', 'text', (c) => c.notNull())
      .addColumn('uploaded_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('uploaded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('attachments_concern')
      .on('attachments')
      .columns(['organisation_id', 'concern_id'])
      .execute();
  },
};
