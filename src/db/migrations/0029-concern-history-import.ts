import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Issue 9, bringing history in: concerns imported from the system Haven replaces keep the old
// system's reference (unique in an organisation, so importing the same file twice adds nothing)
// and when they were imported; a CSV being imported is kept between its steps, as the HR import's
// is; column and value mappings are saved per organisation for the next file.
// The reports' index on (organisation_id, created_at) is migration 0028's. The original
// reference's index is partial, so a concern submitted in Haven adds nothing to it.
export const concernHistoryImport: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('concerns').addColumn('original_reference', 'text').execute();
    await db.schema.alterTable('concerns').addColumn('imported_at', 'text').execute();
    await db.schema
      .createIndex('concerns_original_reference')
      .on('concerns')
      .columns(['organisation_id', 'original_reference'])
      .unique()
      // Only imported concerns have one: a concern recorded in Haven adds no entry here.
      .where(sql.ref('original_reference'), 'is not', null)
      .execute();
    await db.schema
      .createTable('concern_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('contents', 'text', (c) => c.notNull())
      .addColumn('mapping', 'text')
      .execute();
    await db.schema
      .createTable('concern_import_mappings')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('mapping', 'text', (c) => c.notNull())
      .addColumn('saved_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('saved_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('concern_import_mappings_name', ['organisation_id', 'name'])
      .execute();
  },
};
