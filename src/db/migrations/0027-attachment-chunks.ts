import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { isPostgres } from '../dialect.ts';

// Attachment bytes in the database, so every Haven instance on one PostgreSQL sees the same files
// (issue 12). A file is a run of chunks (256KB each) written and read one at a time, never whole;
// attachment_contents is written last, in the same transaction, so a file is either all there or
// not there at all. No foreign key to attachments: the bytes are kept before the row commits.
// The one binary column in Haven: bytea on PostgreSQL, blob on SQLite (where the directory stays
// the default, but the database store works too).
export const attachmentChunks: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('attachment_chunks')
      .addColumn('attachment_id', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('bytes', isPostgres(db) ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('attachment_chunks_pk', ['attachment_id', 'seq'])
      .execute();
    await db.schema
      .createTable('attachment_contents')
      .addColumn('attachment_id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('chunk_count', 'integer', (c) => c.notNull())
      .addColumn('stored_at', 'text', (c) => c.notNull())
      .execute();
  },
};
