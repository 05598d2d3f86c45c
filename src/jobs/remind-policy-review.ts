import { z } from 'zod';
import { policyReviewsDue } from '../domain/assurance-dates.ts';
import { todayInLondon } from '../domain/calendar-date.ts';
import { policyReviewMessage } from '../mail/assurance-messages.ts';
import { findPolicyReviewDates, listPolicyReviewDates } from './assurance-reminder.queries.ts';
import { listStaffEmails } from './concern-notice.queries.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobDeps, JobKind } from './job-types.ts';

// Policy 17.5–17.6: the safeguarding policy is reviewed every year and goes to Cabinet for
// approval every three. When either falls due the coordinator is emailed, once for each due date.

const payload = z.object({
  organisationId: z.string().min(1),
  kind: z.enum(['annual', 'cabinet']),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export async function schedulePolicyReviewReminders({ db, now }: JobDeps): Promise<number> {
  const today = todayInLondon(now);
  let enqueued = 0;
  for (const row of await listPolicyReviewDates(db)) {
    const dates = { lastReviewedOn: row.last_reviewed_on, lastApprovedOn: row.last_approved_on };
    for (const next of policyReviewsDue(dates, today).filter((review) => review.due)) {
      const added = await enqueueJob(
        db,
        {
          organisationId: row.organisation_id,
          kind: 'remind-policy-review',
          payload: { organisationId: row.organisation_id, kind: next.kind, dueOn: next.dueOn },
          dedupeKey: `policy-review:${row.organisation_id}:${next.kind}:${next.dueOn}`,
        },
        now,
      );
      if (added) enqueued += 1;
    }
  }
  return enqueued;
}

export const remindPolicyReview: JobKind = {
  kind: 'remind-policy-review',
  schedule: schedulePolicyReviewReminders,
  async run(stored, { db, mailer, baseUrl, now }) {
    const { organisationId, kind, dueOn } = payload.parse(stored);
    const row = await findPolicyReviewDates(db, organisationId);
    const dates = { lastReviewedOn: row?.last_reviewed_on ?? null, lastApprovedOn: row?.last_approved_on ?? null };
    const still = policyReviewsDue(dates, todayInLondon(now)).find((next) => next.kind === kind);
    // Recorded since the job was queued: the review was done, nothing to remind.
    if (!still || still.dueOn !== dueOn || !still.due) return 'already-reviewed';
    const to = await listStaffEmails(db, organisationId, ['coordinator']);
    if (to.length === 0) return 'no-recipients';
    await mailer.send({ to, ...policyReviewMessage({ kind, dueOn }, baseUrl) });
    return 'sent';
  },
};
