import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { canViewConcern } from '../domain/access-policy.ts';
import { lineManagerMessage } from '../mail/concern-messages.ts';
import { findLineManagerNoticeFacts } from './line-manager-notice.queries.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobKind } from './job-types.ts';

// Procedures 5.5, 6.1–6.2, 8.3: the reporter's line manager is told a concern was sent. Whether
// to tell them was decided when the concern was recorded (domain/line-manager-notice.ts); the
// job checks again what may have changed since: a DSL restricted the concern, or the manager left.

const payload = z.object({
  organisationId: z.string().min(1),
  concernId: z.string().min(1),
  lineManagerId: z.string().min(1),
});

export const notifyLineManager: JobKind = {
  kind: 'notify-line-manager',
  async run(stored, { db, mailer, baseUrl }) {
    const { organisationId, concernId, lineManagerId } = payload.parse(stored);
    const facts = await findLineManagerNoticeFacts(db, organisationId, concernId, lineManagerId);
    if (!facts) return 'not-found';
    const { concern, manager } = facts;
    if (concern.restricted) return 'restricted';
    if (manager.deactivatedAt) return 'line-manager-deactivated';
    // A link they can open, or none to the concern: most line managers may not read it.
    const canOpen = canViewConcern(
      { userId: manager.id, organisationId, roles: manager.roles },
      { organisationId, reporterId: concern.reporterId, ownerId: concern.ownerId, restricted: concern.restricted },
    );
    const message = lineManagerMessage(
      { reference: concern.reference, concernId: canOpen ? concern.id : null },
      baseUrl,
    );
    await mailer.send({ to: [manager.email], ...message });
    return 'sent';
  },
};

/**
 * Schedules the line manager's email. Call it inside the transaction that records the concern,
 * so it is due exactly when the concern exists and is never lost; a repeat is a no-op.
 */
export async function enqueueLineManagerNotice(
  trx: Kysely<Database>,
  notice: Readonly<{ organisationId: string; concernId: string; lineManagerId: string }>,
): Promise<void> {
  await enqueueJob(trx, {
    organisationId: notice.organisationId,
    kind: notifyLineManager.kind,
    payload: { ...notice },
    dedupeKey: `line-manager:${notice.concernId}`,
  });
}
