import type { HavenDb } from '../../db/connect.ts';
import { type Actor, isAllowed } from '../../domain/access-policy.ts';
import { listActions, listEscalations, listReferrals, listTimeline, findTriage } from './case-record.queries.ts';

const eventText: Record<string, string> = {
  triaged: 'Triaged',
  action_added: 'Action directed',
  action_done: 'Action done',
  referral_made: 'Referral recorded',
  referral_outcome: 'Referral outcome recorded',
  no_referral_required: 'No referral required',
  escalated: 'Escalated to a DSL',
  escalation_resolved: 'Escalation resolved',
  closed: 'Closed',
  reopened: 'Reopened',
  information_added: 'Information added',
};

/**
 * The case record shown under a concern to those who work it (DSOs, DSLs, the owner and people
 * with actions); null for the reporter, who sees only the concern's status.
 */
export async function findCaseRecord(
  db: HavenDb,
  actor: Actor,
  concern: { id: string; ownerId: string | null; assigneeIds: readonly string[] },
) {
  const worksCase = isAllowed(actor.role, 'case:work');
  if (!worksCase && concern.ownerId !== actor.userId && !concern.assigneeIds.includes(actor.userId)) return null;
  const [triage, actions, referrals, escalations, timeline] = await Promise.all([
    findTriage(db, actor, concern.id),
    listActions(db, actor, concern.id),
    listReferrals(db, actor, concern.id),
    listEscalations(db, actor, concern.id),
    listTimeline(db, actor, concern.id),
  ]);
  return {
    worksCase,
    canResolveEscalations: isAllowed(actor.role, 'escalation:resolve'),
    triage,
    actions,
    referrals,
    escalations,
    timeline: timeline.map((event) => ({ ...event, text: eventText[event.kind] ?? event.kind })),
  };
}
