import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import { recordAuditEvents } from './audit.queries.ts';
import { recordConcernEvent } from './concern-changes.queries.ts';

export type ConcernEvent = { kind: string; details: Record<string, unknown> };

/**
 * Writes a change's timeline entry and its audit event inside the caller's transaction, so a
 * concern never changes without both.
 */
export async function recordConcernChange(
  trx: HavenDb,
  actor: Actor,
  concernId: string,
  event: ConcernEvent,
  requestId: string | null,
): Promise<void> {
  await recordConcernEvent(trx, actor, concernId, event.kind, event.details);
  await recordAuditEvents(trx, actor, 'concern.updated', [concernId], requestId);
}
