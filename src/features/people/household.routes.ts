import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { Refusal } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { formField, searchTerm } from './find-people.ts';
import { addToHousehold, findHouseholdChoices, leaveHousehold } from './household.ts';
import { candidateCard, personName } from './person-display.ts';

type WithPersonId = { Params: { personId: string } };
const access = { config: { access: 'person:manage' as const } };

const refusals = {
  'unknown-member': 'Select a person from the list to add to the household',
  changed: 'One of these records was merged into another while you were looking. Nothing was changed: choose again.',
} as const;

/** Households (issue 4): add someone to a person's household, or take the person out of theirs. */
export function registerHouseholdRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get<WithPersonId>('/people/:personId/household', access, async (request, reply) =>
    render(request, reply, db, searchTerm(request.query), noErrors),
  );

  app.post<WithPersonId>('/people/:personId/household', access, async (request, reply) => {
    const memberId = formField(request.body, 'memberId');
    const outcome = await addToHousehold(db, request.actor!, request.params.personId, memberId, request.id);
    if (!(outcome instanceof Refusal)) return reply.redirect(`/people/${request.params.personId}#household`, 303);
    reply.code(outcome.status);
    return render(request, reply, db, '', formErrors([['choose', refusals[outcome.reason]]]));
  });

  app.post<WithPersonId>('/people/:personId/household/leave', access, async (request, reply) => {
    await leaveHousehold(db, request.actor!, request.params.personId, request.id);
    return reply.redirect(`/people/${request.params.personId}#household`, 303);
  });
}

async function render(
  request: FastifyRequest<WithPersonId>,
  reply: FastifyReply,
  db: HavenDb,
  search: string,
  errors: FormErrors,
) {
  const choices = await findHouseholdChoices(db, request.actor!, request.params.personId, search, request.id);
  const name = personName(choices.person);
  return reply.view('people/views/household.njk', {
    pageTitle: `Add someone to ${name}’s household`,
    backLink: `/people/${choices.person.id}`,
    person: choices.person,
    name,
    members: choices.members.map((m) => personName(m)),
    atAddress: choices.atAddress.map((p) => candidateCard(p)),
    results: choices.results.map((p) => candidateCard(p)),
    search,
    errors,
  });
}
