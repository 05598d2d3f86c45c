import type { FastifyInstance } from 'fastify';
import { registerCaseForm } from '../../concerns/case-form.ts';
import { listCaseWorkers } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { parseAction, parseTriage } from './case-work.schema.ts';
import { completeAction } from './complete-action.ts';
import { directAction, triageConcern } from './triage-and-actions.ts';

const ids = (list: Array<{ id: string }>) => list.map((item) => item.id);

/** Triage (policy 10.4, procedures 14.2) and the actions a DSO directs to the case owner. */
export function registerTriageAndActionRoutes(app: FastifyInstance, db: HavenDb): void {
  registerCaseForm(app, db, {
    path: 'triage',
    access: 'case:work',
    template: 'case-work/views/triage.njk',
    title: 'Triage this concern',
    choices: async (db, actor) => ({ owners: await listCaseWorkers(db, actor.organisationId) }),
    parse: (body, { owners }) => parseTriage(body, ids(owners)),
    save: triageConcern,
  });

  registerCaseForm(app, db, {
    path: 'actions/new',
    access: 'case:work',
    template: 'case-work/views/action.njk',
    title: 'Direct an action',
    choices: async (db, actor) => ({ assignees: await listCaseWorkers(db, actor.organisationId) }),
    parse: (body, { assignees }) => parseAction(body, ids(assignees)),
    save: directAction,
  });

  app.post<{ Params: { concernId: string; actionId: string } }>(
    '/concerns/:concernId/actions/:actionId/done',
    { config: { access: 'action:complete' } },
    async (request, reply) => {
      const done = await completeAction(
        db,
        request.actor!,
        request.params.concernId,
        request.params.actionId,
        request.id,
      );
      if (!done) throw new HavenError('not-found');
      const back =
        (request.body as { returnTo?: string } | undefined)?.returnTo === 'home'
          ? '/'
          : `/concerns/${request.params.concernId}`;
      return reply.redirect(back, 303);
    },
  );
}
