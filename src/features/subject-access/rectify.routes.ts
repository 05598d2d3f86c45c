import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { listRectifications, rectifiableFields } from '../../concerns/rectifications.queries.ts';
import { authorizeAnswers, currentPersonValue, rectifyConcern, rectifyPerson } from './rectify.ts';
import { concernFields, parseCorrection, personFields } from './subject-access.schema.ts';
import { authorizeSubject } from './subject-access.ts';

type Body = Record<string, unknown>;
type PersonField = { Params: { personId: string; field: string } };
type ConcernField = { Params: { concernId: string; field: string } };

const access = { config: { access: 'subject-access:manage' as const } };
const unchanged = 'The correct value is the same as the one recorded: enter what it should be';

/** The field named in the address, or "not found": only the fields offered can be corrected. */
function fieldOf<Field>(fields: Record<string, Field>, slug: string): Field {
  const field = Object.hasOwn(fields, slug) ? fields[slug] : undefined;
  if (!field) throw new HavenError('not-found');
  return field;
}

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

  const personPage = async (reply: FastifyReply, params: PersonField['Params'], values: Body, errors: FormErrors) => {
    const person = await authorizeSubject(db, reply.request.actor!, params.personId);
    const field = fieldOf(personFields, params.field);
    reply.code(errors.list.length ? 400 : 200);
    return reply.view('subject-access/views/rectify.njk', {
      pageTitle: `Correct their ${field.label}`,
      caption: person.name ?? 'Name not known',
      field,
      slug: params.field,
      current: await currentPersonValue(db, reply.request.actor!, person.id, field.field),
      action: `/people/${person.id}/rectify/${params.field}`,
      back: `/people/${person.id}/rectify`,
      values,
      errors,
    });
  };

  app.get<PersonField>('/people/:personId/rectify/:field', access, async (request, reply) =>
    personPage(reply, request.params, {}, noErrors),
  );

  app.post<PersonField & { Body: Body }>('/people/:personId/rectify/:field', access, async (request, reply) => {
    const actor = request.actor!;
    const person = await authorizeSubject(db, actor, request.params.personId);
    const field = fieldOf(personFields, request.params.field);
    const parsed = parseCorrection(request.body, field);
    if (!parsed.ok) return personPage(reply, request.params, request.body, parsed.errors);
    if ((await currentPersonValue(db, actor, person.id, field.field)) === parsed.input.value) {
      return personPage(
        reply,
        request.params,
        request.body,
        formErrors([['value', unchanged, valueAnchor(field.field)]]),
      );
    }
    await rectifyPerson(db, actor, person.id, { field: field.field, ...parsed.input }, request.id);
    return reply.redirect(`/people/${person.id}/rectify`, 303);
  });

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

  const concernPage = async (reply: FastifyReply, params: ConcernField['Params'], values: Body, errors: FormErrors) => {
    const { concern, answers } = await authorizeAnswers(db, reply.request.actor!, params.concernId);
    const field = fieldOf(concernFields, params.field);
    reply.code(errors.list.length ? 400 : 200);
    return reply.view('subject-access/views/rectify.njk', {
      pageTitle: `Correct ${field.label}`,
      caption: `Concern ${concern.reference}`,
      field,
      slug: params.field,
      current: answers[field.field],
      action: `/concerns/${concern.id}/rectify/${params.field}`,
      back: `/concerns/${concern.id}/rectify`,
      values,
      errors,
    });
  };

  app.get<ConcernField>('/concerns/:concernId/rectify/:field', access, async (request, reply) =>
    concernPage(reply, request.params, {}, noErrors),
  );

  app.post<ConcernField & { Body: Body }>('/concerns/:concernId/rectify/:field', access, async (request, reply) => {
    const actor = request.actor!;
    const { concern, answers } = await authorizeAnswers(db, actor, request.params.concernId);
    const field = fieldOf(concernFields, request.params.field);
    const parsed = parseCorrection(request.body, field);
    if (!parsed.ok) return concernPage(reply, request.params, request.body, parsed.errors);
    if (answers[field.field] === parsed.input.value) {
      return concernPage(reply, request.params, request.body, formErrors([['value', unchanged]]));
    }
    await rectifyConcern(db, actor, concern.id, { field: field.field, ...parsed.input }, request.id);
    return reply.redirect(`/concerns/${concern.id}/rectify`, 303);
  });
}

const valueAnchor = (field: string) => (field === 'date_of_birth' ? 'value-day' : 'value');
