import type { Kysely } from 'kysely';
import { z } from 'zod';
import { todayInLondon } from '../domain/calendar-date.ts';
import { nextWorkingDay } from '../domain/triage-deadline.ts';
import type { Database } from '../db/schema.ts';
import { type ActionAlert, actionMessage } from '../mail/concern-messages.ts';
import { findActionNotice, listOpenActionsDueBy } from './action-notice.queries.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobDeps, JobKind } from './job-types.ts';

// Procedures 14.2: a DSO directs actions to the case owner and follows up outstanding ones. The
// owner is told when an action is directed to them, reminded the working day before it is due,
// and told once when it is overdue.

const payload = z.object({
  organisationId: z.string().min(1),
  actionId: z.string().min(1),
  alert: z.enum(['directed', 'due', 'overdue']),
});

/** Bounds one scheduling pass; the next poll finds the rest. */
const actionsPerPass = 500;

export const notifyAction: JobKind = {
  kind: 'notify-action',
  schedule: scheduleActionReminders,
  async run(stored, { db, mailer, baseUrl }) {
    const { organisationId, actionId, alert } = payload.parse(stored);
    const action = await findActionNotice(db, organisationId, actionId);
    if (!action) return 'action-not-found';
    if (action.doneAt) return 'already-done';
    await mailer.send({ to: [action.email], ...actionMessage(alert, action, baseUrl) });
    return 'sent';
  },
};

/** Schedules the "directed to you" email inside the transaction that creates the action. */
export async function enqueueActionDirected(
  trx: Kysely<Database>,
  action: Readonly<{ organisationId: string; actionId: string }>,
): Promise<void> {
  await enqueueAction(trx, action.organisationId, action.actionId, 'directed');
}

async function scheduleActionReminders({ db, now }: JobDeps): Promise<number> {
  const today = todayInLondon(now);
  let enqueued = 0;
  for (const action of await listOpenActionsDueBy(db, nextWorkingDay(today), actionsPerPass)) {
    const alert: ActionAlert = action.dueOn < today ? 'overdue' : 'due';
    if (await enqueueAction(db, action.organisationId, action.id, alert, now)) enqueued += 1;
  }
  return enqueued;
}

function enqueueAction(db: Kysely<Database>, organisationId: string, actionId: string, alert: ActionAlert, now?: Date) {
  return enqueueJob(
    db,
    {
      organisationId,
      kind: notifyAction.kind,
      payload: { organisationId, actionId, alert },
      dedupeKey: `action-${alert}:${actionId}`,
    },
    now,
  );
}
