import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';
import { type CaseStep, type ConcernState, decideStep } from '../domain/concern-lifecycle.ts';
import { Refusal } from '../errors.ts';
import type { AuthorizedConcern } from './concern-access.ts';
import { changeConcernIfCurrent } from './concern-changes.queries.ts';
import { type ConcernEvent, recordConcernChange } from './concern-event.ts';

export const changedMeanwhile =
  'Someone else changed this concern while you were working on it. Nothing you entered was saved: check the concern, then try again.';

export type CaseChange = {
  /** The step in the concern's lifecycle: it decides whether the step is allowed and the status after it. */
  step: CaseStep;
  concern?: Omit<Parameters<typeof changeConcernIfCurrent>[4], 'status'>;
  event: ConcernEvent;
  /** Runs first, inside the transaction: throws a Refusal when the step is not allowed. */
  check?: (trx: HavenDb) => Promise<void>;
  /** Further writes of the same step (an action row, a referral row). */
  apply?: (trx: HavenDb) => Promise<void>;
};

type Target = { concern: ConcernState & { id: string }; version: number; requestId: string | null };

export type Params = Record<string, string> & { concernId: string };

/** What a case-work form hands its step: the concern as the form saw it and what was entered. */
export type CaseFormContext<Input> = {
  db: HavenDb;
  actor: Actor;
  concern: AuthorizedConcern;
  params: Params;
  version: number;
  input: Input;
  requestId: string;
};

/** One case-work step (a use case): throws a Refusal, with nothing written, when it is not allowed. */
export type CaseFormStep<Input> = (context: CaseFormContext<Input>) => Promise<void>;

/** The concern and version a step changes, from the form's context. */
export const targetOf = ({ concern, version, requestId }: CaseFormContext<unknown>): Target => ({
  concern,
  version,
  requestId,
});

/**
 * One case-work step as one transaction: the lifecycle rule for the concern as the form saw it,
 * the version check (so that state is still current, and two officers working at once cannot
 * overwrite each other), the step's writes, its timeline entry and its audit event.
 */
export async function changeCase(db: HavenDb, actor: Actor, target: Target, step: CaseChange): Promise<void> {
  const decision = decideStep(target.concern, step.step);
  if (!decision.allowed) throw new Refusal('step-not-allowed', decision.reason);
  const concernId = target.concern.id;
  await db.transaction().execute(async (trx) => {
    await step.check?.(trx);
    const change = { ...step.concern, status: decision.status };
    const current = await changeConcernIfCurrent(trx, actor, concernId, target.version, change);
    // Someone else changed the concern after this form was drawn.
    if (!current) throw new Refusal('concern-changed', changedMeanwhile);
    await step.apply?.(trx);
    await recordConcernChange(trx, actor, concernId, step.event, target.requestId);
  });
}
