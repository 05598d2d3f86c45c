import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';

export type AuditAction =
  'concern.created' | 'concern.viewed' | 'concern.listed' | 'concern.updated' | 'attachment.downloaded';

/** Writes audit events inside the caller's transaction, so the action and its trail commit together. */
export async function recordAuditEvents(
  trx: HavenDb,
  actor: Actor,
  action: AuditAction,
  concernIds: readonly string[],
  requestId: string | null,
): Promise<void> {
  if (concernIds.length === 0) return;
  const at = new Date().toISOString();
  await trx
    .insertInto('audit_events')
    .values(
      concernIds.map((subjectId) => ({
        id: randomUUID(),
        organisation_id: actor.organisationId,
        actor_id: actor.userId,
        action,
        subject_type: 'concern',
        subject_id: subjectId,
        request_id: requestId,
        at,
      })),
    )
    .execute();
}
