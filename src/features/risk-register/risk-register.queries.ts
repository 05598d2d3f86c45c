import type { HavenDb } from '../../db/connect.ts';

export async function listRisks(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('risks')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .orderBy('raised_on')
    .orderBy('created_at')
    .execute();
}

export async function findRisk(db: HavenDb, organisationId: string, riskId: string) {
  return db
    .selectFrom('risks')
    .selectAll()
    .where('organisation_id', '=', organisationId)
    .where('id', '=', riskId)
    .executeTakeFirst();
}

export async function listControls(db: HavenDb, riskIds: readonly string[]) {
  if (riskIds.length === 0) return [];
  return db
    .selectFrom('risk_controls')
    .selectAll()
    .where('risk_id', 'in', riskIds)
    .orderBy('risk_id')
    .orderBy('position')
    .execute();
}

export async function findControl(db: HavenDb, riskId: string, controlId: string) {
  return db
    .selectFrom('risk_controls')
    .selectAll()
    .where('risk_id', '=', riskId)
    .where('id', '=', controlId)
    .executeTakeFirst();
}
