import type { AttachmentStore } from '../../attachment-store/attachment-store.ts';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { subjectAccessClock } from '../../domain/subject-access-clock.ts';
import { HavenError, Refusal, errorCatalogue, refusalAsValue } from '../../errors.ts';
import { type FormErrors, formErrors, noErrors } from '../../web/form-errors.ts';
import { recentAuthentication } from '../../web/recent-authentication.ts';
import { registerRectificationRoutes } from './rectify.routes.ts';
import { parseExtension, parseRedactions, parseStart } from './subject-access.schema.ts';
import { type SubjectAccessRequest, listRedactions, listRequests } from './subject-access.queries.ts';
import {
  authorizeRequest,
  authorizeSubject,
  decideRedactions,
  extendRequest,
  readForBundle,
  releaseRequest,
  startRequest,
  viewRequest,
} from './subject-access.ts';

type WithPerson = { Params: { personId: string } };
type WithRequest = { Params: { requestId: string } };
type Body = Record<string, unknown>;

const access = { config: { access: 'subject-access:manage' as const } };

/** The clock in words and as a tag colour: days left, due today, overdue, or released. */
export function clockView(request: Pick<SubjectAccessRequest, 'receivedOn' | 'extensionMonths' | 'releasedAt'>) {
  const clock = subjectAccessClock(
    { ...request, releasedOn: request.releasedAt ? todayInLondon(new Date(request.releasedAt)) : null },
    todayInLondon(),
  );
  const plural = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  switch (clock.state) {
    case 'released':
      return { dueOn: clock.dueOn, text: clock.onTime ? 'Released on time' : 'Released late', colour: 'green' };
    case 'overdue':
      return { dueOn: clock.dueOn, text: `${plural(clock.daysOverdue)} overdue`, colour: 'red' };
    case 'due':
      return {
        dueOn: clock.dueOn,
        text: clock.daysLeft === 0 ? 'Due today' : `${plural(clock.daysLeft)} left`,
        colour: clock.daysLeft <= 7 ? 'orange' : 'blue',
      };
  }
}

/** Subject access (issue 13): the requests list, starting one from a person, redaction and release. */
export function registerSubjectAccessRoutes(app: FastifyInstance, db: HavenDb, attachments: AttachmentStore): void {
  app.get('/subject-access', access, async (request, reply) => {
    const requests = await listRequests(db, request.actor!);
    const rows = requests.map((r) => ({ ...r, clock: clockView(r) }));
    return reply.view('subject-access/views/requests.njk', {
      pageTitle: 'Subject access requests',
      open: rows.filter((r) => !r.releasedAt),
      released: rows.filter((r) => r.releasedAt),
    });
  });

  const startPage = async (reply: FastifyReply, personId: string, values: Body, errors: FormErrors) => {
    const person = await authorizeSubject(db, reply.request.actor!, personId);
    reply.code(errors.list.length ? 400 : 200);
    return reply.view('subject-access/views/start.njk', {
      pageTitle: 'Start a subject access request',
      person,
      values,
      errors,
    });
  };

  app.get<WithPerson>('/people/:personId/subject-access/new', access, async (request, reply) =>
    startPage(reply, request.params.personId, {}, noErrors),
  );

  app.post<WithPerson & { Body: Body }>('/people/:personId/subject-access/new', access, async (request, reply) => {
    const parsed = parseStart(request.body);
    if (!parsed.ok) return startPage(reply, request.params.personId, request.body, parsed.errors);
    const id = await startRequest(db, request.actor!, request.params.personId, parsed.input.receivedOn, request.id);
    return reply.redirect(`/subject-access/${id}`, 303);
  });

  const requestPage = async (reply: FastifyReply, requestId: string, values: Body, errors: FormErrors) => {
    const actor = reply.request.actor!;
    const page = await viewRequest(db, actor, requestId, reply.request.id);
    reply.code(errors.list.length ? (errors.byField.release ? 409 : 400) : 200);
    return reply.view('subject-access/views/request.njk', {
      pageTitle: `Subject access request: ${page.person.name ?? 'name not known'}`,
      ...page,
      clock: clockView(page.request),
      canRectify: isAllowed(actor, 'subject-access:manage'),
      undecided: page.redactions.filter((r) => r.decision === 'undecided').length,
      values,
      errors,
    });
  };

  app.get<WithRequest>('/subject-access/:requestId', access, async (request, reply) =>
    requestPage(reply, request.params.requestId, {}, noErrors),
  );

  /** A refused step, shown on the request page with its catalogue status (409), or on to `done`. */
  const refusedOr = async (reply: FastifyReply, requestId: string, values: Body, outcome: unknown, done: string) => {
    if (!(outcome instanceof Refusal)) return reply.redirect(done, 303);
    return requestPage(reply, requestId, values, formErrors([['release', errorCatalogue[outcome.code].message]]));
  };

  app.post<WithRequest & { Body: Body }>('/subject-access/:requestId/redactions', access, async (request, reply) => {
    const actor = request.actor!;
    const found = await authorizeRequest(db, actor, request.params.requestId);
    const offered = await listRedactions(db, actor, found.id);
    const parsed = parseRedactions(
      request.body,
      offered.map((r) => r.id),
    );
    if (!parsed.ok) return requestPage(reply, found.id, request.body, parsed.errors);
    const outcome = await refusalAsValue(() => decideRedactions(db, actor, found, parsed.input, request.id));
    return refusedOr(reply, found.id, request.body, outcome, `/subject-access/${found.id}#redactions`);
  });

  app.post<WithRequest>(
    '/subject-access/:requestId/release',
    { ...access, preHandler: recentAuthentication },
    async (request, reply) => {
      const actor = request.actor!;
      const found = await authorizeRequest(db, actor, request.params.requestId);
      const outcome = await refusalAsValue(() => releaseRequest(db, actor, found, request.id));
      if (!(outcome instanceof Refusal) && 'undecided' in outcome) {
        const message = `Decide whether to redact or keep each proposed redaction before releasing (${outcome.undecided} still to decide)`;
        return requestPage(reply, found.id, {}, formErrors([['redactions', message]]));
      }
      return refusedOr(reply, found.id, {}, outcome, `/subject-access/${found.id}`);
    },
  );

  const extendPage = async (
    reply: FastifyReply,
    requestId: string,
    values: Body,
    errors: FormErrors,
    status?: number,
  ) => {
    const found = await authorizeRequest(db, reply.request.actor!, requestId);
    if (found.releasedAt) throw new HavenError('not-found');
    reply.code(status ?? (errors.list.length ? 400 : 200));
    return reply.view('subject-access/views/extend.njk', {
      pageTitle: 'Extend the time to respond',
      request: found,
      clock: clockView(found),
      values,
      errors,
    });
  };

  app.get<WithRequest>('/subject-access/:requestId/extend', access, async (request, reply) =>
    extendPage(reply, request.params.requestId, {}, noErrors),
  );

  app.post<WithRequest & { Body: Body }>('/subject-access/:requestId/extend', access, async (request, reply) => {
    const actor = request.actor!;
    const found = await authorizeRequest(db, actor, request.params.requestId);
    const parsed = parseExtension(request.body);
    if (!parsed.ok) return extendPage(reply, found.id, request.body, parsed.errors);
    if (parsed.input.months <= found.extensionMonths) {
      const problem = formErrors([['months', 'Select a longer extension than the one already given']]);
      return extendPage(reply, found.id, request.body, problem);
    }
    const outcome = await refusalAsValue(() => extendRequest(db, actor, found, parsed.input, request.id));
    if (outcome instanceof Refusal) {
      const entry = errorCatalogue[outcome.code];
      return extendPage(reply, found.id, request.body, formErrors([['months', entry.message]]), entry.status);
    }
    return reply.redirect(`/subject-access/${found.id}`, 303);
  });

  // The response leaves Haven: a recent proof of identity first, as for the Home Office report.
  app.get<WithRequest>(
    '/subject-access/:requestId/response.zip',
    { ...access, preHandler: recentAuthentication },
    async (request, reply) => {
      const actor = request.actor!;
      const facts = await readForBundle(db, actor, request.params.requestId, request.id);
      const { writeResponseBundle } = await import('./bundle.ts');
      const zip = await writeResponseBundle(
        {
          holdings: facts.holdings,
          redactions: facts.redactions,
          receivedOn: facts.request.receivedOn,
          releasedAt: facts.request.releasedAt,
          organisationName: facts.organisationName,
        },
        attachments,
        actor.organisationId,
      );
      // The file is named by the request's id, never the person's name.
      const name = `subject-access-${facts.request.releasedAt ? 'response' : 'draft'}-${facts.request.id.slice(0, 8)}.zip`;
      return reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('x-content-type-options', 'nosniff')
        .send(zip);
    },
  );

  registerRectificationRoutes(app, db);
}
