import type { HavenDb } from '../../db/connect.ts';
import { type Actor, canAddAttachment, isAllowed } from '../../domain/access-policy.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { listAttachments } from '../../concerns/attachment-list.queries.ts';
import { findCaseRecord } from '../../concerns/case-record.ts';
import { findConcernPersonIndex } from '../../concerns/concern-person-index.ts';
import { describeRecordedAnswers } from './recorded-answers.ts';
import { findRecordedAnswers } from './recorded-answers.queries.ts';
import { findConcernDetail, listOwnConcerns } from './view-concern.queries.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { listRectifications } from '../../concerns/rectifications.queries.ts';
import { findDisposalStub } from '../../retention/disposal-stub.queries.ts';

/** Opens one concern, with its case record for those who work it, and audits the read. */
export async function viewConcern(db: HavenDb, actor: Actor, concernId: string, requestId: string | null) {
  const facts = await authorizeConcern(db, actor, concernId, { includeDisposed: true });
  if (facts.disposedAt) return { disposed: await viewDisposalStub(db, actor, concernId, requestId) };
  const [detail, caseRecord, recorded, attachments, personIndex] = await auditedRead(
    db,
    actor,
    requestId,
    (trx) => viewConcernQueries(trx, actor, concernId, facts),
    () => ({ 'concern.viewed': [concernId] }),
  );
  return {
    ...detail,
    version: facts.version,
    ownerId: facts.ownerId,
    caseRecord,
    attachments,
    personIndex,
    canAttach: canAddAttachment(actor, facts),
    recorded: describeRecordedAnswers(actor, concernId, recorded),
    // Corrected answers keep their originals (issue 13), shown to those who work the case.
    corrections: caseRecord?.worksCase ? await listRectifications(db, actor, 'concern', [concernId]) : [],
    canRectify: isAllowed(actor, 'subject-access:manage'),
  };
}

/** A disposed or anonymised concern: the stub only (issue 13), its read audited like any other. */
async function viewDisposalStub(db: HavenDb, actor: Actor, concernId: string, requestId: string | null) {
  return auditedRead(
    db,
    actor,
    requestId,
    (trx) => findDisposalStub(trx, actor.organisationId, concernId),
    () => ({ 'concern.viewed': [concernId] }),
  );
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
    findRecordedAnswers(db, actor, concernId),
    listAttachments(db, actor, concernId),
    findConcernPersonIndex(db, actor, facts),
  ]);
}

/** The reporter's own concerns; listing names people, so each listed concern is audited. */
export async function viewOwnConcerns(db: HavenDb, actor: Actor, requestId: string | null) {
  return auditedRead(
    db,
    actor,
    requestId,
    (trx) => listOwnConcerns(trx, actor),
    (concerns) => ({ 'concern.listed': concerns.map((c) => c.id) }),
  );
}
