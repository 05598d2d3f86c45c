import { triageAlertDue } from '../domain/triage-warning.ts';
import { listConcernsNearTriageDeadline } from './concern-notice.queries.ts';
import { enqueueJob } from './job-queue.queries.ts';
import type { JobDeps } from './job-types.ts';

/** Bounds one pass; concerns left over are found by the next poll. */
const concernsPerPass = 500;

/**
 * Enqueues a warn-triage-breach job for each concern awaiting triage whose deadline is within
 * the warning window (a warning) or has passed (a breach). Each concern gets at most one of
 * each, however often and on however many instances this runs: the dedupe key sees to that.
 */
export async function scheduleTriageBreachWarnings(deps: JobDeps): Promise<number> {
  const { db, now, triageWarningHours } = deps;
  const horizon = new Date(now.getTime() + triageWarningHours * 3_600_000).toISOString();
  let enqueued = 0;
  for (const concern of await listConcernsNearTriageDeadline(db, horizon, concernsPerPass)) {
    const alert = triageAlertDue(new Date(concern.triageDeadlineAt), now, triageWarningHours);
    if (!alert) continue;
    const added = await enqueueJob(
      db,
      {
        organisationId: concern.organisationId,
        kind: 'warn-triage-breach',
        payload: { organisationId: concern.organisationId, concernId: concern.id, alert },
        dedupeKey: `triage-${alert}:${concern.id}`,
      },
      now,
    );
    if (added) enqueued += 1;
  }
  return enqueued;
}
