import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, noErrors } from '../../web/form-errors.ts';
import { firstIncompleteStep, isApplicable, stepAfter, stepBefore } from './concern-flow.ts';
import { type DraftRequest, draftPath, isChanging, loadDraftRequest } from './draft-request.ts';
import { saveDraft } from './drafts.queries.ts';
import type { QuestionPage } from './question-page.ts';
import { questionPages } from './question-pages.ts';

const record = { config: { access: 'concern:record' } } as const;

/** Each question page: shows the saved answers, and on a valid answer saves it and moves on. */
export function registerQuestionPageRoutes(app: FastifyInstance, db: HavenDb): void {
  for (const page of questionPages) {
    const url = `/concerns/new/:draftId/${page.slug}`;

    app.get(url, record, async (request, reply) => {
      const loaded = await loadDraftRequest(db, request);
      if (!isApplicable(page.slug, loaded.draft, loaded.context)) return redirectToResume(reply, loaded);
      const values = page.formValues(loaded.draft, loaded.context);
      return renderPage(reply, request, page, loaded, values, noErrors);
    });

    app.post(url, record, async (request, reply) => {
      const loaded = await loadDraftRequest(db, request);
      if (!isApplicable(page.slug, loaded.draft, loaded.context)) return redirectToResume(reply, loaded);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const result = page.apply(loaded.draft, body, loaded.context);
      if (!result.ok) {
        reply.code(400);
        return renderPage(reply, request, page, loaded, body, result.errors);
      }
      if (!(await saveDraft(db, loaded.actor, loaded.draftId, result.draft))) throw new HavenError('not-found');
      const next = { ...loaded, draft: result.draft };
      return reply.redirect(afterAnswer(request, page.slug, next), 303);
    });
  }
}

/**
 * Where an answer leads: the next page; or, when changing an answer from check answers, back
 * there, by way of any page the change has left unanswered (a new adult needs the S42 questions).
 */
export function afterAnswer(request: FastifyRequest, slug: string, { draftId, draft, context }: DraftRequest) {
  if (!isChanging(request)) return draftPath(draftId, stepAfter(slug, draft, context));
  const incomplete = firstIncompleteStep(draft, context);
  return incomplete ? `${draftPath(draftId, incomplete)}?change=1` : draftPath(draftId, 'check');
}

function redirectToResume(reply: FastifyReply, { draftId, draft, context }: DraftRequest) {
  return reply.redirect(draftPath(draftId, firstIncompleteStep(draft, context) ?? 'check'), 303);
}

function renderPage(
  reply: FastifyReply,
  request: FastifyRequest,
  page: QuestionPage,
  loaded: DraftRequest,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  const { draftId, draft, context } = loaded;
  const changing = isChanging(request);
  const previous = stepBefore(page.slug, draft, context);
  return reply.view(`record-concern/views/${page.slug}.njk`, {
    pageTitle: page.title,
    title: page.title,
    backLink: changing ? draftPath(draftId, 'check') : previous ? draftPath(draftId, previous) : '/concerns/new',
    action: `${draftPath(draftId, page.slug)}${changing ? '?change=1' : ''}`,
    values,
    errors,
    ...page.view?.(values, draft, context),
  });
}
