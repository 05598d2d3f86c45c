import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors, formErrorsFromZod, noErrors } from '../../web/form-errors.ts';
import { optionItems, roleInConcernOptions } from '../../concerns/answer-labels.ts';
import { peopleAtRisk } from './concern-flow.ts';
import { type DraftRequest, draftPath, isChanging, isUuid, loadDraftRequest } from './draft-request.ts';
import { mostPeople } from '../../concerns/draft.schema.ts';
import { saveDraft } from './drafts.queries.ts';
import { personCards, personTitle } from '../../concerns/people-summary.ts';
import { personAnswers, personFormValues } from './person.schema.ts';
import { afterAnswer } from './question-pages.routes.ts';

const record = { config: { access: 'concern:record' } } as const;
type WithPerson = { Params: { draftId: string; personId: string } };

/**
 * The people on a concern, with the GOV.UK "add another" pattern: one page per person, a
 * summary with change and remove links, and "Do you need to add another person?". No JavaScript.
 */
export function registerPeopleRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/concerns/new/:draftId/people', record, async (request, reply) => {
    const loaded = await loadDraftRequest(db, request);
    if (!loaded.draft.people?.length) return reply.redirect(newPersonPath(request, loaded.draftId), 303);
    return renderSummary(reply, request, loaded, {}, noErrors);
  });

  app.post('/concerns/new/:draftId/people', record, async (request, reply) => {
    const loaded = await loadDraftRequest(db, request);
    const { addAnother } = (request.body ?? {}) as Record<string, unknown>;
    const problem = addAnotherProblem(loaded, addAnother);
    if (problem) {
      reply.code(400);
      return renderSummary(reply, request, loaded, { addAnother }, formErrors([['addAnother', problem]]));
    }
    if (addAnother === 'yes') return reply.redirect(newPersonPath(request, loaded.draftId), 303);
    return reply.redirect(afterAnswer(request, 'people', loaded), 303);
  });

  app.get<WithPerson>('/concerns/new/:draftId/people/:personId', record, async (request, reply) => {
    const loaded = await loadDraftRequest(db, request);
    const person = findPersonOrRoom(loaded, request.params.personId);
    return renderPerson(reply, request, loaded, personFormValues(person), noErrors);
  });

  app.post<WithPerson>('/concerns/new/:draftId/people/:personId', record, async (request, reply) => {
    const loaded = await loadDraftRequest(db, request);
    const { personId } = request.params;
    findPersonOrRoom(loaded, personId);
    const body = (request.body ?? {}) as Record<string, unknown>;
    const result = personAnswers(todayInLondon()).safeParse(body);
    if (!result.success) {
      reply.code(400);
      return renderPerson(reply, request, loaded, body, formErrorsFromZod(result.error));
    }
    const person = { id: personId, ...result.data };
    const people = loaded.draft.people ?? [];
    const updated = people.some((p) => p.id === personId)
      ? people.map((p) => (p.id === personId ? person : p))
      : [...people, person];
    if (!(await saveDraft(db, loaded.actor, loaded.draftId, { ...loaded.draft, people: updated }))) {
      throw new HavenError('not-found');
    }
    return reply.redirect(withChange(request, draftPath(loaded.draftId, 'people')), 303);
  });

  app.get<WithPerson>('/concerns/new/:draftId/people/:personId/remove', record, async (request, reply) => {
    const loaded = await loadDraftRequest(db, request);
    const person = findPerson(loaded, request.params.personId);
    return renderRemove(reply, request, loaded, personTitle(person), {}, noErrors);
  });

  app.post<WithPerson>('/concerns/new/:draftId/people/:personId/remove', record, async (request, reply) => {
    const loaded = await loadDraftRequest(db, request);
    const person = findPerson(loaded, request.params.personId);
    const { remove } = (request.body ?? {}) as Record<string, unknown>;
    if (remove !== 'yes' && remove !== 'no') {
      reply.code(400);
      const errors = formErrors([['remove', `Select yes if you want to remove ${personTitle(person)}`]]);
      return renderRemove(reply, request, loaded, personTitle(person), { remove }, errors);
    }
    if (remove === 'yes') {
      const people = (loaded.draft.people ?? []).filter((p) => p.id !== person.id);
      await saveDraft(db, loaded.actor, loaded.draftId, { ...loaded.draft, people });
    }
    return reply.redirect(withChange(request, draftPath(loaded.draftId, 'people')), 303);
  });
}

function addAnotherProblem({ draft }: DraftRequest, addAnother: unknown): string | null {
  if (addAnother !== 'yes' && addAnother !== 'no') return 'Select yes if you need to add another person';
  if (addAnother === 'yes' && (draft.people?.length ?? 0) >= mostPeople)
    return `You can add up to ${mostPeople} people`;
  if (addAnother === 'no' && peopleAtRisk(draft).length === 0) {
    return 'Add at least one person at risk, or change someone’s role to ‘Person at risk’';
  }
  return null;
}

const withChange = (request: FastifyRequest, path: string) => `${path}${isChanging(request) ? '?change=1' : ''}`;
const newPersonPath = (request: FastifyRequest, draftId: string) =>
  withChange(request, draftPath(draftId, `people/${randomUUID()}`));

function findPerson({ draft }: DraftRequest, personId: string) {
  const person = isUuid(personId) ? draft.people?.find((p) => p.id === personId) : undefined;
  if (!person) throw new HavenError('not-found');
  return person;
}

/** The person with this id, or undefined for a new person when there is room for one more. */
function findPersonOrRoom({ draft }: DraftRequest, personId: string) {
  if (!isUuid(personId)) throw new HavenError('not-found');
  const person = draft.people?.find((p) => p.id === personId);
  if (!person && (draft.people?.length ?? 0) >= mostPeople) throw new HavenError('not-found');
  return person;
}

function renderSummary(
  reply: FastifyReply,
  request: FastifyRequest,
  { draftId, draft }: DraftRequest,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  const count = draft.people?.length ?? 0;
  const title = `You have added ${count} ${count === 1 ? 'person' : 'people'}`;
  const changing = isChanging(request);
  return reply.view('record-concern/views/people.njk', {
    pageTitle: title,
    title,
    backLink: changing ? draftPath(draftId, 'check') : '/concerns/new',
    action: withChange(request, draftPath(draftId, 'people')),
    cards: personCards(draft.people ?? [], draftPath(draftId, 'people'), changing ? '?change=1' : ''),
    values,
    errors,
  });
}

function renderPerson(
  reply: FastifyReply,
  request: FastifyRequest,
  { draftId, draft }: DraftRequest,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  const { personId } = request.params as { personId: string };
  const index = draft.people?.findIndex((p) => p.id === personId) ?? -1;
  const number = index >= 0 ? index + 1 : (draft.people?.length ?? 0) + 1;
  return reply.view('record-concern/views/person.njk', {
    pageTitle: `About person ${number}`,
    title: 'Who is this person?',
    caption: `Person ${number}`,
    backLink: draft.people?.length ? withChange(request, draftPath(draftId, 'people')) : '/concerns/new',
    action: withChange(request, draftPath(draftId, `people/${personId}`)),
    roleItems: optionItems(roleInConcernOptions, values.role),
    values,
    errors,
  });
}

function renderRemove(
  reply: FastifyReply,
  request: FastifyRequest,
  { draftId }: DraftRequest,
  name: string,
  values: Record<string, unknown>,
  errors: FormErrors,
) {
  const { personId } = request.params as { personId: string };
  const title = `Are you sure you want to remove ${name}?`;
  return reply.view('record-concern/views/remove-person.njk', {
    pageTitle: title,
    title,
    backLink: withChange(request, draftPath(draftId, 'people')),
    action: withChange(request, draftPath(draftId, `people/${personId}/remove`)),
    values,
    errors,
  });
}
