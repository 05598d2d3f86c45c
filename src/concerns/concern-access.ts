import type { HavenDb } from '../db/connect.ts';
import { type Actor, canViewConcern } from '../domain/access-policy.ts';
import { HavenError } from '../errors.ts';
import { findConcernAccessFacts } from './concern-access.queries.ts';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type AuthorizedConcern = Awaited<ReturnType<typeof authorizeConcern>>;

/**
 * The concern's reference, if the actor may see it. Anything else is "not found", so an id
 * from another organisation or someone else's concern reveals nothing, not even that it exists.
 * A concern disposed of under retention (issue 13) is "not found" to every step and page but
 * its own, which asks for it (`includeDisposed`) to show the stub: nothing is added to it again.
 */
export async function authorizeConcern(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  { includeDisposed = false }: { includeDisposed?: boolean } = {},
) {
  const facts = uuid.test(concernId) ? await findConcernAccessFacts(db, actor, concernId) : null;
  if (!facts || !canViewConcern(actor, facts)) throw new HavenError('not-found');
  if (facts.disposedAt && !includeDisposed) throw new HavenError('not-found');
  return facts;
}
