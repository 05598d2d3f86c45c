import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
import { listAwaitingTriage } from './triage.queries.ts';

export function registerTriageRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/triage', { config: { access: 'triage:queue' } }, async (request, reply) => {
    const actor = request.actor!;
    // The queue names people, so each listed concern is an audited read.
    const concerns = await db.transaction().execute(async (trx) => {
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
    return reply.view('triage/views/queue.njk', { pageTitle: 'Triage queue', concerns });
  });
}
