import { listServiceAreasInUse } from '../../concerns/organisation-lists.queries.ts';
import type { HavenDb } from '../../db/connect.ts';
import type { ImportContext } from './import-plan.ts';

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
