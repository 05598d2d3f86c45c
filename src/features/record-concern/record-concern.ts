import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { formatConcernReference } from '../../domain/concern-reference.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
import {
  deleteDraft,
  insertConcern,
  listCategories,
  listServiceAreas,
  takeNextReferenceNumber,
} from './record-concern.queries.ts';
import type { ConcernDraft } from './record-concern.schema.ts';

export type RecordedConcern = { id: string; reference: string };

/** The first question page whose answers are missing or no longer valid, or null when all are complete. */
export type IncompleteStep = 'person' | 'what-happened' | 'categories' | 'service-area';

/**
 * Records a concern from a completed draft: the concern, its person, categories, audit event
 * and the draft's removal commit together. Returns the step to revisit when the draft is
 * incomplete or refers to something that has since gone from the organisation's lists.
 */
export async function recordConcern(
  db: HavenDb,
  actor: Actor,
  draft: ConcernDraft,
  requestId: string | null,
): Promise<RecordedConcern | { incomplete: IncompleteStep }> {
  return db.transaction().execute(async (trx) => {
    const [categories, serviceAreas] = await Promise.all([
      listCategories(trx, actor.organisationId),
      listServiceAreas(trx, actor.organisationId),
    ]);
    const incomplete = firstIncompleteStep(
      draft,
      categories.map((c) => c.id),
      serviceAreas.map((s) => s.id),
    );
    if (incomplete) return { incomplete };
    const answers = draft as Required<ConcernDraft>;

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
    await deleteDraft(trx, actor);
    return { id, reference };
  });
}

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
