import { roleGrants, roles } from '../domain/access-policy.ts';
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

/** People a case or an action can be directed to: everyone active in the organisation whose roles let them open a concern. */
export async function listCaseWorkers(db: HavenDb, organisationId: string) {
  const readers = roles.filter((role) => roleGrants(role, 'concern:view'));
  return db
    .selectFrom('users')
    .select(['users.id', 'users.display_name as name'])
    .where('users.organisation_id', '=', organisationId)
    .where('users.deactivated_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('user_roles')
          .select('user_roles.user_id')
          .whereRef('user_roles.user_id', '=', 'users.id')
          .where('user_roles.role', 'in', readers),
      ),
    )
    .orderBy('users.display_name')
    .execute();
}

/** Service areas offered for a new concern or account: retired ones are not (issue 8). */
export async function listServiceAreasInUse(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('service_areas')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('retired_at', 'is', null)
    .orderBy('sort_order')
    .execute();
}

/** Agencies offered for a new referral or disclosure: retired ones are not (issue 8). */
export async function listAgencies(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('agencies')
    .select(['id', 'code', 'name', 'phone', 'hours', 'notes'])
    .where('organisation_id', '=', organisationId)
    .where('retired_at', 'is', null)
    .orderBy('sort_order')
    .execute();
}

/** Outcomes offered for a referral: retired ones are not; a referral keeps the one it was given. */
export async function listReferralOutcomes(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('referral_outcomes')
    .select(['id', 'name'])
    .where('organisation_id', '=', organisationId)
    .where('retired_at', 'is', null)
    .orderBy('sort_order')
    .execute();
}
