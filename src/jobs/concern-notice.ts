import type { HavenDb } from '../db/connect.ts';
import { triageDeadline } from '../domain/triage-deadline.ts';
import type { ConcernNotice } from '../mail/concern-messages.ts';
import { listClosureDays } from '../concerns/organisation-lists.queries.ts';
import type { ConcernDeadlineFacts } from './concern-notice.queries.ts';

/**
 * Works out concerns' triage deadlines: the stored one, or for rows from before it was stored,
 * the policy's deadline from when the concern arrived. Closure days are read once per
 * organisation for the resolver's lifetime (one job, or one scheduling pass).
 */
export function deadlineResolver(db: HavenDb) {
  const closureDays = new Map<string, Promise<ReadonlySet<string>>>();
  return async (concern: ConcernDeadlineFacts): Promise<Date> => {
    if (concern.triageDeadlineAt) return new Date(concern.triageDeadlineAt);
    let days = closureDays.get(concern.organisationId);
    if (!days) {
      days = listClosureDays(db, concern.organisationId);
      closureDays.set(concern.organisationId, days);
    }
    return triageDeadline(new Date(concern.createdAt), await days);
  };
}

/** The little a notification about this concern may say. */
export async function concernNotice(db: HavenDb, concern: ConcernDeadlineFacts): Promise<ConcernNotice> {
  return {
    concernId: concern.id,
    reference: concern.reference,
    triageDeadline: await deadlineResolver(db)(concern),
  };
}
