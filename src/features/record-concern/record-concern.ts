import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { formatConcernReference } from '../../domain/concern-reference.ts';
import { enqueueNewConcernNotification } from '../../jobs/notify-new-concern.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
import {
  insertConcern,
  listCategories,
  listServiceAreas,
  takeDraft,
  takeNextReferenceNumber,
} from './record-concern.queries.ts';
import type { CompleteConcern, ConcernDraft } from './record-concern.schema.ts';

export type RecordedConcern = { id: string; reference: string };

/** The first question page whose answers are missing or no longer valid, or null when all are complete. */
export type IncompleteStep = 'person' | 'what-happened' | 'categories' | 'service-area';

/** Thrown inside the transaction to roll back the draft's removal when it cannot be sent yet. */
class DraftIncomplete extends Error {
  readonly step: IncompleteStep;
  constructor(step: IncompleteStep) {
    super(`draft incomplete at ${step}`);
    this.step = step;
  }
}

/**
 * Records the actor's draft as a concern: the concern, its person, categories, audit event and
 * the draft's removal commit together. Returns the step to revisit when the draft is incomplete
 * or refers to something that has since gone from the organisation's lists (or was already sent).
 */
export async function recordConcern(
  db: HavenDb,
  actor: Actor,
  requestId: string | null,
): Promise<RecordedConcern | { incomplete: IncompleteStep }> {
  try {
    return await db.transaction().execute(async (trx) => {
      const draft = await takeDraft(trx, actor);
      const [categories, serviceAreas] = await Promise.all([
        listCategories(trx, actor.organisationId),
        listServiceAreas(trx, actor.organisationId),
      ]);
      const step = firstIncompleteStep(draft, ids(categories), ids(serviceAreas));
      if (step) throw new DraftIncomplete(step);
      return insertAudited(trx, actor, draft as CompleteConcern, requestId);
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
  await insertConcern(trx, {
    id,
    reference,
    actor,
    createdAt: createdAt.toISOString(),
    personId: randomUUID(),
    answers,
  });
  await recordAuditEvents(trx, actor, 'concern.created', [id], requestId);
  await enqueueNewConcernNotification(trx, { organisationId: actor.organisationId, concernId: id });
  return { id, reference };
}

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);

export function firstIncompleteStep(
  draft: ConcernDraft,
  categoryIds: readonly string[],
  serviceAreaIds: readonly string[],
): IncompleteStep | null {
  if (!draft.person) return 'person';
  if (!draft.whatHappened) return 'what-happened';
  if (!draft.categoryIds?.length || !draft.categoryIds.every((id) => categoryIds.includes(id))) return 'categories';
  if (!draft.serviceAreaId || !serviceAreaIds.includes(draft.serviceAreaId)) return 'service-area';
  return null;
}
