import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Subject access and rectification (issue 13; UK GDPR Art. 15 and 16).
// - A subject access request about a person in the index: when it was received (the statutory
//   clock runs from then), any extension and its reason, and once released, by whom and when;
//   a released request is kept read-only.
// - Each redaction of a request: a name Haven proposed or a DSL added, and the DSL's decision.
// - Each rectification: the detail or recorded answer corrected, before and after, and why, so
//   the original stays visible in the history rather than being overwritten unseen.
export const subjectAccess: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('subject_access_requests')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('person_id', 'text', (c) => c.notNull().references('people.id'))
      .addColumn('received_on', 'text', (c) => c.notNull())
      .addColumn('extension_months', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('extension_reason', 'text')
      .addColumn('created_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('released_by', 'text', (c) => c.references('users.id'))
      .addColumn('released_at', 'text')
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createIndex('subject_access_requests_by_organisation')
      .on('subject_access_requests')
      .columns(['organisation_id', 'received_on'])
      .execute();

    await db.schema
      .createTable('subject_access_redactions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('request_id', 'text', (c) => c.notNull().references('subject_access_requests.id'))
      .addColumn('text', 'text', (c) => c.notNull())
      // 'proposed' by Haven from the names it knows, or 'added' by the DSL.
      .addColumn('origin', 'text', (c) => c.notNull())
      // 'undecided' | 'redact' | 'keep'
      .addColumn('decision', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text', (c) => c.references('users.id'))
      .addColumn('decided_at', 'text')
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('subject_access_redactions_text')
      .unique()
      .on('subject_access_redactions')
      .columns(['request_id', 'text'])
      .execute();

    await db.schema
      .createTable('rectifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      // 'person' (a detail in the person index) or 'concern' (a recorded answer).
      .addColumn('subject_type', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('field', 'text', (c) => c.notNull())
      .addColumn('before', 'text')
      .addColumn('after', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('actor_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('rectifications_by_subject')
      .on('rectifications')
      .columns(['organisation_id', 'subject_type', 'subject_id', 'at'])
      .execute();
  },
};
