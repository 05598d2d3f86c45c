import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// The information sharing log (procedures 4.5; Scrutiny recommendation 1 in seed 003): every
// disclosure, to whom, when, on what basis, with or without consent, and by whom.
export const informationSharing: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('disclosures')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addColumn('concern_id', 'text', (c) => c.notNull().references('concerns.id'))
      .addColumn('referral_id', 'text', (c) => c.references('referrals.id'))
      .addColumn('shared_on', 'text', (c) => c.notNull())
      .addColumn('what', 'text', (c) => c.notNull())
      .addColumn('agency_id', 'text', (c) => c.notNull().references('agencies.id'))
      .addColumn('recipient', 'text', (c) => c.notNull())
      .addColumn('lawful_basis', 'text', (c) => c.notNull())
      .addColumn('consent', 'text', (c) => c.notNull())
      .addColumn('no_consent_reason', 'text')
      .addColumn('home_office', 'integer', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('recorded_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('disclosures_concern')
      .on('disclosures')
      .columns(['organisation_id', 'concern_id'])
      .execute();
    await db.schema
      .createIndex('disclosures_home_office')
      .on('disclosures')
      .columns(['organisation_id', 'home_office', 'shared_on'])
      .execute();
  },
};
