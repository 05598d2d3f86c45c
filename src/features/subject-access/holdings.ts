import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { roleText } from '../../concerns/answer-labels.ts';
import { listAttachments } from '../../concerns/attachment-list.queries.ts';
import { listAuditTrail } from '../../concerns/audit-trail.queries.ts';
import { findCaseRecord } from '../../concerns/case-record.ts';
import { listRectifications } from '../../concerns/rectifications.queries.ts';
import {
  type PersonHeld,
  listAssignees,
  listConcernsNaming,
  listPeopleOn,
  personAndMergedIds,
} from './subject-access.queries.ts';

// Everything Haven holds about one person (UK GDPR Art. 15): the concerns naming them and their
// role on each, what was recorded, the timeline, referrals, disclosures, attachments, corrections,
// and who has read or changed their records (from the audit trail, through the kernel).

const statusText: Record<string, string> = { awaiting_triage: 'Awaiting triage', open: 'Open', closed: 'Closed' };

const auditText: Record<string, string> = {
  'concern.created': 'Recorded a concern',
  'concern.viewed': 'Opened a concern',
  'concern.listed': 'Saw a concern in a list',
  'concern.updated': 'Changed a concern',
  'concern.read-in-chronology': 'Read a concern in a chronology',
  'concern.line-manager-told': 'Told the reporter’s line manager a concern was sent',
  'attachment.downloaded': 'Downloaded a file',
  'person.created': 'Added them to the person index',
  'person.viewed': 'Opened their record',
  'person.listed': 'Saw them in a list',
  'person.linked': 'Linked them to a concern',
  'person.merged': 'Merged a duplicate record',
  'person.household-changed': 'Changed their household',
  'person.subject-access-started': 'Started a subject access request',
  'person.subject-access-changed': 'Worked on a subject access request',
  'person.subject-access-downloaded': 'Downloaded a subject access response',
  'person.subject-access-released': 'Released a subject access response',
  'person.rectified': 'Corrected their details',
};

/** The words of a timeline entry's details, leaving out ids: what a person reading it can use. */
const notesOf = (details: Record<string, unknown>) =>
  Object.entries(details)
    .filter(([key, value]) => typeof value === 'string' && value.trim() !== '' && !/id$/i.test(key))
    .map(([, value]) => String(value))
    .join('. ');

export type Holdings = Awaited<ReturnType<typeof gatherHoldings>>;

/** Everything held about the person, read within the actor's scope; the caller audits the read. */
export async function gatherHoldings(db: HavenDb, actor: Actor, person: PersonHeld) {
  const personIds = await personAndMergedIds(db, actor, person.id);
  const namings = await listConcernsNaming(db, actor, personIds);
  const concernIds = [...new Set(namings.map((n) => n.id))];
  const [everyone, assignees, personReads, concernReads, personFixes, concernFixes] = await Promise.all([
    listPeopleOn(db, actor, concernIds),
    listAssignees(db, actor, concernIds),
    listAuditTrail(db, actor, 'person', personIds, { most: 1_000 }),
    listAuditTrail(db, actor, 'concern', concernIds, { most: 1_000 }),
    listRectifications(db, actor, 'person', personIds),
    listRectifications(db, actor, 'concern', concernIds),
  ]);
  const concerns = [];
  for (const id of concernIds) {
    const rows = namings.filter((n) => n.id === id);
    const first = rows[0]!;
    const caseRecord = await findCaseRecord(db, actor, {
      id,
      ownerId: first.ownerId,
      assigneeIds: assignees.filter((a) => a.concernId === id).map((a) => a.assigneeId),
    });
    concerns.push({
      id,
      reference: first.reference,
      restricted: Number(first.restricted) === 1,
      status: statusText[first.status] ?? first.status,
      recordedAt: first.createdAt,
      happenedOn: first.happenedOn,
      roles: rows.map((r) => roleText(r.role)),
      whatHappened: first.whatHappened,
      location: first.location,
      whyAtRisk: first.whyAtRisk,
      reporter: first.reporter,
      onBehalfOf: first.onBehalfOf,
      others: everyone
        .filter((p) => p.concernId === id && !(p.personId && personIds.includes(p.personId)))
        .map((p) => ({ name: p.name, role: roleText(p.role), address: p.address })),
      timeline: (caseRecord?.timeline ?? []).map((e) => ({
        at: e.at,
        text: e.text,
        notes: notesOf(e.details),
        by: e.by,
      })),
      referrals: caseRecord?.referrals ?? [],
      disclosures: caseRecord?.disclosures ?? [],
      attachments: await listAttachments(db, actor, id),
      corrections: concernFixes.filter((f) => f.subjectId === id),
    });
  }
  const access = [...personReads, ...concernReads]
    .map((entry) => ({ at: entry.at, who: entry.who, text: auditText[entry.action] ?? entry.action }))
    .sort((a, b) => b.at.localeCompare(a.at));
  return { person, concerns, access, corrections: personFixes };
}

/** Who else the records name: the names Haven proposes to redact (domain/redaction.ts). */
export function thirdPartyNames(holdings: Holdings): Array<string | null> {
  return holdings.concerns.flatMap((c) => [
    ...c.others.map((o) => o.name),
    c.reporter,
    c.onBehalfOf,
    ...c.referrals.map((r) => r.professional),
    ...c.disclosures.map((d) => d.recipient),
  ]);
}
