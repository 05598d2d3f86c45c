import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import { listAuditTrail } from './audit-trail.queries.ts';
import { decryptField, decryptJson } from '../field-encryption/field-encryption.ts';

// Everything a case worker sees on a concern beyond what was reported: triage, actions,
// referrals, escalations and the timeline, with people's and agencies' names.

export async function findTriage(db: HavenDb, actor: Actor, concernId: string) {
  const row = await db
    .selectFrom('concerns')
    .leftJoin('users as owner', 'owner.id', 'concerns.owner_id')
    .leftJoin('users as triager', 'triager.id', 'concerns.triaged_by')
    .select([
      'concerns.triaged_at as triagedAt',
      'concerns.risk_level as riskLevel',
      'concerns.triage_notes as decision',
      'concerns.no_referral_reason as noReferralReason',
      'concerns.closed_at as closedAt',
      'concerns.restricted',
      'concerns.restriction_reason as restrictionReason',
      'owner.display_name as owner',
      'triager.display_name as triagedBy',
    ])
    .where('concerns.organisation_id', '=', actor.organisationId)
    .where('concerns.id', '=', concernId)
    .executeTakeFirstOrThrow();
  return {
    ...row,
    decision: decryptField(row.decision),
    noReferralReason: decryptField(row.noReferralReason),
    restrictionReason: decryptField(row.restrictionReason),
  };
}

export async function listActions(db: HavenDb, actor: Actor, concernId: string) {
  const rows = await db
    .selectFrom('concern_actions')
    .innerJoin('users', 'users.id', 'concern_actions.assignee_id')
    .select([
      'concern_actions.id',
      'concern_actions.description',
      'concern_actions.due_on as dueOn',
      'concern_actions.done_at as doneAt',
      'concern_actions.assignee_id as assigneeId',
      'users.display_name as assignee',
    ])
    .where('concern_actions.organisation_id', '=', actor.organisationId)
    .where('concern_actions.concern_id', '=', concernId)
    .orderBy('concern_actions.created_at')
    .execute();
  return rows.map((row) => ({ ...row, description: decryptField(row.description) }));
}

export async function listReferrals(db: HavenDb, actor: Actor, concernId: string) {
  const rows = await db
    .selectFrom('referrals')
    .innerJoin('agencies', 'agencies.id', 'referrals.agency_id')
    .leftJoin('referral_outcomes', 'referral_outcomes.id', 'referrals.outcome_id')
    .select([
      'referrals.id',
      'agencies.name as agency',
      'referrals.referred_on as referredOn',
      'referrals.external_reference as externalReference',
      'referrals.professional',
      'referrals.consent',
      'referrals.no_consent_reason as noConsentReason',
      'referral_outcomes.name as outcome',
      'referrals.outcome_on as outcomeOn',
    ])
    .where('referrals.organisation_id', '=', actor.organisationId)
    .where('referrals.concern_id', '=', concernId)
    .orderBy('referrals.created_at')
    .execute();
  return rows.map((row) => ({ ...row, noConsentReason: decryptField(row.noConsentReason) }));
}

export async function listEscalations(db: HavenDb, actor: Actor, concernId: string) {
  const rows = await db
    .selectFrom('escalations')
    .innerJoin('users', 'users.id', 'escalations.escalated_by')
    .select([
      'escalations.id',
      'escalations.reason',
      'escalations.escalated_at as escalatedAt',
      'escalations.resolution',
      'escalations.resolved_at as resolvedAt',
      'users.display_name as escalatedBy',
    ])
    .where('escalations.organisation_id', '=', actor.organisationId)
    .where('escalations.concern_id', '=', concernId)
    .orderBy('escalations.escalated_at')
    .execute();
  return rows.map((row) => ({ ...row, reason: decryptField(row.reason), resolution: decryptField(row.resolution) }));
}

export async function listTimeline(db: HavenDb, actor: Actor, concernId: string) {
  const rows = await db
    .selectFrom('concern_events')
    .innerJoin('users', 'users.id', 'concern_events.actor_id')
    .select(['concern_events.kind', 'concern_events.details', 'concern_events.at', 'users.display_name as by'])
    .where('concern_events.organisation_id', '=', actor.organisationId)
    .where('concern_events.concern_id', '=', concernId)
    .orderBy('concern_events.at')
    .execute();
  return rows.map((row) => ({ ...row, details: decryptJson<Record<string, unknown>>(row.details) }));
}

/** Open actions directed to the actor, soonest due first, for their home page. */
export async function listOpenActionsFor(db: HavenDb, actor: Actor) {
  const rows = await db
    .selectFrom('concern_actions')
    .innerJoin('concerns', 'concerns.id', 'concern_actions.concern_id')
    .select([
      'concern_actions.id',
      'concern_actions.concern_id as concernId',
      'concerns.reference',
      'concern_actions.description',
      'concern_actions.due_on as dueOn',
    ])
    .where('concern_actions.organisation_id', '=', actor.organisationId)
    .where('concern_actions.assignee_id', '=', actor.userId)
    .where('concern_actions.done_at', 'is', null)
    .orderBy('concern_actions.due_on')
    .limit(50)
    .execute();
  return rows.map((row) => ({ ...row, description: decryptField(row.description) }));
}

/** Who has read or changed the concern, newest first, so a leak can be traced. */
export async function listConcernAccess(db: HavenDb, actor: Actor, concernId: string) {
  return listAuditTrail(db, actor, 'concern', [concernId], { most: 200 });
}
