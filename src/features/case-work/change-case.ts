import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { recordAuditEvents } from '../audit/audit.queries.ts';
import { changeConcernIfCurrent, recordConcernEvent } from './case-work.queries.ts';

/** Someone else changed the concern after this form was drawn; nothing was saved. */
export class ConcernChangedMeanwhile extends Error {
  constructor() {
    super('concern changed meanwhile');
  }
}

/** The case cannot take this step in its current state; the message is for the user. */
export class CaseStepRefused extends Error {}

export type CaseChange = {
  concern?: Parameters<typeof changeConcernIfCurrent>[4];
  event: { kind: string; details: Record<string, unknown> };
  /** Runs first, inside the transaction: throws CaseStepRefused when the step is not allowed. */
  check?: (trx: HavenDb) => Promise<void>;
  /** Further writes of the same step (an action row, a referral row). */
  apply?: (trx: HavenDb) => Promise<void>;
};

type Target = { concernId: string; version: number; requestId: string | null };

/**
 * One case-work step as one transaction: the version check (so two officers working at once
 * cannot overwrite each other), the step's writes, its timeline entry and its audit event.
 */
export async function changeCase(db: HavenDb, actor: Actor, target: Target, step: CaseChange): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await step.check?.(trx);
    const current = await changeConcernIfCurrent(trx, actor, target.concernId, target.version, step.concern ?? {});
    if (!current) throw new ConcernChangedMeanwhile();
    await step.apply?.(trx);
    await recordConcernEvent(trx, actor, target.concernId, step.event.kind, step.event.details);
    await recordAuditEvents(trx, actor, 'concern.updated', [target.concernId], target.requestId);
  });
}
