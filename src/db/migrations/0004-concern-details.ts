import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// "Record a concern" as procedures 14.8 asks: several people with roles, context, urgency,
// the reporter's route decisions and consent, recording on behalf of someone (policy 9.2),
// SAC types on the taxonomy, and drafts identified by id so two tabs never mix answers.
export const concernDetails: Migration = {
  // A migration runs against the schema as it was, so Kysely's docs type it Kysely<any>.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    // code: a stable key route advice uses, so a council may rename a category freely.
    for (const column of ['sac_type', 'code']) {
      await db.schema.alterTable('categories').addColumn(column, 'text').execute();
    }

    // Nullable: concerns recorded before this migration have none of these answers.
    for (const column of [
      'why_at_risk',
      'visit_purpose',
      'council_tenant',
      'known_to_other_departments',
      'urgency',
      's42_care_needs',
      's42_abuse_or_neglect',
      's42_unable_to_protect',
      'position_of_trust',
      'consent',
      'consent_reason',
      'on_behalf_of_name',
      'on_behalf_of_role',
    ]) {
      await db.schema.alterTable('concerns').addColumn(column, 'text').execute();
    }

    // Age: a date of birth, an approximate age, or neither (not known). Address null: not known.
    await db.schema.alterTable('concern_people').addColumn('date_of_birth', 'text').execute();
    await db.schema.alterTable('concern_people').addColumn('approximate_age', 'integer').execute();
    await db.schema.alterTable('concern_people').addColumn('address', 'text').execute();
    await db.schema
      .alterTable('concern_people')
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('concern_child_urgent_signs')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('sign', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('concern_child_urgent_signs_pk', ['concern_id', 'sign'])
      .execute();

    // The routes the reporter took or intends (done | planned); none means "left to the DSO".
    await db.schema
      .createTable('concern_routes')
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('status', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('concern_routes_pk', ['concern_id', 'agency_id'])
      .execute();

    await replaceDraftsTable(db);
  },
};

/**
 * Drafts were one per user (user_id the key), so two tabs wrote over each other. Each draft
 * now has its own id; existing drafts are kept under a new id each.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function replaceDraftsTable(db: Kysely<any>) {
  await db.schema
    .createTable('concern_drafts_by_id')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('answers', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  const existing: Array<{ user_id: string; organisation_id: string; answers: string; updated_at: string }> = await db
    .selectFrom('concern_drafts')
    .select(['user_id', 'organisation_id', 'answers', 'updated_at'])
    .execute();
  for (const draft of existing) {
    await db
      .insertInto('concern_drafts_by_id')
      .values({ id: randomUUID(), ...draft, created_at: draft.updated_at })
      .execute();
  }
  await db.schema.dropTable('concern_drafts').execute();
  await db.schema.alterTable('concern_drafts_by_id').renameTo('concern_drafts').execute();
  await db.schema
    .createIndex('concern_drafts_owner')
    .on('concern_drafts')
    .columns(['organisation_id', 'user_id', 'updated_at'])
    .execute();
}
