import type { FastifyInstance } from 'fastify';
import { findSafeguardingNetworkFor } from '../../accounts/safeguarding-network.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { checkAnswerSections } from './check-answers.ts';
import { completeConcern, firstIncompleteStep } from './concern-flow.ts';
import { draftPath, isUuid, loadDraftRequest } from './draft-request.ts';
import { createDraft, discardDraft, listDrafts } from './drafts.queries.ts';
import { personTitle } from '../../concerns/people-summary.ts';
import { registerPeopleRoutes } from './people.routes.ts';
import { registerQuestionPageRoutes } from './question-pages.routes.ts';
import { recordConcern } from './record-concern.ts';
import { loadStepContext } from './record-concern.queries.ts';

const record = { config: { access: 'concern:record' } } as const;
type WithDraft = { Params: { draftId: string } };

/**
 * Record a concern: a start page with emergency guidance and the reporter's unfinished drafts,
 * one question a page (each draft has its own id, so two tabs never mix answers), check answers.
 */
export function registerRecordConcernRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/concerns/new', record, async (request, reply) => {
    const actor = request.actor!;
    const [drafts, context, network] = await Promise.all([
      listDrafts(db, actor),
      loadStepContext(db, actor),
      findSafeguardingNetworkFor(db, actor),
    ]);
    const unfinished = drafts.map(({ id, draft, updatedAt }) => ({
      id,
      updatedAt,
      about: draft.people?.length ? draft.people.map(personTitle).join(', ') : 'No one added yet',
      continueHref: draftPath(id, firstIncompleteStep(draft, context) ?? 'check'),
    }));
    return reply.view('record-concern/views/start.njk', { pageTitle: 'Record a concern', drafts: unfinished, network });
  });

  app.post('/concerns/new', record, async (request, reply) => {
    const draftId = await createDraft(db, request.actor!);
    return reply.redirect(draftPath(draftId, 'people'), 303);
  });

  app.get<WithDraft>('/concerns/new/:draftId/discard', record, async (request, reply) => {
    const { draftId } = await loadDraftRequest(db, request);
    return reply.view('record-concern/views/discard.njk', {
      pageTitle: 'Are you sure you want to discard this concern?',
      backLink: '/concerns/new',
      action: draftPath(draftId, 'discard'),
    });
  });

  app.post<WithDraft>('/concerns/new/:draftId/discard', record, async (request, reply) => {
    const { actor, draftId } = await loadDraftRequest(db, request);
    await discardDraft(db, actor, draftId);
    return reply.redirect('/concerns/new', 303);
  });

  registerPeopleRoutes(app, db);
  registerQuestionPageRoutes(app, db);

  app.get<WithDraft>('/concerns/new/:draftId/check', record, async (request, reply) => {
    const { draftId, draft, context } = await loadDraftRequest(db, request);
    const complete = completeConcern(draft, context);
    if (!complete.ok) return reply.redirect(draftPath(draftId, complete.step), 303);
    return reply.view('record-concern/views/check-answers.njk', {
      pageTitle: 'Check your answers before sending your concern',
      backLink: draftPath(draftId, 'service-area'),
      action: draftPath(draftId, 'check'),
      ...checkAnswerSections(draftId, complete.concern, context),
    });
  });

  app.post<WithDraft>('/concerns/new/:draftId/check', record, async (request, reply) => {
    if (!isUuid(request.params.draftId)) throw new HavenError('not-found');
    const outcome = await recordConcern(db, request.actor!, request.params.draftId, request.id);
    // Already sent (a second click) or never this person's: their list shows what was recorded.
    if ('gone' in outcome) return reply.redirect('/concerns/mine', 303);
    if ('incomplete' in outcome) return reply.redirect(draftPath(request.params.draftId, outcome.incomplete), 303);
    return reply.redirect(`/concerns/${outcome.id}/confirmation`, 303);
  });
}
