import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import type { HavenDb } from '../src/db/connect.ts';
import type { SeededIds } from './database.ts';

type BaselineBody = { description: string; happenedOn: string; location: string };

/**
 * The floor Haven is compared with: bare Fastify, no plugins, sessions, CSRF, validation or
 * templates, and one INSERT of a concern row per request on the same kind of database.
 */
export async function buildBaselineApp(db: HavenDb, ids: SeededIds): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  let sequence = 0;
  app.post<{ Body: BaselineBody }>('/concerns', async (request, reply) => {
    const id = randomUUID();
    await db
      .insertInto('concerns')
      .values({
        id,
        organisation_id: ids.organisationId,
        // Unique per organisation, as Haven's references are; a counter stands in for its sequence.
        reference: `BASE-${++sequence}`,
        reporter_id: ids.reporterId,
        service_area_id: ids.serviceAreaId,
        what_happened: request.body.description,
        happened_on: request.body.happenedOn,
        location: request.body.location,
        status: 'awaiting_triage',
        created_at: new Date().toISOString(),
        // Haven works its deadline out in the application; the floor stores one without the sum.
        triage_deadline_at: new Date().toISOString(),
      })
      .execute();
    return reply.code(201).send({ id });
  });
  return app;
}
