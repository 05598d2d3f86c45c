import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../db/schema.ts';
import { newConcernMessage } from '../mail/concern-messages.ts';
import { triageRecipients } from '../domain/access-policy.ts';
import { concernNotice } from './concern-notice.ts';
import { findConcernDeadlineFacts, listStaffEmails } from './concern-notice.queries.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobKind } from './job-types.ts';

// Policy 10.4: a new concern goes to the organisation's DSOs and DSLs to triage.

const payload = z.object({ organisationId: z.string().min(1), concernId: z.string().min(1) });

export const notifyNewConcern: JobKind = {
  kind: 'notify-new-concern',
  async run(stored, { db, mailer, baseUrl }) {
    const { organisationId, concernId } = payload.parse(stored);
    const concern = await findConcernDeadlineFacts(db, organisationId, concernId);
    if (!concern) return 'concern-not-found';
    // Triaged before the email went: "to triage by" would send someone to do done work.
    if (concern.status !== 'awaiting_triage') return 'already-triaged';
    const to = await listStaffEmails(db, organisationId, triageRecipients(concern.restricted === 1, 'new'));
    if (to.length === 0) return 'no-recipients';
    await mailer.send({ to, ...newConcernMessage(concernNotice(concern), baseUrl) });
    return 'sent';
  },
};

/**
 * Schedules the new-concern email. Call it inside the transaction that records the concern,
 * so the email is due exactly when the concern exists; its dedupe key makes a repeat a no-op.
 */
export async function enqueueNewConcernNotification(
  trx: Kysely<Database>,
  concern: Readonly<{ organisationId: string; concernId: string }>,
): Promise<void> {
  await enqueueJob(trx, {
    organisationId: concern.organisationId,
    kind: notifyNewConcern.kind,
    payload: { organisationId: concern.organisationId, concernId: concern.concernId },
    dedupeKey: `new-concern:${concern.concernId}`,
  });
}
