import type { Insertable } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import type { ConcernActionTable, EscalationTable, ReferralTable } from '../../db/schema.ts';
import type { Actor } from '../../domain/access-policy.ts';
import type { CaseFacts } from '../../domain/case-closure.ts';
import { decryptField, encryptField } from '../../field-encryption/field-encryption.ts';

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
    noReferralReason: decryptField(concern.no_referral_reason),
    referrals: referrals.length,
    referralsWithoutOutcome: referrals.filter((r) => !r.outcome_id).length,
    openActions: actions.length,
    openEscalations: escalations.length,
  };
}

type OwnRow<Table> = Omit<Insertable<Table>, 'organisation_id'>;

// What an action asks, why a referral went without consent, why a concern was escalated and how
// it was resolved are case notes about people: encrypted at rest here, where they are written
// (issue 13), and decrypted by the case record's readers.

export async function insertAction(trx: HavenDb, actor: Actor, action: OwnRow<ConcernActionTable>): Promise<void> {
  await trx
    .insertInto('concern_actions')
    .values({ ...action, description: encryptField(action.description), organisation_id: actor.organisationId })
    .execute();
}

export async function insertReferral(trx: HavenDb, actor: Actor, referral: OwnRow<ReferralTable>): Promise<void> {
  await trx
    .insertInto('referrals')
    .values({
      ...referral,
      no_consent_reason: encryptField(referral.no_consent_reason ?? null),
      organisation_id: actor.organisationId,
    })
    .execute();
}

/** A referral on this concern, with its agency's name, for the outcome form. */
export async function findReferral(db: HavenDb, actor: Actor, concernId: string, referralId: string) {
  return db
    .selectFrom('referrals')
    .innerJoin('agencies', 'agencies.id', 'referrals.agency_id')
    .select(['referrals.id', 'referrals.referred_on as referredOn', 'agencies.name as agency'])
    .where('referrals.organisation_id', '=', actor.organisationId)
    .where('referrals.concern_id', '=', concernId)
    .where('referrals.id', '=', referralId)
    .executeTakeFirst();
}

export async function setReferralOutcome(
  trx: HavenDb,
  actor: Actor,
  referralId: string,
  outcome: { outcomeId: string; outcomeOn: string },
): Promise<void> {
  await trx
    .updateTable('referrals')
    .set({ outcome_id: outcome.outcomeId, outcome_on: outcome.outcomeOn })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', referralId)
    .execute();
}

export async function insertEscalation(trx: HavenDb, actor: Actor, escalation: OwnRow<EscalationTable>): Promise<void> {
  await trx
    .insertInto('escalations')
    .values({
      ...escalation,
      reason: encryptField(escalation.reason),
      resolution: encryptField(escalation.resolution ?? null),
      organisation_id: actor.organisationId,
    })
    .execute();
}

/** An escalation on this concern that is still open, for the resolve form. */
export async function findOpenEscalation(db: HavenDb, actor: Actor, concernId: string, escalationId: string) {
  const row = await db
    .selectFrom('escalations')
    .select(['id', 'reason'])
    .where('organisation_id', '=', actor.organisationId)
    .where('concern_id', '=', concernId)
    .where('id', '=', escalationId)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  return row && { ...row, reason: decryptField(row.reason) };
}

export async function resolveEscalation(
  trx: HavenDb,
  actor: Actor,
  escalationId: string,
  resolution: string,
): Promise<void> {
  await trx
    .updateTable('escalations')
    .set({ resolution: encryptField(resolution), resolved_by: actor.userId, resolved_at: new Date().toISOString() })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', escalationId)
    .execute();
}
