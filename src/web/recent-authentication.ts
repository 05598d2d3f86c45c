import type { FastifyReply, FastifyRequest } from 'fastify';
import { authenticatedRecently } from '../domain/second-factor.ts';

export const reAuthenticatePath = '/re-authenticate';

/**
 * A route's preHandler for sensitive actions: unless the person proved themself in the last 15
 * minutes, they are sent to prove it again and then back to the page (a form's GET address, so
 * a POST made too late asks again and returns to the form rather than repeating the post).
 * Used by lifting a restriction, the Home Office disclosures report (data leaving Haven), and
 * adding or removing a passkey; ready for changing roles.
 */
export async function recentAuthentication(request: FastifyRequest, reply: FastifyReply) {
  if (authenticatedRecently(request.session.lastProvedAt, request.server.clock())) return;
  const returnTo = request.url.split('?')[0] ?? '/';
  return reply.redirect(`${reAuthenticatePath}?return-to=${encodeURIComponent(returnTo)}`, 303);
}

/** A path within Haven to go back to; anything else (another site, "//evil") becomes home. */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 500) return '/';
  return /^\/(?![/\\])[A-Za-z0-9/_-]*$/.test(value) ? value : '/';
}
