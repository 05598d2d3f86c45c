import type { FastifyInstance } from 'fastify';
import { findSafeguardingNetworkFor } from '../../accounts/safeguarding-network.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { viewConcern, viewOwnConcerns } from './view-concern.ts';

type WithConcernId = { Params: { concernId: string } };

export function registerViewConcernRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/concerns/mine', { config: { access: 'concern:list-own' } }, async (request, reply) => {
    const concerns = await viewOwnConcerns(db, request.actor!, request.id);
    return reply.view('view-concern/views/own-concerns.njk', { pageTitle: 'Your concerns', concerns });
  });

  app.get<WithConcernId>(
    '/concerns/:concernId/confirmation',
    { config: { access: 'concern:view' } },
    async (request, reply) => {
      const concern = await authorizeConcern(db, request.actor!, request.params.concernId);
      const network = await findSafeguardingNetworkFor(db, request.actor!);
      return reply.view('view-concern/views/confirmation.njk', { pageTitle: 'Concern sent', concern, network });
    },
  );

  app.get<WithConcernId>('/concerns/:concernId', { config: { access: 'concern:view' } }, async (request, reply) => {
    const concern = await viewConcern(db, request.actor!, request.params.concernId, request.id);
    return reply.view('view-concern/views/concern.njk', { pageTitle: `Concern ${concern.reference}`, concern });
  });
}
