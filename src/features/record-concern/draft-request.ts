import type { FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import type { StepContext } from './concern-flow.ts';
import type { ConcernDraft } from '../../concerns/draft.schema.ts';
import { findDraft } from './drafts.queries.ts';
import { loadStepContext } from './record-concern.queries.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const isUuid = (value: string) => uuid.test(value);

export type DraftRequest = {
  actor: NonNullable<FastifyRequest['actor']>;
  draftId: string;
  draft: ConcernDraft;
  context: StepContext;
};

/**
 * The draft named in the URL, if it is the actor's own, with the lists its pages offer. Any
 * other id (another person's draft, a sent or discarded one, a guess) is "not found".
 */
export async function loadDraftRequest(db: HavenDb, request: FastifyRequest): Promise<DraftRequest> {
  const actor = request.actor;
  const { draftId } = request.params as { draftId: string };
  if (!actor) throw new HavenError('forbidden');
  if (!isUuid(draftId)) throw new HavenError('not-found');
  const [draft, context] = await Promise.all([findDraft(db, actor, draftId), loadStepContext(db, actor)]);
  if (!draft) throw new HavenError('not-found');
  return { actor, draftId, draft, context };
}

/** The address of a page of this draft: "/concerns/new/<draft id>/<page>". */
export const draftPath = (draftId: string, page: string) => `/concerns/new/${draftId}/${page}`;

/** Whether the page was opened from check answers, so it returns there. */
export const isChanging = (request: FastifyRequest) => (request.query as Record<string, unknown>).change === '1';
