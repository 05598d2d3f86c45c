import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { Refusal } from '../../errors.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { formField, searchTerm } from './find-people.ts';
import { type LinkTarget, authorizeLink, findLinkChoices, linkPerson } from './link-person.ts';
import { ageText, candidateCard, personName } from './person-display.ts';
import { roleText } from '../../concerns/answer-labels.ts';

type Params = { concernId: string; concernPersonId: string };

const refusals = {
  'unknown-person': ['choose', 'Select a person from the list, or add them as a new person'],
  'person-merged': [
    'choose',
    'That record was merged into another while you were looking. Nothing was changed: choose again.',
  ],
  'already-linked': ['linked', 'Someone linked this person to the index while you were looking. Nothing was changed.'],
} as const;

/** "Link to the person index" for each person named on a concern (case work: DSOs, DSLs, HBI). */
export function registerLinkRoutes(app: FastifyInstance, db: HavenDb): void {
  const url = '/concerns/:concernId/people/:concernPersonId/link';

  app.get<{ Params: Params }>(url, { config: { access: 'case:work' } }, async (request, reply) => {
    const { concernId, concernPersonId } = request.params;
    const target = await authorizeLink(db, request.actor!, concernId, concernPersonId);
    return render(reply, db, request.actor!, request.id, target, searchTerm(request.query), noErrors);
  });

  app.post<{ Params: Params }>(url, { config: { access: 'case:work' } }, async (request, reply) => {
    const actor = request.actor!;
    const target = await authorizeLink(db, actor, request.params.concernId, request.params.concernPersonId);
    const outcome = await linkPerson(db, actor, target, formField(request.body, 'personId'), request.id);
    if (!(outcome instanceof Refusal)) return reply.redirect(`/concerns/${target.concern.id}#person-index`, 303);
    const [anchor, message] = refusals[outcome.reason];
    reply.code(outcome.status);
    return render(reply, db, actor, request.id, target, '', formErrors([[anchor, message]]));
  });
}

async function render(
  reply: FastifyReply,
  db: HavenDb,
  actor: Actor,
  requestId: string,
  target: LinkTarget,
  search: string,
  errors: FormErrors,
) {
  const { concern, person } = target;
  const choices = await findLinkChoices(db, actor, target, search, requestId);
  const name = personName(person);
  const age = person.dateOfBirth
    ? ageText({ ...person, id: person.id, approximateAge: null, approximateAgeOn: null })
    : person.approximateAge !== null
      ? `About ${person.approximateAge} when the concern was recorded`
      : 'Not known';
  return reply.view('people/views/link.njk', {
    pageTitle: `Link ${name} to the person index – ${concern.reference}`,
    backLink: `/concerns/${concern.id}`,
    action: `/concerns/${concern.id}/people/${person.id}/link`,
    concern,
    name,
    rows: [
      { key: { text: 'Role in this concern' }, value: { text: roleText(person.role) } },
      { key: { text: 'Age' }, value: { text: age } },
      { key: { text: 'Address' }, value: { text: person.address ?? 'Not known' } },
    ],
    linked: choices.linked ? { id: choices.linked.id, name: personName(choices.linked) } : null,
    matches: choices.matches.map((m) => candidateCard(m.candidate, m)),
    results: choices.results.map((r) => candidateCard(r)),
    search,
    errors,
  });
}
