import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { triageUrgency } from '../../domain/triage-deadline.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
import { listAwaitingTriage } from './triage.queries.ts';

export function registerTriageRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/triage', { config: { access: 'triage:queue' } }, async (request, reply) => {
    const actor = request.actor!;
    // The queue names people, so each listed concern is an audited read.
    const queue = await db.transaction().execute(async (trx) => {
      const queue = await listAwaitingTriage(trx, actor);
      await recordAuditEvents(
        trx,
        actor,
        'concern.listed',
        queue.map((c) => c.id),
        request.id,
      );
      return queue;
    });
    const now = new Date();
    const concerns = queue.map((concern) => {
      const deadline = new Date(concern.triageDeadlineAt);
      return { ...concern, deadline: deadline.toISOString(), urgency: triageUrgency(deadline, now) };
    });
    const count = (urgency: string) => concerns.filter((c) => c.urgency === urgency).length;
    return reply.view('triage/views/queue.njk', {
      pageTitle: 'Triage queue',
      concerns,
      overdue: count('overdue'),
      dueToday: count('due-today'),
    });
  });
}
