import type { FastifyInstance } from 'fastify';
import { findSafeguardingNetworkFor } from '../../accounts/safeguarding-network.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import {
  type RecordKind,
  type ReviewBasis,
  recordKindNames,
  reviewBasisNames,
} from '../../domain/retention-schedule.ts';
import { HavenError } from '../../errors.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { lineManagerTold } from './view-concern.queries.ts';
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
      const actor = request.actor!;
      const concern = await authorizeConcern(db, actor, request.params.concernId);
      const [network, toldLineManagerId] = await Promise.all([
        findSafeguardingNetworkFor(db, actor),
        // Said to the reporter only: whom they report to is theirs to know.
        concern.reporterId === actor.userId ? lineManagerTold(db, actor, concern.id) : null,
      ]);
      return reply.view('view-concern/views/confirmation.njk', {
        pageTitle: 'Concern sent',
        concern,
        network,
        lineManagerTold: toldLineManagerId !== null,
        // Named only while they are still the reporter's line manager.
        toldLineManagerName: network.lineManager?.id === toldLineManagerId ? network.lineManager?.name : null,
      });
    },
  );

  app.get<WithConcernId>('/concerns/:concernId', { config: { access: 'concern:view' } }, async (request, reply) => {
    const concern = await viewConcern(db, request.actor!, request.params.concernId, request.id);
    if ('disposed' in concern) {
      const stub = concern.disposed;
      if (!stub) throw new HavenError('not-found');
      return reply.view('view-concern/views/disposed.njk', {
        pageTitle: `Concern ${stub.reference}`,
        stub,
        kindName: recordKindNames[stub.recordKind as RecordKind] ?? stub.recordKind,
        basisName: reviewBasisNames[stub.basis as ReviewBasis] ?? stub.basis,
      });
    }
    return reply.view('view-concern/views/concern.njk', { pageTitle: `Concern ${concern.reference}`, concern });
  });
}
