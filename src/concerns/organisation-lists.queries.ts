import type { HavenDb } from '../db/connect.ts';

// The organisation's own lists, which several concern pages and jobs read.

/** The organisation's own closure days, which do not count as working days. */
export async function listClosureDays(db: HavenDb, organisationId: string): Promise<ReadonlySet<string>> {
  const rows = await db
    .selectFrom('closure_days')
    .select('date')
    .where('organisation_id', '=', organisationId)
    .execute();
  return new Set(rows.map((row) => row.date));
}

/** People a case or an action can be directed to: everyone in the organisation who works cases. */
export async function listCaseWorkers(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name as name', 'role'])
    .where('organisation_id', '=', organisationId)
    .where('role', '!=', 'senior_leader')
    .orderBy('display_name')
    .execute();
}

export async function listAgencies(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('agencies')
    .select(['id', 'code', 'name', 'phone', 'hours', 'notes'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
}

export async function listReferralOutcomes(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('referral_outcomes')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .orderBy('sort_order')
    .execute();
}
