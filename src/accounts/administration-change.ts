import type { HavenDb } from '../db/connect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import type { Actor } from '../domain/access-policy.ts';

/** What an administrative change is about; each has its own page under administration. */
export type AdministrationSubject =
  | 'account'
  | 'service-area'
  | 'category'
  | 'agency'
  | 'referral-outcome'
  | 'closure-day'
  | 'retention-schedule'
  // The assurance loop (issue 10): the coordinator's changes to the plan, the register, Scrutiny and the policy.
  | 'action-plan'
  | 'plan-action'
  | 'risk'
  | 'scrutiny-recommendation'
  | 'safeguarding-policy';

/**
 * A subject's fields before or after a change. Names and email addresses of staff are not kept
 * here: an account change records that they changed, and the history shows the account's
 * current name (personal data stays out of trails).
 */
export type AdministrationSnapshot = Readonly<Record<string, string | number | boolean | null | readonly string[]>>;

export type AdministrationChange = Readonly<{
  subjectType: AdministrationSubject;
  subjectId: string;
  /** What was done, in a word or two: created, changed, retired, split, invited, deactivated, imported… */
  action: string;
  before: AdministrationSnapshot | null;
  after: AdministrationSnapshot | null;
}>;

/** Writes one change inside the caller's transaction, so the change and its record commit together. */
export async function recordAdministrationChange(
  trx: HavenDb,
  actor: Pick<Actor, 'userId' | 'organisationId'>,
  change: AdministrationChange,
): Promise<void> {
  await trx
    .insertInto('administration_changes')
    .values({
      id: timeOrderedId(),
      organisation_id: actor.organisationId,
      actor_id: actor.userId,
      subject_type: change.subjectType,
      subject_id: change.subjectId,
      action: change.action,
      before: change.before && JSON.stringify(change.before),
      after: change.after && JSON.stringify(change.after),
      own_account: change.subjectType === 'account' && change.subjectId === actor.userId ? 1 : 0,
      at: new Date().toISOString(),
    })
    .execute();
}
