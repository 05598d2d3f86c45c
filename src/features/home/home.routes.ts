import type { FastifyInstance } from 'fastify';
import type { HavenDb } from '../../db/connect.ts';
import { isAllowed, roleNames } from '../../domain/access-policy.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';
import { listOpenActionsFor } from '../../concerns/case-record.queries.ts';

export function registerHomeRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/', { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = request.actor!;
    const canRecord = isAllowed(actor.role, 'concern:record');
    return reply.view('home/views/home.njk', {
      pageTitle: 'Home',
      roleName: roleNames[actor.role],
      canRecord,
      canTriage: isAllowed(actor.role, 'triage:queue'),
      actions: canRecord ? await listOpenActionsFor(db, actor) : [],
      today: todayInLondon(),
    });
  });
}
