import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { findPeople, searchTerm } from './find-people.ts';
import { registerHouseholdRoutes } from './household.routes.ts';
import { registerLinkRoutes } from './link.routes.ts';
import { registerMergeRoutes } from './merge.routes.ts';
import { candidateCard, personName, personRows, sourceRows } from './person-display.ts';
import { roleText } from '../../concerns/answer-labels.ts';
import { listRectifications } from '../../concerns/rectifications.queries.ts';
import { authorizePerson, survivingPersonId, viewPerson } from './person-page.ts';

type WithPersonId = { Params: { personId: string } };

/** The person index (issue 4): finding people, their pages, linking, merging and households. */
export function registerPeopleRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/people', { config: { access: 'case:work' } }, async (request, reply) => {
    const name = searchTerm(request.query);
    const people = await findPeople(db, request.actor!, name, request.id);
    return reply.view('people/views/find-people.njk', {
      pageTitle: 'Find a person',
      name,
      results: people.map((person) => candidateCard(person)),
    });
  });

  app.get<WithPersonId>('/people/:personId', { config: { access: 'case:work' } }, async (request, reply) => {
    const actor = request.actor!;
    // A merged duplicate's old address leads to the record it was merged into.
    const id = await survivingPersonId(db, actor, request.params.personId);
    if (id !== request.params.personId) {
      await authorizePerson(db, actor, id);
      return reply.redirect(`/people/${id}`, 302);
    }
    const page = await viewPerson(db, actor, id, request.id);
    // Corrections keep their originals (issue 13); DSLs, who hold every concern's scope, see them.
    const canRectify = isAllowed(actor, 'subject-access:manage');
    const corrections = canRectify ? await listRectifications(db, actor, 'person', [id]) : [];
    return reply.view('people/views/person.njk', {
      pageTitle: personName(page.person),
      ...page,
      name: personName(page.person),
      rows: [...personRows(page.person), ...sourceRows(page.person, page.references)],
      concerns: page.concerns.map((c) => ({ ...c, roleText: roleText(c.role) })),
      household: page.household.map((m) => ({ ...m, name: personName(m), rows: personRows(m) })),
      canRectify,
      corrections,
      // A DSL may hold every concern naming this person (issue 13).
      canHold: isAllowed(actor, 'retention:decide'),
    });
  });

  registerLinkRoutes(app, db);
  registerMergeRoutes(app, db);
  registerHouseholdRoutes(app, db);
}
