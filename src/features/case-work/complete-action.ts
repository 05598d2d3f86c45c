import type { HavenDb } from '../../db/connect.ts';
import { type Actor, canCompleteAction } from '../../domain/access-policy.ts';
import { authorizeConcern } from '../../concerns/concern-access.ts';
import { recordConcernChange } from '../../concerns/concern-event.ts';

/**
 * Marks an action done, by the person it was directed to or someone who works the concern.
 * A concern the actor may not see is "not found" (thrown); false when there is no such action
 * the actor may complete (also shown as "not found"). Completing twice is harmless.
 */
export async function completeAction(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  actionId: string,
  requestId: string | null,
): Promise<boolean> {
  const concern = await authorizeConcern(db, actor, concernId);
  return db.transaction().execute(async (trx) => {
    const action = await trx
      .selectFrom('concern_actions')
      .select(['id', 'assignee_id', 'done_at'])
      .where('organisation_id', '=', actor.organisationId)
      .where('concern_id', '=', concern.id)
      .where('id', '=', actionId)
      .executeTakeFirst();
    if (!action || !canCompleteAction(actor, concern, { assigneeId: action.assignee_id })) return false;
    if (action.done_at) return true;
    await trx
      .updateTable('concern_actions')
      .set({ done_at: new Date().toISOString(), done_by: actor.userId })
      .where('id', '=', actionId)
      .where('done_at', 'is', null)
      .execute();
    await recordConcernChange(trx, actor, concern.id, { kind: 'action_done', details: { actionId } }, requestId);
    return true;
  });
}
