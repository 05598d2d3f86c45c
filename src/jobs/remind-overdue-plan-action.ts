import { z } from 'zod';
import { todayInLondon } from '../domain/calendar-date.ts';
import { isActionOverdue } from '../domain/assurance-dates.ts';
import { overduePlanActionMessage } from '../mail/assurance-messages.ts';
import { findPlanActionLead, listOverduePlanActions } from './assurance-reminder.queries.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobDeps, JobKind } from './job-types.ts';

// An overdue action in the safeguarding action plan: its lead is reminded by email, once for
// each due date. The dedupe key names the action and the due date, so however often and on
// however many instances the schedule runs, one email goes; a new due date that passes earns one more.

const actionsPerPass = 500;

const payload = z.object({
  organisationId: z.string().min(1),
  actionId: z.string().min(1),
  dueOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

export async function scheduleOverduePlanActionReminders({ db, now }: JobDeps): Promise<number> {
  let enqueued = 0;
  for (const action of await listOverduePlanActions(db, todayInLondon(now), actionsPerPass)) {
    const added = await enqueueJob(
      db,
      {
        organisationId: action.organisation_id,
        kind: 'remind-overdue-plan-action',
        payload: { organisationId: action.organisation_id, actionId: action.id, dueOn: action.due_on! },
        dedupeKey: `plan-action-overdue:${action.id}:${action.due_on}`,
      },
      now,
    );
    if (added) enqueued += 1;
  }
  return enqueued;
}

export const remindOverduePlanAction: JobKind = {
  kind: 'remind-overdue-plan-action',
  schedule: scheduleOverduePlanActionReminders,
  async run(stored, { db, mailer, baseUrl, now }) {
    const { organisationId, actionId, dueOn } = payload.parse(stored);
    const action = await findPlanActionLead(db, organisationId, actionId);
    if (!action) return 'action-not-found';
    if (action.due_on !== dueOn || !isActionOverdue(action, todayInLondon(now))) return 'no-longer-overdue';
    if (!action.email) return 'no-recipients';
    await mailer.send({ to: [action.email], ...overduePlanActionMessage({ actionId, dueOn }, baseUrl) });
    return 'sent';
  },
};
