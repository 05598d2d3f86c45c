import type { HavenDb } from '../../db/connect.ts';
import { type Actor, isAllowed } from '../../domain/access-policy.ts';
import { recordConcernChange } from '../../concerns/concern-event.ts';

/**
 * Marks an action done, by the person it was directed to or a DSO/DSL. False when there is no
 * such open action the actor may complete (shown as "not found"). Completing twice is harmless.
 */
export async function completeAction(
  db: HavenDb,
  actor: Actor,
  concernId: string,
  actionId: string,
  requestId: string | null,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const action = await trx
      .selectFrom('concern_actions')
      .select(['id', 'assignee_id', 'done_at'])
      .where('organisation_id', '=', actor.organisationId)
      .where('concern_id', '=', concernId)
      .where('id', '=', actionId)
      .executeTakeFirst();
    const mayComplete = action && (action.assignee_id === actor.userId || isAllowed(actor.role, 'case:work'));
    if (!mayComplete) return false;
    if (action.done_at) return true;
    await trx
      .updateTable('concern_actions')
      .set({ done_at: new Date().toISOString(), done_by: actor.userId })
      .where('id', '=', actionId)
      .where('done_at', 'is', null)
      .execute();
    await recordConcernChange(trx, actor, concernId, { kind: 'action_done', details: { actionId } }, requestId);
    return true;
  });
}
