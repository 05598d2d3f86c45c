import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import { type ConcernStep, type StepChoices, categoriesFor, concernSteps } from './concern-steps.ts';
import { firstIncompleteStep, recordConcern } from './record-concern.ts';
import {
  findDraft,
  findReporterServiceArea,
  listCategories,
  listServiceAreas,
  saveDraft,
} from './record-concern.queries.ts';
import type { CompleteConcern, ConcernDraft } from './record-concern.schema.ts';

const record = { config: { access: 'concern:record' } } as const;

/** Record a concern: a start page with emergency guidance, one question a page, check answers, confirmation. */
export function registerRecordConcernRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/concerns/new', record, async (request, reply) => {
    const actor = request.actor!;
    const draft = await findDraft(db, actor);
    const hasDraft = Object.keys(draft).length > 0;
    const choices = await loadChoices(db, request);
    const resume = firstIncompleteStep(draft, ids(choices.categories), ids(choices.serviceAreas)) ?? 'check';
    return reply.view('record-concern/views/start.njk', { pageTitle: 'Record a concern', hasDraft, resume });
  });

  app.post('/concerns/new/start-again', record, async (request, reply) => {
    await saveDraft(db, request.actor!, {});
    return reply.redirect('/concerns/new/person', 303);
  });

  for (const step of Object.values(concernSteps)) {
    app.get(`/concerns/new/${step.slug}`, record, async (request, reply) => {
      const [draft, choices] = await Promise.all([findDraft(db, request.actor!), loadChoices(db, request)]);
      return renderStep(reply, request, step, draft, choices, step.formValues(draft, choices), noErrors);
    });

    app.post(`/concerns/new/${step.slug}`, record, async (request, reply) => {
      const actor = request.actor!;
      const [draft, choices] = await Promise.all([findDraft(db, actor), loadChoices(db, request)]);
      const body = (request.body ?? {}) as Record<string, unknown>;
      const result = step.apply(draft, body, choices);
      if (!result.ok) {
        reply.code(400);
        return renderStep(reply, request, step, draft, choices, body, formErrorsFromZod(result.error));
      }
      await saveDraft(db, actor, result.draft);
      return reply.redirect(`/concerns/new/${isChanging(request) ? 'check' : step.next}`, 303);
    });
  }

  app.get('/concerns/new/check', record, async (request, reply) => {
    const [draft, choices] = await Promise.all([findDraft(db, request.actor!), loadChoices(db, request)]);
    const incomplete = firstIncompleteStep(draft, ids(choices.categories), ids(choices.serviceAreas));
    if (incomplete) return reply.redirect(`/concerns/new/${incomplete}`, 303);
    return reply.view('record-concern/views/check-answers.njk', {
      pageTitle: 'Check your answers before sending your concern',
      backLink: '/concerns/new/service-area',
      answers: describeAnswers(draft as CompleteConcern, choices),
    });
  });

  app.post('/concerns/new/check', record, async (request, reply) => {
    const actor = request.actor!;
    const outcome = await recordConcern(db, actor, request.id);
    if ('incomplete' in outcome) return reply.redirect(`/concerns/new/${outcome.incomplete}`, 303);
    return reply.redirect(`/concerns/${outcome.id}/confirmation`, 303);
  });
}

function renderStep(
  reply: FastifyReply,
  request: FastifyRequest,
  step: ConcernStep,
  draft: ConcernDraft,
  choices: StepChoices,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  const changing = isChanging(request);
  return reply.view(`record-concern/views/${step.slug}.njk`, {
    pageTitle: step.title,
    title: step.title,
    backLink: changing ? '/concerns/new/check' : step.previous,
    action: `/concerns/new/${step.slug}${changing ? '?change=1' : ''}`,
    values,
    errors,
    categories: categoriesFor(draft, choices),
    serviceAreas: choices.serviceAreas,
  });
}

async function loadChoices(db: HavenDb, request: FastifyRequest): Promise<StepChoices> {
  const actor = request.actor;
  if (!actor) throw new HavenError('forbidden');
  const [categories, serviceAreas, reporterServiceAreaId] = await Promise.all([
    listCategories(db, actor.organisationId),
    listServiceAreas(db, actor.organisationId),
    findReporterServiceArea(db, actor),
  ]);
  return { categories, serviceAreas, reporterServiceAreaId };
}

function describeAnswers(draft: CompleteConcern, choices: StepChoices) {
  const nameOf = (list: Array<{ id: string; name: string }>, id: string) =>
    list.find((item) => item.id === id)?.name ?? '';
  return {
    personName: draft.person.name ?? 'Not known',
    ageGroup: draft.person.ageGroup === 'child' ? 'Child (under 18)' : 'Adult (18 or over)',
    description: draft.whatHappened.description,
    happenedOn: draft.whatHappened.happenedOn,
    location: draft.whatHappened.location,
    categories: draft.categoryIds.map((id) => nameOf(choices.categories, id)),
    serviceArea: nameOf(choices.serviceAreas, draft.serviceAreaId),
  };
}

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);
const isChanging = (request: FastifyRequest) => (request.query as Record<string, unknown>).change === '1';
