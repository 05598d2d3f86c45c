import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { enqueueActionDirected } from '../../jobs/notify-action.ts';
import { registerCaseForm } from './case-form.ts';
import { listCaseWorkers } from './case-work.queries.ts';
import { parseAction, parseTriage } from './case-work.schema.ts';
import { CaseStepRefused, changeCase } from './change-case.ts';
import { completeAction } from './complete-action.ts';

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
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (concern.status !== 'awaiting_triage') throw new CaseStepRefused('This concern has already been triaged.');
      const now = new Date().toISOString();
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          concern: {
            status: 'open',
            triaged_at: now,
            triaged_by: actor.userId,
            owner_id: input.ownerId,
            risk_level: input.riskLevel,
            triage_notes: input.decision,
          },
          event: {
            kind: 'triaged',
            details: { riskLevel: input.riskLevel, ownerId: input.ownerId, decision: input.decision },
          },
        },
      );
    },
  });

  registerCaseForm(app, db, {
    path: 'actions/new',
    access: 'case:work',
    template: 'case-work/views/action.njk',
    title: 'Direct an action',
    choices: async (db, actor) => ({ assignees: await listCaseWorkers(db, actor.organisationId) }),
    parse: (body, { assignees }) => parseAction(body, ids(assignees)),
    save: async ({ db, actor, concern, version, input, requestId }) => {
      if (concern.status === 'closed') throw new CaseStepRefused('Reopen the concern before adding an action.');
      const actionId = randomUUID();
      await changeCase(
        db,
        actor,
        { concernId: concern.id, version, requestId },
        {
          event: { kind: 'action_added', details: { actionId, ...input } },
          apply: async (trx) => {
            await trx
              .insertInto('concern_actions')
              .values({
                id: actionId,
                organisation_id: actor.organisationId,
                concern_id: concern.id,
                description: input.description,
                assignee_id: input.assigneeId,
                due_on: input.dueOn,
                created_by: actor.userId,
                created_at: new Date().toISOString(),
              })
              .execute();
            await enqueueActionDirected(trx, { organisationId: actor.organisationId, actionId });
          },
        },
      );
    },
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
