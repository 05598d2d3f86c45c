import Bowser from 'bowser';
import type { FastifyRequest } from 'fastify';

// The two ways a session is started after a password is right: signed in, or owing a second
// factor. Each gets a new session id, so an id fixed before sign-in is worthless after it.

/** Marks the session signed in: the only state authentication.ts lets through. */
export async function startSignedInSession(request: FastifyRequest, userId: string, now: Date): Promise<void> {
  await request.session.regenerate();
  request.session.userId = userId;
  request.session.signedInAt = Date.now();
  request.session.lastProvedAt = now.getTime();
  request.session.device = describeDevice(request.headers['user-agent']);
}

/** Holds the account whose password was right until its second factor is proved or enrolled. */
export async function startPendingSignIn(
  request: FastifyRequest,
  userId: string,
  step: 'verify' | 'enrol',
  now: Date,
): Promise<void> {
  await request.session.regenerate();
  request.session.pendingSignIn = { userId, step, startedAt: now.getTime() };
}

/** A password accepted this long ago, with no second factor since, must be typed again. */
const pendingSignInMinutes = 10;

/**
 * The account whose password was right, while its sign-in waits for this step (a second factor
 * to prove, or one to set up) and has not gone stale; null for any other session.
 */
export function pendingSignInUser(request: FastifyRequest, step: 'verify' | 'enrol'): string | null {
  const pending = request.session.pendingSignIn;
  if (!pending || pending.step !== step) return null;
  const age = request.server.clock().getTime() - pending.startedAt;
  return age >= 0 && age <= pendingSignInMinutes * 60_000 ? pending.userId : null;
}

/** "Chrome on Windows": enough for a person to recognise their own devices, too little to track them. */
export function describeDevice(userAgent: string | undefined): string {
  if (!userAgent) return 'Unknown browser';
  const parsed = Bowser.parse(userAgent.slice(0, 512));
  const browser = parsed.browser.name || 'Unknown browser';
  return parsed.os.name ? `${browser} on ${parsed.os.name}` : browser;
}
