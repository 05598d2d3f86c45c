import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { triageUrgency } from '../../domain/triage-deadline.ts';
import { viewTriageQueue } from './triage-queue.ts';

export function registerTriageRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/triage', { config: { access: 'triage:queue' } }, async (request, reply) => {
    const actor = request.actor!;
    const queue = await viewTriageQueue(db, actor, request.id);
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
