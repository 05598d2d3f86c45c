import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { HavenDb } from '../../db/connect.ts';
import { HavenError } from '../../errors.ts';
import { type Whose, endSession, summariseSessions } from './sessions.ts';

type Options = { db: HavenDb; secret: string };
const endForm = z.object({ session: z.string().max(64) });

/** "Your sessions" for everyone, and every session in the organisation for administrators. */
export function registerSessionRoutes(app: FastifyInstance, { db, secret }: Options): void {
  const own = (request: FastifyRequest): Whose => ({ userId: request.actor!.userId });
  const organisation = (request: FastifyRequest): Whose => ({ organisationId: request.actor!.organisationId });

  app.get('/account/sessions', { config: { access: 'signed-in' } }, async (request, reply) =>
    renderSessions(request, reply, own(request), false),
  );
  app.post('/account/sessions/end', { config: { access: 'signed-in' } }, async (request, reply) =>
    end(request, reply, own(request), '/account/sessions'),
  );
  app.get('/sessions', { config: { access: 'sessions:manage' } }, async (request, reply) =>
    renderSessions(request, reply, organisation(request), true),
  );
  app.post('/sessions/end', { config: { access: 'sessions:manage' } }, async (request, reply) =>
    end(request, reply, organisation(request), '/sessions'),
  );

  async function renderSessions(request: FastifyRequest, reply: FastifyReply, whose: Whose, everyone: boolean) {
    // Session expiry is written by the session store in real time, so it is read in real time.
    const sessions = await summariseSessions(db, secret, whose, request.session.sessionId, new Date());
    const ended = (request.query as Record<string, unknown>).ended === '1';
    return reply.view('sessions/views/sessions.njk', {
      pageTitle: everyone ? 'Sessions in your organisation' : 'Your sessions',
      everyone,
      sessions,
      ended,
      action: everyone ? '/sessions/end' : '/account/sessions/end',
      backLink: everyone ? null : '/account',
    });
  }

  async function end(request: FastifyRequest, reply: FastifyReply, whose: Whose, returnTo: string) {
    const form = endForm.safeParse(request.body ?? {});
    if (!form.success) throw new HavenError('bad-request');
    const ended = await endSession(
      db,
      {
        actor: request.actor!,
        secret,
        whose,
        handle: form.data.session,
        currentId: request.session.sessionId,
        requestId: request.id,
      },
      new Date(),
    );
    // Already ended (another tab, the idle timeout) or never one of theirs: nothing to do.
    if (!ended) throw new HavenError('not-found');
    if (ended.current) return reply.redirect('/sign-in?signed-out=1', 303);
    return reply.redirect(`${returnTo}?ended=1`, 303);
  }
}
