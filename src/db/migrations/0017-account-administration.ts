import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Account administration (issue 8).
// - A new invitation supersedes the older ones: their links stop working and say so.
// - An HR import is kept server-side between upload, column mapping, preview and confirmation
//   (never in a URL or the session cookie's row); it is deleted once confirmed, or replaced by
//   the next upload.
export const accountAdministration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('account_invitations').addColumn('superseded_at', 'text').execute();

    await db.schema
      .createTable('account_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      /** The uploaded file, decoded as UTF-8 with any BOM removed. */
      .addColumn('contents', 'text', (c) => c.notNull())
      /** The administrator's column mapping, JSON; null until chosen. */
      .addColumn('mapping', 'text')
      .execute();
    await db.schema.createIndex('account_imports_by_creator').on('account_imports').column('created_by').execute();
  },
};
