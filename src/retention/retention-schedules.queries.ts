import type { HavenDb } from '../db/connect.ts';
import {
  type RecordKind,
  type RetentionSchedule,
  defaultRetentionSchedules,
  recordKinds,
} from '../domain/retention-schedule.ts';

export type OrganisationSchedule = RetentionSchedule & Readonly<{ changed: boolean }>;

/** The organisation's schedules: the coordinator's where they changed one, the shipped default otherwise. */
export async function listRetentionSchedules(db: HavenDb, organisationId: string): Promise<OrganisationSchedule[]> {
  const rows = await db
    .selectFrom('retention_schedules')
    .select(['record_kind', 'years', 'retirement_age', 'source'])
    .where('organisation_id', '=', organisationId)
    .execute();
  return recordKinds.map((kind) => {
    const row = rows.find((candidate) => candidate.record_kind === kind);
    if (row) {
      return { kind, years: row.years, retirementAge: row.retirement_age, source: row.source, changed: true };
    }
    return { ...defaultRetentionSchedules.find((schedule) => schedule.kind === kind)!, changed: false };
  });
}

export async function saveRetentionSchedule(
  trx: HavenDb,
  organisationId: string,
  changedBy: string,
  schedule: RetentionSchedule,
): Promise<void> {
  const values = {
    years: schedule.years,
    retirement_age: schedule.retirementAge,
    source: schedule.source,
    changed_by: changedBy,
    changed_at: new Date().toISOString(),
  };
  await trx
    .insertInto('retention_schedules')
    .values({ organisation_id: organisationId, record_kind: schedule.kind, ...values })
    .onConflict((oc) => oc.columns(['organisation_id', 'record_kind']).doUpdateSet(values))
    .execute();
}

export async function resetRetentionSchedule(trx: HavenDb, organisationId: string, kind: RecordKind): Promise<void> {
  await trx
    .deleteFrom('retention_schedules')
    .where('organisation_id', '=', organisationId)
    .where('record_kind', '=', kind)
    .execute();
}
