import type { FastifyInstance } from 'fastify';
import { type HavenDb, isDatabaseReachable } from '../../db/connect.ts';

/** /healthz: 200 when the database answers, 503 when it does not (for load balancers). */
export function registerHealthRoutes(app: FastifyInstance, db: HavenDb): void {
  app.get('/healthz', { config: { access: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    const database = await isDatabaseReachable(db);
    return reply.code(database ? 200 : 503).send({ status: database ? 'ok' : 'unavailable', database });
  });
}
