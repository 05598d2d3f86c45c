import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import type { Updateable } from 'kysely';
import type { ConcernTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/access-policy.ts';
import type { CaseFacts } from '../../domain/case-closure.ts';

type ConcernChange = Pick<
  Updateable<ConcernTable>,
  | 'status'
  | 'triaged_at'
  | 'triaged_by'
  | 'owner_id'
  | 'risk_level'
  | 'triage_notes'
  | 'no_referral_reason'
  | 'closed_at'
  | 'restricted'
  | 'restriction_kind'
  | 'restriction_reason'
  | 'restricted_by'
  | 'restricted_at'
>;

/**
 * Applies a change only if nobody else changed the concern since the form was drawn (its
 * version), and moves the version on. False when the concern was changed meanwhile.
 */
export async function changeConcernIfCurrent(
  trx: HavenDb,
  actor: Actor,
  concernId: string,
  expectedVersion: number,
  change: ConcernChange,
): Promise<boolean> {
  const result = await trx
    .updateTable('concerns')
    .set({ ...change, version: sql<number>`version + 1` })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', concernId)
    .where('version', '=', expectedVersion)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function recordConcernEvent(
  trx: HavenDb,
  actor: Actor,
  concernId: string,
  kind: string,
  details: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('concern_events')
    .values({
      id: randomUUID(),
      organisation_id: actor.organisationId,
      concern_id: concernId,
      kind,
      details: JSON.stringify(details),
      actor_id: actor.userId,
      at: new Date().toISOString(),
    })
    .execute();
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

/** Counts the closure rule needs, read inside the closing transaction. */
export async function findCaseFacts(trx: HavenDb, actor: Actor, concernId: string): Promise<CaseFacts> {
  const org = actor.organisationId;
  const [concern, referrals, actions, escalations] = await Promise.all([
    trx
      .selectFrom('concerns')
      .select(['status', 'no_referral_reason'])
      .where('organisation_id', '=', org)
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow(),
    trx
      .selectFrom('referrals')
      .select(['outcome_id'])
      .where('organisation_id', '=', org)
      .where('concern_id', '=', concernId)
      .execute(),
    trx
      .selectFrom('concern_actions')
      .select('id')
      .where('organisation_id', '=', org)
      .where('concern_id', '=', concernId)
      .where('done_at', 'is', null)
      .execute(),
    trx
      .selectFrom('escalations')
      .select('id')
      .where('organisation_id', '=', org)
      .where('concern_id', '=', concernId)
      .where('resolved_at', 'is', null)
      .execute(),
  ]);
  return {
    status: concern.status,
    noReferralReason: concern.no_referral_reason,
    referrals: referrals.length,
    referralsWithoutOutcome: referrals.filter((r) => !r.outcome_id).length,
    openActions: actions.length,
    openEscalations: escalations.length,
  };
}
