import type { HavenDb } from '../db/connect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { Actor } from '../domain/access-policy.ts';

export type AuditAction =
  | 'concern.created'
  | 'concern.viewed'
  | 'concern.listed'
  | 'concern.updated'
  | 'attachment.downloaded'
  // Read in a person's chronology (people/): more than a list shows, less than opening it.
  | 'concern.read-in-chronology'
  | 'person.created'
  | 'person.viewed'
  | 'person.listed'
  | 'person.linked'
  | 'person.merged'
  | 'person.household-changed'
  // Guessing at sign-in (issue 11): the subject and actor are the account the attempt named,
  // because nobody is signed in; what was typed is never kept.
  | 'sign-in.failed'
  | 'sign-in.throttled'
  // Second factors and sessions (issue 8): the subject is the account; codes are never kept.
  | 'account.second-factor-enrolled'
  | 'account.second-factor-failed'
  | 'account.second-factor-throttled'
  | 'account.recovery-code-used'
  | 'account.session-ended';

/** What an audit event is about: a person in the index for person.*, an account for sign-in.*, otherwise a concern. */
export const auditSubjectOf = (action: AuditAction) =>
  action.startsWith('person.')
    ? 'person'
    : action.startsWith('sign-in.') || action.startsWith('account.')
      ? 'account'
      : 'concern';

/** Writes audit events inside the caller's transaction, so the action and its trail commit together. */
export async function recordAuditEvents(
  trx: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  action: AuditAction,
  subjectIds: readonly string[],
  requestId: string | null,
): Promise<void> {
  if (subjectIds.length === 0) return;
  const at = new Date().toISOString();
  const subjectType = auditSubjectOf(action);
  await trx
    .insertInto('audit_events')
    .values(
      subjectIds.map((subjectId) => ({
        id: timeOrderedId(),
        organisation_id: actor.organisationId,
        actor_id: actor.userId,
        action,
        subject_type: subjectType,
        subject_id: subjectId,
        request_id: requestId,
        at,
      })),
    )
    .execute();
}
