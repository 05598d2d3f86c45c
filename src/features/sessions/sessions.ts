import { createHmac, timingSafeEqual } from 'node:crypto';
import { recordAuditEvents } from '../../concerns/audit.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type SessionRow, deleteSession, listSignedInSessions } from './sessions.queries.ts';

/** A session as a person sees it: never its id, which is what its cookie carries. */
export type SessionSummary = {
  handle: string;
  displayName: string;
  startedAt: string;
  lastActiveAt: string;
  device: string;
  current: boolean;
};

export type Whose = { userId: string } | { organisationId: string };

/**
 * Pages name a session by a keyed hash of its id, so its id (half of a working cookie) never
 * appears in a page, a form or a log.
 */
export function sessionHandle(secret: string, sessionId: string): string {
  return createHmac('sha256', secret).update(`session-handle\0${sessionId}`).digest('base64url').slice(0, 32);
}

export async function summariseSessions(
  db: HavenDb,
  secret: string,
  whose: Whose,
  currentId: string,
  now: Date,
): Promise<SessionSummary[]> {
  const rows = await listSignedInSessions(db, whose, now);
  return rows.map((row) => summary(secret, row, currentId));
}

/**
 * Ends the session with this handle among those the actor may see; returns whether it was
 * the actor's own current one, or null when there is none (already ended, or never theirs).
 */
export async function endSession(
  db: HavenDb,
  context: { actor: Actor; secret: string; whose: Whose; handle: string; currentId: string; requestId: string },
  now: Date,
): Promise<{ current: boolean } | null> {
  const rows = await listSignedInSessions(db, context.whose, now);
  const wanted = Buffer.from(context.handle);
  const row = rows.find((candidate) => {
    const handle = Buffer.from(sessionHandle(context.secret, candidate.id));
    return handle.length === wanted.length && timingSafeEqual(handle, wanted);
  });
  if (!row) return null;
  await db.transaction().execute(async (trx) => {
    await deleteSession(trx, row.id);
    await recordAuditEvents(trx, context.actor, 'account.session-ended', [row.userId], context.requestId);
  });
  return { current: row.id === context.currentId };
}

function summary(secret: string, row: SessionRow, currentId: string): SessionSummary {
  const data = parseSessionData(row.data);
  const lastActive = data.lastActiveAt ?? data.signedInAt;
  return {
    handle: sessionHandle(secret, row.id),
    displayName: row.displayName,
    startedAt: row.createdAt,
    lastActiveAt: typeof lastActive === 'number' ? new Date(lastActive).toISOString() : row.createdAt,
    device: typeof data.device === 'string' ? data.device : 'Unknown browser',
    current: row.id === currentId,
  };
}

function parseSessionData(data: string): { lastActiveAt?: unknown; signedInAt?: unknown; device?: unknown } {
  try {
    const parsed: unknown = JSON.parse(data);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {};
  }
}
