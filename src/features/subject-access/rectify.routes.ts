import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { listRectifications, rectifiableFields } from '../../concerns/rectifications.queries.ts';
import { authorizeAnswers, currentPersonValue, rectifyConcern, rectifyPerson } from './rectify.ts';
import { concernFields, parseCorrection, personFields } from './subject-access.schema.ts';
import { authorizeSubject } from './subject-access.ts';

type Body = Record<string, unknown>;
type PersonParams = { Params: { personId: string } };
type ConcernParams = { Params: { concernId: string } };

const access = { config: { access: 'subject-access:manage' as const } };
const unchanged = 'The correct value is the same as the one recorded: enter what it should be';

/** Rectification (issue 13; UK GDPR Art. 16): a person's details and a concern's recorded answers. */
export function registerRectificationRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get<{ Params: { personId: string } }>('/people/:personId/rectify', access, async (request, reply) => {
    const actor = request.actor!;
    const person = await authorizeSubject(db, actor, request.params.personId);
    return reply.view('subject-access/views/rectify-person-index.njk', {
      pageTitle: 'Correct their details',
      person,
      fields: Object.entries(personFields).map(([slug, f]) => ({
        slug,
        label: rectifiableFields.person[f.field],
        value: person[f.field === 'date_of_birth' ? 'dateOfBirth' : f.field],
      })),
      history: await listRectifications(db, actor, 'person', [person.id]),
    });
  });

  // One route per field a DSL may correct, so the address names only fields that exist.
  for (const [slug, field] of Object.entries(personFields)) {
    const path = `/people/:personId/rectify/${slug}`;
    const page = async (reply: FastifyReply, personId: string, values: Body, errors: FormErrors) => {
      const actor = reply.request.actor!;
      const person = await authorizeSubject(db, actor, personId);
      reply.code(errors.list.length ? 400 : 200);
      return reply.view('subject-access/views/rectify.njk', {
        pageTitle: `Correct their ${field.label}`,
        caption: person.name ?? 'Name not known',
        field,
        current: await currentPersonValue(db, actor, person.id, field.field),
        action: `/people/${person.id}/rectify/${slug}`,
        back: `/people/${person.id}/rectify`,
        values,
        errors,
      });
    };
    app.get<PersonParams>(path, access, async (request, reply) => page(reply, request.params.personId, {}, noErrors));
    app.post<PersonParams & { Body: Body }>(path, access, async (request, reply) => {
      const actor = request.actor!;
      const person = await authorizeSubject(db, actor, request.params.personId);
      const parsed = parseCorrection(request.body, field);
      if (!parsed.ok) return page(reply, person.id, request.body, parsed.errors);
      if ((await currentPersonValue(db, actor, person.id, field.field)) === parsed.input.value) {
        const anchor = field.field === 'date_of_birth' ? 'value-day' : 'value';
        return page(reply, person.id, request.body, formErrors([['value', unchanged, anchor]]));
      }
      await rectifyPerson(db, actor, person.id, { field: field.field, ...parsed.input }, request.id);
      return reply.redirect(`/people/${person.id}/rectify`, 303);
    });
  }

  app.get<{ Params: { concernId: string } }>('/concerns/:concernId/rectify', access, async (request, reply) => {
    const actor = request.actor!;
    const { concern, answers } = await authorizeAnswers(db, actor, request.params.concernId);
    return reply.view('subject-access/views/rectify-concern-index.njk', {
      pageTitle: `Correct a recorded answer on ${concern.reference}`,
      concern,
      fields: Object.entries(concernFields).map(([slug, f]) => ({
        slug,
        label: rectifiableFields.concern[f.field],
        value: answers[f.field],
      })),
      history: await listRectifications(db, actor, 'concern', [concern.id]),
    });
  });

  for (const [slug, field] of Object.entries(concernFields)) {
    const path = `/concerns/:concernId/rectify/${slug}`;
    const page = async (reply: FastifyReply, concernId: string, values: Body, errors: FormErrors) => {
      const { concern, answers } = await authorizeAnswers(db, reply.request.actor!, concernId);
      reply.code(errors.list.length ? 400 : 200);
      return reply.view('subject-access/views/rectify.njk', {
        pageTitle: `Correct ${field.label}`,
        caption: `Concern ${concern.reference}`,
        field,
        current: answers[field.field],
        action: `/concerns/${concern.id}/rectify/${slug}`,
        back: `/concerns/${concern.id}/rectify`,
        values,
        errors,
      });
    };
    app.get<ConcernParams>(path, access, async (request, reply) => page(reply, request.params.concernId, {}, noErrors));
    app.post<ConcernParams & { Body: Body }>(path, access, async (request, reply) => {
      const actor = request.actor!;
      const { concern, answers } = await authorizeAnswers(db, actor, request.params.concernId);
      const parsed = parseCorrection(request.body, field);
      if (!parsed.ok) return page(reply, concern.id, request.body, parsed.errors);
      if (answers[field.field] === parsed.input.value) {
        return page(reply, concern.id, request.body, formErrors([['value', unchanged]]));
      }
      await rectifyConcern(db, actor, concern.id, { field: field.field, ...parsed.input }, request.id);
      return reply.redirect(`/concerns/${concern.id}/rectify`, 303);
    });
  }
}
