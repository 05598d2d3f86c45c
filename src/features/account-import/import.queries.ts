import { listServiceAreasInUse } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import { timeOrderedId } from '../../db/time-ordered-id.ts';
import type { ImportContext } from './import-plan.ts';

type Owner = Readonly<{ userId: string; organisationId: string }>;

/** An unfinished import holds staff details: it is forgotten after a day. */
const keptForMs = 24 * 3_600_000;

/** Keeps an uploaded file for this administrator, replacing any import they had not finished. */
export async function saveImport(db: HavenDb, owner: Owner, contents: string, now: Date): Promise<string> {
  const id = timeOrderedId();
  await db.transaction().execute(async (trx) => {
    const stale = new Date(now.getTime() - keptForMs).toISOString();
    await trx
      .deleteFrom('account_imports')
      .where((eb) => eb.or([eb('created_by', '=', owner.userId), eb('created_at', '<', stale)]))
      .execute();
    await trx
      .insertInto('account_imports')
      .values({
        id,
        organisation_id: owner.organisationId,
        created_by: owner.userId,
        created_at: now.toISOString(),
        contents,
        mapping: null,
      })
      .execute();
  });
  return id;
}

/** The administrator's own unfinished import, or null: another administrator's is never found. */
export function findImport(db: HavenDb, owner: Owner, id: string | undefined, now: Date) {
  if (!id) return Promise.resolve(undefined);
  return db
    .selectFrom('account_imports')
    .select(['id', 'contents', 'mapping'])
    .where('id', '=', id)
    .where('created_by', '=', owner.userId)
    .where('organisation_id', '=', owner.organisationId)
    .where('created_at', '>=', new Date(now.getTime() - keptForMs).toISOString())
    .executeTakeFirst();
}

export async function saveMapping(db: HavenDb, id: string, mapping: string): Promise<void> {
  await db.updateTable('account_imports').set({ mapping }).where('id', '=', id).execute();
}

export async function deleteImport(db: HavenDb, id: string): Promise<void> {
  await db.deleteFrom('account_imports').where('id', '=', id).execute();
}

/** The organisation's accounts and service areas, and which of these emails another organisation uses. */
export async function importContext(
  db: HavenDb,
  organisationId: string,
  emails: readonly string[],
  today: string,
): Promise<ImportContext> {
  const users = await db
    .selectFrom('users')
    .select([
      'id',
      'email',
      'display_name',
      'employee_number',
      'job_title',
      'service_area_id',
      'line_manager_id',
      'deactivated_at',
    ])
    .where('organisation_id', '=', organisationId)
    .execute();
  const serviceAreas = await listServiceAreasInUse(db, organisationId);
  const emailsElsewhere = new Set<string>();
  for (let i = 0; i < emails.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select('email')
      .where('organisation_id', '!=', organisationId)
      .where('email', 'in', emails.slice(i, i + 500))
      .execute();
    for (const row of rows) emailsElsewhere.add(row.email);
  }
  return {
    accounts: users.map((user) => ({
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      employeeNumber: user.employee_number,
      jobTitle: user.job_title,
      serviceAreaId: user.service_area_id,
      lineManagerId: user.line_manager_id,
      active: user.deactivated_at === null,
    })),
    serviceAreas,
    emailsElsewhere,
    today,
  };
}
