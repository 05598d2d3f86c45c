import type { FastifyInstance } from 'fastify';
import { type HavenDb, isDatabaseReachable } from '../../db/connect.ts';
import type { Readiness } from '../../web/readiness.ts';

/**
 * /healthz (liveness): 200 whenever this process answers, with whether the database does, so a
 * database away for a minute does not get every instance restarted at once.
 * /readyz (readiness, for the load balancer): 200 only when this instance has finished starting
 * (migrations done), is not stopping, and the database answers; 503 with the reason otherwise.
 */
export function registerHealthRoutes(app: FastifyInstance, db: HavenDb, readiness: Readiness): void {
  app.get('/healthz', { config: { access: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    const database = await isDatabaseReachable(db);
    return reply.code(200).send({ status: 'ok', database });
  });

  app.get('/readyz', { config: { access: 'public' }, logLevel: 'warn' }, async (_request, reply) => {
    if (readiness.state !== 'ready') return reply.code(503).send({ status: readiness.state, database: null });
    const database = await isDatabaseReachable(db);
    return reply.code(database ? 200 : 503).send({ status: database ? 'ready' : 'database-unreachable', database });
  });
}
