import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { proposeRedactions } from '../../domain/redaction.ts';
import { mostExtensionMonths } from '../../domain/subject-access-clock.ts';
import { HavenError, Refusal } from '../../errors.ts';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { auditedRead } from '../../concerns/audited-read.ts';
import { type Holdings, gatherHoldings, thirdPartyNames } from './holdings.ts';
import {
  type SubjectAccessRequest,
  findPerson,
  findRequest,
  listRedactions,
  survivingPersonId,
} from './subject-access.queries.ts';

// Subject access requests (issue 13; UK GDPR Art. 15): started from a person in the index,
// redactions proposed from the names the records hold and decided by a DSL, released once,
// after which the request is read-only. Each step is one transaction with its audit event,
// which names the person's id and nothing else.

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A person the actor may see, or "not found": another organisation's person reveals nothing. */
export async function authorizeSubject(db: HavenDb, actor: Actor, personId: string) {
  const person = uuid.test(personId) ? await findPerson(db, actor, personId) : undefined;
  if (!person) throw new HavenError('not-found');
  return person;
}

/** A request of the actor's organisation, or "not found". */
export async function authorizeRequest(db: HavenDb, actor: Actor, requestId: string) {
  const request = uuid.test(requestId) ? await findRequest(db, actor, requestId) : undefined;
  if (!request) throw new HavenError('not-found');
  return request;
}

const stillOpen = (request: { releasedAt: string | null }) => {
  if (request.releasedAt) throw new Refusal('subject-access-released', 'released');
};

/** Starts a request: the clock from the day received, and Haven's redaction proposals. */
export async function startRequest(
  db: HavenDb,
  actor: Actor,
  personId: string,
  receivedOn: string,
  requestId: string | null,
): Promise<string> {
  const person = await authorizeSubject(db, actor, personId);
  return db.transaction().execute(async (trx) => {
    const holdings = await gatherHoldings(trx, actor, person);
    const id = randomUUID();
    const now = new Date().toISOString();
    await trx
      .insertInto('subject_access_requests')
      .values({
        id,
        organisation_id: actor.organisationId,
        person_id: person.id,
        received_on: receivedOn,
        created_by: actor.userId,
        created_at: now,
      })
      .execute();
    const proposals = proposeRedactions([person.name ?? ''], thirdPartyNames(holdings));
    if (proposals.length) {
      await trx
        .insertInto('subject_access_redactions')
        .values(
          proposals.map((text, sortOrder) => ({
            id: randomUUID(),
            organisation_id: actor.organisationId,
            request_id: id,
            text,
            origin: 'proposed' as const,
            decision: 'undecided' as const,
            decided_by: null,
            decided_at: null,
            sort_order: sortOrder,
          })),
        )
        .execute();
    }
    await recordAuditEvents(trx, actor, 'person.subject-access-started', [person.id], requestId);
    return id;
  });
}

/** The request page: the request, its redactions and a summary of what is held, audited as read. */
export async function viewRequest(db: HavenDb, actor: Actor, requestId: string, auditRequestId: string | null) {
  const request = await authorizeRequest(db, actor, requestId);
  const person = await authorizeSubject(db, actor, await survivingPersonId(db, actor, request.personId));
  const { holdings, redactions } = await auditedRead(
    db,
    actor,
    auditRequestId,
    async (trx) => ({
      holdings: await gatherHoldings(trx, actor, person),
      redactions: await listRedactions(trx, actor, request.id),
    }),
    ({ holdings }) => ({ 'person.viewed': [person.id], 'concern.listed': holdings.concerns.map((c) => c.id) }),
  );
  return { request, person, holdings, redactions };
}

export type RedactionDecisions = { decisions: Record<string, 'redact' | 'keep'>; added: string | null };

/** Saves the DSL's decisions on the proposals and any redaction they add; refused once released. */
export async function decideRedactions(
  db: HavenDb,
  actor: Actor,
  request: SubjectAccessRequest,
  input: RedactionDecisions,
  requestId: string | null,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = await findRequest(trx, actor, request.id);
    stillOpen(current!);
    const existing = await listRedactions(trx, actor, request.id);
    const now = new Date().toISOString();
    for (const redaction of existing) {
      const decision = input.decisions[redaction.id];
      if (!decision || decision === redaction.decision) continue;
      await trx
        .updateTable('subject_access_redactions')
        .set({ decision, decided_by: actor.userId, decided_at: now })
        .where('organisation_id', '=', actor.organisationId)
        .where('id', '=', redaction.id)
        .execute();
    }
    const added = input.added?.replace(/\s+/g, ' ').trim();
    if (added && !existing.some((r) => r.text.toLocaleLowerCase('en-GB') === added.toLocaleLowerCase('en-GB'))) {
      await trx
        .insertInto('subject_access_redactions')
        .values({
          id: randomUUID(),
          organisation_id: actor.organisationId,
          request_id: request.id,
          text: added,
          origin: 'added',
          decision: 'redact',
          decided_by: actor.userId,
          decided_at: now,
          sort_order: existing.length,
        })
        .execute();
    }
    await touch(trx, actor, request);
    await recordAuditEvents(trx, actor, 'person.subject-access-changed', [request.personId], requestId);
  });
}

/** Moves the request's version on, refusing if someone else moved it first. */
async function touch(trx: HavenDb, actor: Actor, request: SubjectAccessRequest, set: Record<string, unknown> = {}) {
  const result = await trx
    .updateTable('subject_access_requests')
    .set({ ...set, version: request.version + 1 })
    .where('organisation_id', '=', actor.organisationId)
    .where('id', '=', request.id)
    .where('version', '=', request.version)
    .where('released_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new Refusal('person-changed', 'changed');
}

/** Extends the deadline by one or two further months in all, with the reason told to the person. */
export async function extendRequest(
  db: HavenDb,
  actor: Actor,
  request: SubjectAccessRequest,
  input: { months: number; reason: string },
  requestId: string | null,
): Promise<void> {
  stillOpen(request);
  if (input.months <= request.extensionMonths || input.months > mostExtensionMonths) {
    throw new Refusal('step-not-allowed', 'extension');
  }
  await db.transaction().execute(async (trx) => {
    await touch(trx, actor, request, { extension_months: input.months, extension_reason: input.reason });
    await recordAuditEvents(trx, actor, 'person.subject-access-changed', [request.personId], requestId);
  });
}

export type ReleaseOutcome = { released: true } | { undecided: number };

/** Releases the response: every proposal decided first; afterwards nothing about it can change. */
export async function releaseRequest(
  db: HavenDb,
  actor: Actor,
  request: SubjectAccessRequest,
  requestId: string | null,
): Promise<ReleaseOutcome> {
  stillOpen(request);
  return db.transaction().execute(async (trx) => {
    const redactions = await listRedactions(trx, actor, request.id);
    const undecided = redactions.filter((r) => r.decision === 'undecided').length;
    if (undecided) return { undecided };
    await touch(trx, actor, request, { released_at: new Date().toISOString(), released_by: actor.userId });
    await recordAuditEvents(trx, actor, 'person.subject-access-released', [request.personId], requestId);
    return { released: true };
  });
}

/** What goes into the bundle: the holdings read now, and the redactions the DSL accepted. */
export async function readForBundle(db: HavenDb, actor: Actor, requestId: string, auditRequestId: string | null) {
  const request = await authorizeRequest(db, actor, requestId);
  const person = await authorizeSubject(db, actor, await survivingPersonId(db, actor, request.personId));
  return auditedRead(
    db,
    actor,
    auditRequestId,
    async (trx) => {
      const holdings: Holdings = await gatherHoldings(trx, actor, person);
      const redactions = await listRedactions(trx, actor, request.id);
      const organisation = await trx
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', actor.organisationId)
        .executeTakeFirstOrThrow();
      return {
        request,
        holdings,
        // Undecided proposals are taken out too: nothing leaves unredacted without a decision.
        redactions: redactions.filter((r) => r.decision !== 'keep').map((r) => r.text),
        organisationName: organisation.name,
      };
    },
    ({ holdings }) => ({
      'person.subject-access-downloaded': [person.id],
      'concern.viewed': holdings.concerns.map((c) => c.id),
    }),
  );
}

export const todayForClock = () => todayInLondon();
