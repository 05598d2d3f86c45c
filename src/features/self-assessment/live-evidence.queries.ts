import { sql } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';

// The figures a self-assessment standard draws from Haven (issue 10): counts only, never a
// name. Restricted concerns count in totals and triage times, as in the insight reports, but
// are not broken down by service area or referral, so no breakdown points to an allegation.

export type Period = Readonly<{ from: string; until: string }>;

/** Concerns received in the period, by the reporter's service area (standard 1.4). */
export async function concernsByServiceArea(db: HavenDb, organisationId: string, period: Period) {
  const rows = await db
    .selectFrom('concerns')
    .innerJoin('service_areas', 'service_areas.id', 'concerns.service_area_id')
    .select(['service_areas.name', sql<number>`count(*)`.as('count')])
    .where('concerns.organisation_id', '=', organisationId)
    .where('concerns.created_at', '>=', period.from)
    .where('concerns.created_at', '<', period.until)
    .where('concerns.restricted', '=', 0)
    .groupBy('service_areas.name')
    .orderBy('service_areas.name')
    .execute();
  const restricted = await db
    .selectFrom('concerns')
    .select(sql<number>`count(*)`.as('count'))
    .where('organisation_id', '=', organisationId)
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.until)
    .where('restricted', '=', 1)
    .executeTakeFirstOrThrow();
  return {
    areas: rows.map((row) => ({ name: row.name, count: Number(row.count) })),
    restricted: Number(restricted.count),
  };
}

/**
 * Concerns received in the period whose triage was due by now: how many were triaged by their
 * deadline (one working day, fixed when the concern arrived: domain/triage-deadline.ts).
 */
export async function triageWithinStandard(db: HavenDb, organisationId: string, period: Period, now: Date) {
  const row = await db
    .selectFrom('concerns')
    .select([
      sql<number>`count(*)`.as('due'),
      sql<number>`coalesce(sum(case when triaged_at is not null and triaged_at <= triage_deadline_at then 1 else 0 end), 0)`.as(
        'onTime',
      ),
    ])
    .where('organisation_id', '=', organisationId)
    .where('created_at', '>=', period.from)
    .where('created_at', '<', period.until)
    .where((eb) => eb.or([eb('triaged_at', 'is not', null), eb('triage_deadline_at', '<=', now.toISOString())]))
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), onTime: Number(row.onTime) };
}

/** Referrals made in the period by their outcome (none yet: awaiting), with the total as denominator. */
export async function referralOutcomes(db: HavenDb, organisationId: string, period: Period) {
  const rows = await db
    .selectFrom('referrals')
    .innerJoin('concerns', 'concerns.id', 'referrals.concern_id')
    .leftJoin('referral_outcomes', 'referral_outcomes.id', 'referrals.outcome_id')
    .select(['referral_outcomes.name', sql<number>`count(*)`.as('count')])
    .where('referrals.organisation_id', '=', organisationId)
    .where('referrals.referred_on', '>=', period.from.slice(0, 10))
    .where('referrals.referred_on', '<', period.until.slice(0, 10))
    .where('concerns.restricted', '=', 0)
    .groupBy('referral_outcomes.name')
    .orderBy('referral_outcomes.name')
    .execute();
  return rows.map((row) => ({ name: row.name, count: Number(row.count) }));
}

/** Active accounts holding the Champion role, by their service area, and the areas with none. */
export async function championsByServiceArea(db: HavenDb, organisationId: string) {
  const areas = await db
    .selectFrom('service_areas')
    .leftJoin(
      (eb) =>
        eb
          .selectFrom('users')
          .innerJoin('user_roles', 'user_roles.user_id', 'users.id')
          .select(['users.service_area_id', sql<number>`count(distinct users.id)`.as('champions')])
          .where('users.organisation_id', '=', organisationId)
          .where('users.deactivated_at', 'is', null)
          .where('user_roles.role', '=', 'champion')
          .groupBy('users.service_area_id')
          .as('c'),
      (join) => join.onRef('c.service_area_id', '=', 'service_areas.id'),
    )
    .select(['service_areas.name', 'c.champions'])
    .where('service_areas.organisation_id', '=', organisationId)
    .where('service_areas.retired_at', 'is', null)
    .orderBy('service_areas.sort_order')
    .execute();
  return areas.map((area) => ({ name: area.name, champions: Number(area.champions ?? 0) }));
}
