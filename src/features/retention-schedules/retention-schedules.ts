import { recordAdministrationChange } from '../../accounts/administration-change.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { type RetentionSchedule, defaultRetentionSchedules } from '../../domain/retention-schedule.ts';
import {
  listRetentionSchedules,
  resetRetentionSchedule,
  saveRetentionSchedule,
} from '../../retention/retention-schedules.queries.ts';

const snapshot = (schedule: RetentionSchedule) => ({
  years: schedule.years,
  retirementAge: schedule.retirementAge,
  source: schedule.source,
});

/**
 * Changes one kind's schedule and keeps the change in the administration history, in one
 * transaction. Saving the schedule unchanged records nothing; saving the shipped default
 * removes the override, so later shipped changes reach the organisation again.
 */
export async function changeRetentionSchedule(db: HavenDb, actor: Actor, schedule: RetentionSchedule): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const current = (await listRetentionSchedules(trx, actor.organisationId)).find((s) => s.kind === schedule.kind)!;
    const before = snapshot(current);
    const after = snapshot(schedule);
    if (JSON.stringify(before) === JSON.stringify(after)) return;
    const shipped = defaultRetentionSchedules.find((s) => s.kind === schedule.kind)!;
    if (JSON.stringify(snapshot(shipped)) === JSON.stringify(after)) {
      await resetRetentionSchedule(trx, actor.organisationId, schedule.kind);
    } else {
      await saveRetentionSchedule(trx, actor.organisationId, actor.userId, schedule);
    }
    await recordAdministrationChange(trx, actor, {
      subjectType: 'retention-schedule',
      subjectId: schedule.kind,
      action: 'changed',
      before,
      after,
    });
  });
}
