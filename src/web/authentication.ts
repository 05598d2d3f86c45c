import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isAllowed, roleSet } from '../domain/access-policy.ts';
import type { HavenDb } from '../db/connect.ts';
import { HavenError } from '../errors.ts';
import type { DeclaredRoute, SignedInUser } from './fastify-types.ts';

type Options = { db: HavenDb; absoluteTimeoutMs: number; idleTimeoutMs: number };

/**
 * How long after marking activity (a session write) the next request marks it again: a tenth
 * of the idle timeout, at most a minute. Marking less often than the idle timeout is what
 * signed out steady users; so someone who stops is signed out between 90% and 100% of the
 * idle timeout after their last request, at the cost of one write per interval at most.
 */
export function activityInterval(idleTimeoutMs: number): number {
  return Math.min(60_000, idleTimeoutMs / 10);
}

/**
 * Refuses to register a route that does not say who may reach it, then checks that
 * declaration on every request. Concern-level rules live in the access policy.
 */
export function registerAccessControl(app: FastifyInstance, { db, absoluteTimeoutMs, idleTimeoutMs }: Options): void {
  const activityIntervalMs = activityInterval(idleTimeoutMs);
  app.decorateRequest('actor', null);
  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);

  app.addHook('onRoute', (route) => {
    // The GOV.UK assets are the only routes a plugin (@fastify/static) adds; they are public.
    if (route.url.startsWith('/assets/')) route.config = { ...route.config, access: 'public' };
    const access = route.config?.access;
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} has no access rule: add config.access`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') declared.push({ method, url: route.url, access });
    }
  });

  app.addHook('preHandler', async (request, reply) => {
    const access = request.routeOptions.config.access;
    if (access === 'public') return;
    request.actor = await loadSignedInUser(db, request, absoluteTimeoutMs, activityIntervalMs);
    // Only the not-found handler has no rule (onRoute refuses such routes): its 404 is for anyone.
    if (access === undefined) return;
    if (!request.actor) return redirectToSignIn(request, reply);
    if (access !== 'signed-in' && !isAllowed(request.actor, access)) throw new HavenError('forbidden');
  });
}

async function loadSignedInUser(
  db: HavenDb,
  request: FastifyRequest,
  absoluteTimeoutMs: number,
  activityIntervalMs: number,
): Promise<SignedInUser | null> {
  const { userId, signedInAt, lastActiveAt } = request.session;
  if (!userId || !signedInAt) return null;
  const now = Date.now();
  if (now - signedInAt > absoluteTimeoutMs) {
    await request.session.destroy();
    return null;
  }
  // Changing the session saves it, which moves its idle expiry.
  if (now - (lastActiveAt ?? 0) > activityIntervalMs) request.session.lastActiveAt = now;
  // Read with the session when it was loaded for this request (one query, not two).
  const { userAtRead } = request.session;
  if (userAtRead !== undefined && (userAtRead === null || userAtRead.userId === userId)) return userAtRead;
  return findSignedInUser(db, userId);
}

type UserRoleRow = {
  id: string | null;
  organisation_id: string | null;
  display_name: string | null;
  role: string | null;
};

/** One row per role held (or one with no role) for a person left-joined to their roles; null when no person. */
export function signedInUserFrom(rows: readonly UserRoleRow[]): SignedInUser | null {
  const [user] = rows;
  if (!user?.id || user.organisation_id === null || user.display_name === null) return null;
  return {
    userId: user.id,
    organisationId: user.organisation_id,
    roles: roleSet(rows.flatMap((row) => (row.role === null ? [] : [row.role]))),
    displayName: user.display_name,
  };
}

/** The person and every role they hold, in one query; a person with no role is signed in but may do nothing. */
async function findSignedInUser(db: HavenDb, userId: string): Promise<SignedInUser | null> {
  const rows = await db
    .selectFrom('users')
    .leftJoin('user_roles', (join) =>
      join
        .onRef('user_roles.user_id', '=', 'users.id')
        .onRef('user_roles.organisation_id', '=', 'users.organisation_id'),
    )
    .select(['users.id', 'users.organisation_id', 'users.display_name', 'user_roles.role'])
    .where('users.id', '=', userId)
    // A switched-off account's sessions end at their next request (migration 0014).
    .where('users.deactivated_at', 'is', null)
    .execute();
  return signedInUserFrom(rows);
}

function redirectToSignIn(request: FastifyRequest, reply: FastifyReply) {
  if (request.method !== 'GET') throw new HavenError('forbidden');
  return reply.redirect('/sign-in');
}
