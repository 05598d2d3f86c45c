import type { HavenDb } from '../../db/connect.ts';
import { type Actor, canAddAttachment, canViewConcern } from '../../domain/access-policy.ts';
import { HavenError } from '../../errors.ts';
import { triageDeadline } from '../../domain/triage-deadline.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
import { listAttachments } from '../attachments/attachments.queries.ts';
import { findCaseRecord } from '../case-work/case-record.ts';
import { findConcernPersonIndex } from '../people/concern-person-index.ts';
import { listClosureDays } from '../triage/triage.queries.ts';
import { describeRecordedAnswers } from './recorded-answers.ts';
import { findRecordedAnswers } from './recorded-answers.queries.ts';
import { findConcernAccessFacts, findConcernDetail, listOwnConcerns } from './view-concern.queries.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The concern's reference, if the actor may see it. Anything else is "not found", so an id
 * from another organisation or someone else's concern reveals nothing, not even that it exists.
 */
export async function authorizeConcern(db: HavenDb, actor: Actor, concernId: string) {
  const facts = uuid.test(concernId) ? await findConcernAccessFacts(db, actor, concernId) : null;
  if (!facts || !canViewConcern(actor, facts)) throw new HavenError('not-found');
  return facts;
}

/** Opens one concern, with its case record for those who work it, and audits the read. */
export async function viewConcern(db: HavenDb, actor: Actor, concernId: string, requestId: string | null) {
  const facts = await authorizeConcern(db, actor, concernId);
  return db.transaction().execute(async (trx) => {
    const [detail, caseRecord, closureDays, recorded, attachments, personIndex] = await viewConcernQueries(
      trx,
      actor,
      concernId,
      facts,
    );
    await recordAuditEvents(trx, actor, 'concern.viewed', [concernId], requestId);
    const deadline = triageDeadline(new Date(detail.createdAt), closureDays);
    return {
      ...detail,
      version: facts.version,
      ownerId: facts.ownerId,
      caseRecord,
      attachments,
      personIndex,
      canAttach: canAddAttachment(actor, facts),
      recorded: describeRecordedAnswers(actor, concernId, recorded),
      triageDeadline: deadline.toISOString(),
    };
  });
}

/** Every read the concern's page makes once access is decided (the bench calls these bare). */
export function viewConcernQueries(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  facts: Awaited<ReturnType<typeof authorizeConcern>>,
) {
  return Promise.all([
    findConcernDetail(db, actor, concernId),
    findCaseRecord(db, actor, facts),
    listClosureDays(db, actor.organisationId),
    findRecordedAnswers(db, actor, concernId),
    listAttachments(db, actor, concernId),
    findConcernPersonIndex(db, actor, facts),
  ]);
}

/** The reporter's own concerns; listing names people, so each listed concern is audited. */
export async function viewOwnConcerns(db: HavenDb, actor: Actor, requestId: string | null) {
  return db.transaction().execute(async (trx) => {
    const concerns = await listOwnConcerns(trx, actor);
    await recordAuditEvents(
      trx,
      actor,
      'concern.listed',
      concerns.map((c) => c.id),
      requestId,
    );
    return concerns;
  });
}
