import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Insight (issue 9). Referral outcomes get a class, so a report can give every outcome against
// every referral made (Scrutiny recommendation 2): engaged with a positive outcome, engaged
// with a negative one, engaged with neither, did not engage, or not known. Null until the
// coordinator classes an outcome in the organisation's settings; a report counts it as not known.
// Reports count concerns received in a period for one organisation: the index serves that range
// (the queue's index leads with status, so it cannot).
export const insightReports: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema.alterTable('referral_outcomes').addColumn('outcome_class', 'text').execute();
    await db.schema
      .createIndex('concerns_received')
      .on('concerns')
      .columns(['organisation_id', 'created_at'])
      .execute();
  },
};
