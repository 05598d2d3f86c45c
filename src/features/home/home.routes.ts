import type { FastifyInstance } from 'fastify';
import { isAllowed, roleNames } from '../../domain/access-policy.ts';

export function registerHomeRoutes(app: FastifyInstance): void {
  app.get('/', { config: { access: 'signed-in' } }, async (request, reply) => {
    const actor = request.actor!;
    return reply.view('home/views/home.njk', {
      pageTitle: 'Home',
      roleName: roleNames[actor.role],
      canRecord: isAllowed(actor.role, 'concern:record'),
      canTriage: isAllowed(actor.role, 'triage:queue'),
    });
  });
}
