import type { HavenDb } from '../db/connect.ts';
import { type Actor, isAllowed } from '../domain/access-policy.ts';
import { type LawfulBasis, lawfulBases } from '../domain/lawful-basis.ts';
import { listDisclosures } from './disclosures.queries.ts';
import {
  findTriage,
  listActions,
  listConcernAccess,
  listEscalations,
  listReferrals,
  listTimeline,
} from './case-record.queries.ts';

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
  restricted: 'Restricted to DSLs and the Head of Business Improvement',
  information_shared: 'Information shared',
  attachment_added: 'File attached',
  restriction_lifted: 'Restriction lifted',
  line_manager_told: 'Reporter’s line manager told by email (reference and link only)',
  answer_rectified: 'A recorded answer was corrected (see Corrections)',
};

const accessText: Record<string, string> = {
  'concern.created': 'Recorded',
  'concern.viewed': 'Opened',
  'concern.listed': 'Saw it in a list',
  'concern.updated': 'Changed',
  'concern.line-manager-told': 'Told their line manager it was sent',
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
  const worksCase = isAllowed(actor, 'case:work');
  if (!worksCase && concern.ownerId !== actor.userId && !concern.assigneeIds.includes(actor.userId)) return null;
  const [triage, actions, referrals, escalations, timeline, access, disclosures] = await Promise.all([
    findTriage(db, actor, concern.id),
    listActions(db, actor, concern.id),
    listReferrals(db, actor, concern.id),
    listEscalations(db, actor, concern.id),
    listTimeline(db, actor, concern.id),
    worksCase ? listConcernAccess(db, actor, concern.id) : Promise.resolve([]),
    worksCase ? listDisclosures(db, actor, concern.id) : Promise.resolve([]),
  ]);
  return {
    worksCase,
    canResolveEscalations: isAllowed(actor, 'escalation:resolve'),
    canRestrict: isAllowed(actor, 'concern:restrict'),
    access: access.map((entry) => ({ ...entry, text: accessText[entry.action] ?? entry.action })),
    disclosures: disclosures.map((d) => ({ ...d, basis: lawfulBases[d.lawfulBasis as LawfulBasis] ?? d.lawfulBasis })),
    triage,
    actions,
    referrals,
    escalations,
    timeline: timeline.map((event) => ({ ...event, text: eventText[event.kind] ?? event.kind })),
  };
}
