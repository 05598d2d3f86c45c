import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { formatConcernReference } from '../../domain/concern-reference.ts';
import { triageDeadline } from '../../domain/triage-deadline.ts';
import { listClosureDays } from '../../concerns/organisation-lists.queries.ts';
import { enqueueNewConcernNotification } from '../../jobs/notify-new-concern.ts';
import { enqueueLineManagerNotice } from '../../jobs/notify-line-manager.ts';
import { lineManagerNotice } from '../../domain/line-manager-notice.ts';
import { restrictionOnArrival } from '../../domain/restricted-concern.ts';
import { recordConcernEvent } from '../../concerns/concern-changes.queries.ts';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import { completeConcern } from './concern-flow.ts';
import type { CompleteConcern } from '../../concerns/draft.schema.ts';
import { takeDraft } from './drafts.queries.ts';
import {
  findActiveLineManager,
  insertConcern,
  loadStepContext,
  takeNextReferenceNumber,
} from './record-concern.queries.ts';

export type RecordedConcern = { id: string; reference: string };

/** Thrown inside the transaction to roll back the draft's removal when it cannot be sent yet. */
class DraftIncomplete extends Error {
  readonly step: string;
  constructor(step: string) {
    super(`draft incomplete at ${step}`);
    this.step = step;
  }
}

/**
 * Records one of the actor's drafts as a concern: the concern, its people, answers, audit event
 * and the draft's removal commit together. Returns the page to revisit when the draft is
 * incomplete or refers to something since gone from the organisation's lists, and "gone" when
 * the draft is not the actor's or was already sent (a second click of "Send concern").
 */
export async function recordConcern(
  db: HavenDb,
  actor: Actor,
  draftId: string,
  requestId: string | null,
): Promise<RecordedConcern | { incomplete: string } | { gone: true }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const draft = await takeDraft(trx, actor, draftId);
      if (!draft) return { gone: true } as const;
      const complete = completeConcern(draft, await loadStepContext(trx, actor));
      if (!complete.ok) throw new DraftIncomplete(complete.step);
      return insertAudited(trx, actor, complete.concern, requestId);
    });
  } catch (error) {
    if (error instanceof DraftIncomplete) return { incomplete: error.step };
    throw error;
  }
}

async function insertAudited(
  trx: Transaction<Database>,
  actor: Actor,
  answers: CompleteConcern,
  requestId: string | null,
) {
  const createdAt = new Date();
  const year = Number(todayInLondon(createdAt).slice(0, 4));
  const reference = formatConcernReference(year, await takeNextReferenceNumber(trx, actor.organisationId, year));
  const id = randomUUID();
  const deadline = triageDeadline(createdAt, await listClosureDays(trx, actor.organisationId));
  await insertConcern(trx, {
    id,
    reference,
    actor,
    createdAt: createdAt.toISOString(),
    triageDeadlineAt: deadline.toISOString(),
    answers,
  });
  await recordAuditEvents(trx, actor, 'concern.created', [id], requestId);
  await enqueueNewConcernNotification(trx, { organisationId: actor.organisationId, concernId: id });
  await tellLineManager(trx, actor, id, answers, requestId);
  return { id, reference };
}

/**
 * Procedures 6.1–6.2: the reporter's line manager is told the concern was sent, unless it is
 * restricted or names them (domain/line-manager-notice.ts). The email is queued, and the
 * concern's timeline says so, in the transaction that records the concern, so neither is lost.
 */
async function tellLineManager(
  trx: Transaction<Database>,
  actor: Actor,
  concernId: string,
  answers: CompleteConcern,
  requestId: string | null,
) {
  const notice = lineManagerNotice({
    reporterId: actor.userId,
    restricted: restrictionOnArrival(answers.positionOfTrust).restricted === 1,
    lineManager: (await findActiveLineManager(trx, actor)) ?? null,
    namesOnConcern: [...answers.people.map((person) => person.name), answers.onBehalfOf?.name ?? null],
  });
  if (!notice.tell) return;
  const { organisationId } = actor;
  await enqueueLineManagerNotice(trx, { organisationId, concernId, lineManagerId: notice.lineManagerId });
  // The manager's id only: the timeline and audit never hold a name.
  await recordConcernEvent(trx, actor, concernId, 'line_manager_told', { lineManagerId: notice.lineManagerId });
  await recordAuditEvents(trx, actor, 'concern.line-manager-told', [concernId], requestId);
}
