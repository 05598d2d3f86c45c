import { createHash } from 'node:crypto';
import { z } from 'zod';
import { verifyAuditChains } from '../concerns/audit-chain.queries.ts';
import { describeChainBreak } from '../domain/audit-chain.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobDeps, JobKind } from './job-types.ts';

// Tamper-evident audit (issue 13): each organisation's audit chain is verified once a day; a
// break is told to the organisation's DSLs by alert-audit-chain-break, once for each set of breaks.

const payload = z.object({ organisationId: z.string().min(1) });

/** Breaks named in the alert's identity: the same breaks found again are the same alert. */
const breaksConsidered = 20;

export const verifyAuditChainJob = 'verify-audit-chain';
export const alertAuditChainBreakJob = 'alert-audit-chain-break';

export const verifyAuditChain: JobKind = {
  kind: verifyAuditChainJob,
  schedule: scheduleAuditChainChecks,
  async run(stored, { db, now }) {
    const { organisationId } = payload.parse(stored);
    const verification = await verifyAuditChains(db, { organisationId, keep: breaksConsidered });
    const [first] = verification.breaks;
    if (!first) return 'unbroken';
    // The alert's dedupe key is a digest of where the chain breaks: a later check that finds
    // the same breaks adds nothing, new breaks make a new alert.
    const where = JSON.stringify([verification.breakCount, verification.breaks.map(describeChainBreak)]);
    const digest = createHash('sha256').update(where).digest('hex');
    const added = await enqueueJob(
      db,
      {
        organisationId,
        kind: alertAuditChainBreakJob,
        payload: {
          organisationId,
          breakCount: String(verification.breakCount),
          firstSeq: String(first.seq ?? 'none'),
          firstEventId: first.eventId ?? '',
          firstKind: first.kind,
        },
        dedupeKey: `audit-chain-break:${organisationId}:${digest}`,
      },
      now,
    );
    return added ? 'broken-alert-queued' : 'broken-already-alerted';
  },
};

/** One check per organisation per day (UTC), however many instances poll. */
async function scheduleAuditChainChecks({ db, now }: JobDeps): Promise<number> {
  const day = now.toISOString().slice(0, 10);
  let enqueued = 0;
  for (const { id } of await db.selectFrom('organisations').select('id').orderBy('id').execute()) {
    const added = await enqueueJob(
      db,
      {
        organisationId: id,
        kind: verifyAuditChainJob,
        payload: { organisationId: id },
        dedupeKey: `audit-chain-verify:${id}:${day}`,
        // A check reads every event; once is enough, the next day's comes anyway.
        maxAttempts: 1,
      },
      now,
    );
    if (added) enqueued += 1;
  }
  return enqueued;
}
