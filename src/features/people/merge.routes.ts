import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { mergeRefusalText } from '../../domain/person-index.ts';
import { HavenError, Refusal } from '../../errors.ts';
import { formErrors, noErrors } from '../../web/form-errors.ts';
import { formField, searchTerm } from './find-people.ts';
import { findDuplicateChoices, findMergePair, mergePeople } from './merge-people.ts';
import { candidateCard, personName, personRows } from './person-display.ts';
import { roleText } from '../../concerns/answer-labels.ts';
import { survivingPersonId } from './person-page.ts';

const detailWords = { name: 'name', dateOfBirth: 'date of birth', approximateAge: 'age', address: 'address' } as const;
const listed = (details: ReadonlyArray<keyof typeof detailWords>) => details.map((d) => detailWords[d]).join(', ');
/** What a choice would share, in words: for the merge page's statement. */
const sharingText = (sharing: {
  restricted: Array<keyof typeof detailWords>;
  shared: Array<keyof typeof detailWords>;
}) => ({
  shared: listed(sharing.shared),
  restricted: listed(sharing.restricted),
});

type Pair = { Params: { personId: string; otherId: string } };
const access = { config: { access: 'person:manage' as const } };

/** Merging duplicate records (issue 4): choose the duplicate, compare, choose which to keep. */
export function registerMergeRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get<{ Params: { personId: string } }>('/people/:personId/merge', access, async (request, reply) => {
    const search = searchTerm(request.query);
    const choices = await findDuplicateChoices(db, request.actor!, request.params.personId, search, request.id);
    const name = personName(choices.person);
    return reply.view('people/views/merge.njk', {
      pageTitle: `Merge ${name} with a duplicate record`,
      backLink: `/people/${choices.person.id}`,
      person: choices.person,
      name,
      matches: choices.matches.map((m) => candidateCard(m.candidate, m)),
      results: choices.results.map((r) => candidateCard(r)),
      search,
    });
  });

  const confirmPage = async (request: FastifyRequest<Pair>, values = {}) => {
    const { personId, otherId } = request.params;
    const pair = await findMergePair(db, request.actor!, personId, otherId, request.id);
    const side = (record: typeof pair.person) => ({
      id: record.id,
      name: personName(record),
      rows: personRows(record),
      concerns: record.concerns.map((c) => ({ ...c, roleText: roleText(c.role) })),
    });
    return {
      pageTitle: 'Merge these records?',
      backLink: `/people/${pair.person.id}/merge`,
      person: side(pair.person),
      other: side(pair.other),
      sharing: { keepThis: sharingText(pair.sharing.keepThis), keepOther: sharingText(pair.sharing.keepOther) },
      values,
      errors: noErrors,
    };
  };

  app.get<Pair>('/people/:personId/merge/:otherId', access, async (request, reply) =>
    reply.view('people/views/merge-confirm.njk', await confirmPage(request)),
  );

  app.post<Pair>('/people/:personId/merge/:otherId', access, async (request, reply) => {
    const { personId, otherId } = request.params;
    if (personId === otherId) throw new HavenError('not-found');
    const keep = formField(request.body, 'keep');
    if (keep !== 'this' && keep !== 'other') {
      const page = await confirmPage(request, { keep });
      reply.code(400);
      const errors = formErrors([['keep', 'Select which record to keep']]);
      return reply.view('people/views/merge-confirm.njk', { ...page, errors });
    }
    const pair =
      keep === 'this' ? { keptId: personId, duplicateId: otherId } : { keptId: otherId, duplicateId: personId };
    const outcome = await mergePeople(db, request.actor!, pair, request.id);
    if (!(outcome instanceof Refusal)) return reply.redirect(`/people/${outcome.keptId}`, 303);
    // Someone merged one of these meanwhile: say so plainly, and lead to the record that remains.
    reply.code(outcome.status);
    return reply.view('people/views/merge-refused.njk', {
      pageTitle: 'These records were not merged',
      message: mergeRefusalText[outcome.reason],
      personHref: `/people/${await survivingPersonId(db, request.actor!, personId)}`,
    });
  });
}
