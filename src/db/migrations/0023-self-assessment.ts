import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The self-assessment's own records beyond 0022 (issue 10): the commitment statements the Boards
// request (self-assessment 1.1–1.2), RAG-rated through the year with dated updates; peer review
// links for reviewers from partner organisations (only a hash of the token is kept, as for
// invitations); the reviewers' challenges and the coordinator's responses; and every rating
// change after submission, before → after, who and when.
export const selfAssessment: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('self_assessment_commitments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      /** 'Neglect', 'Homeless Mortality Reviews', 'Multi-Agency Risk Management (MARM)'. */
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('statement', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('self_assessment_commitments_title', ['organisation_id', 'title'])
      .execute();
    // Dated entries, never overwritten: the latest is the commitment's current rating.
    await db.schema
      .createTable('self_assessment_commitment_updates')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('commitment_id', 'text', (c) => c.notNull().references('self_assessment_commitments.id'))
      .addColumn('written_on', 'text', (c) => c.notNull())
      /** 'green' | 'amber' | 'red' */
      .addColumn('rating', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('written_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('self_assessment_commitment_updates_by_commitment')
      .on('self_assessment_commitment_updates')
      .columns(['commitment_id', 'written_on'])
      .execute();

    await db.schema
      .createTable('self_assessment_review_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('assessment_id', 'text', (c) => c.notNull().references('self_assessments.id'))
      .addColumn('reviewer_name', 'text', (c) => c.notNull())
      .addColumn('reviewer_organisation', 'text', (c) => c.notNull())
      /** SHA-256 of the link's token; the token itself is shown to the coordinator once. */
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.references('users.id'))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .addColumn('revoked_at', 'text')
      .addColumn('revoked_by', 'text', (c) => c.references('users.id'))
      .execute();
    await db.schema
      .createIndex('self_assessment_review_links_by_assessment')
      .on('self_assessment_review_links')
      .column('assessment_id')
      .execute();

    await db.schema
      .createTable('self_assessment_challenges')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('assessment_id', 'text', (c) => c.notNull().references('self_assessments.id'))
      .addColumn('answer_id', 'text', (c) => c.notNull().references('self_assessment_answers.id'))
      .addColumn('review_link_id', 'text', (c) => c.notNull().references('self_assessment_review_links.id'))
      .addColumn('challenge', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('response', 'text')
      .addColumn('responded_at', 'text')
      .addColumn('responded_by', 'text', (c) => c.references('users.id'))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema
      .createIndex('self_assessment_challenges_by_answer')
      .on('self_assessment_challenges')
      .column('answer_id')
      .execute();

    await db.schema
      .createTable('self_assessment_rating_changes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('answer_id', 'text', (c) => c.notNull().references('self_assessment_answers.id'))
      .addColumn('challenge_id', 'text', (c) => c.references('self_assessment_challenges.id'))
      .addColumn('rating_before', 'text')
      .addColumn('rating_after', 'text')
      .addColumn('changed_by', 'text', (c) => c.references('users.id'))
      .addColumn('changed_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('self_assessment_rating_changes_by_answer')
      .on('self_assessment_rating_changes')
      .column('answer_id')
      .execute();
  },
};
