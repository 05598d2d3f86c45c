import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// A self-assessment return uploaded through the web (issue 10) is kept server-side between the
// preview and the confirmation, like an HR import: never in a URL or the session's row.
export const selfAssessmentImports: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('self_assessment_imports')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      /** The uploaded return, decoded to text. */
      .addColumn('contents', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('self_assessment_imports_by_creator')
      .on('self_assessment_imports')
      .column('created_by')
      .execute();
  },
};
