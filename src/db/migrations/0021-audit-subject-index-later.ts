import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// Auditing a listed page on SQLite (issue 7 §7, issue 11 §6): a hundred audit rows about a
// hundred concerns went into a hundred leaves of the by-subject index, and SQLite writes each
// changed page whole to its log at commit, so the triage queue's commit wrote ~400 KB for a
// few KB of rows. Rows now say whether they are in that index yet. On SQLite a listing writes
// its rows with in_subject_index = 0, into a small index ordered by time (a few pages, at its
// end), and every thousand such rows are moved into the subject index in one go (see
// recordAuditEvents). Both indexes are read to answer "who has seen this"; every row is
// written, durable and findable by its subject at once. Existing rows are in the index.
export const auditSubjectIndexLater: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .alterTable('audit_events')
      .addColumn('in_subject_index', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.dropIndex('audit_events_subject').execute();
    await db.schema
      .createIndex('audit_events_subject')
      .on('audit_events')
      .columns(['organisation_id', 'subject_type', 'subject_id', 'at'])
      .where(sql.ref('in_subject_index'), '=', 1)
      .execute();
    await db.schema
      .createIndex('audit_events_awaiting_subject_index')
      .on('audit_events')
      .column('id')
      .where(sql.ref('in_subject_index'), '=', 0)
      .execute();
  },
};
