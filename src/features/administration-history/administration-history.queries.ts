import type { HavenDb } from '../../db/connect.ts';

export type HistoryRow = {
  id: string;
  at: string;
  actorName: string;
  subjectType: string;
  subjectId: string;
  action: string;
  before: string | null;
  after: string | null;
  ownAccount: number;
};

/** One page of the organisation's administration changes, newest first, and how many there are. */
export async function listAdministrationChanges(
  db: HavenDb,
  organisationId: string,
  filter: { subjectType: string | null; offset: number; limit: number },
): Promise<{ rows: HistoryRow[]; total: number }> {
  let query = db
    .selectFrom('administration_changes')
    .innerJoin('users', 'users.id', 'administration_changes.actor_id')
    .where('administration_changes.organisation_id', '=', organisationId);
  if (filter.subjectType) query = query.where('administration_changes.subject_type', '=', filter.subjectType);
  const [rows, count] = await Promise.all([
    query
      .select([
        'administration_changes.id',
        'administration_changes.at',
        'users.display_name as actorName',
        'administration_changes.subject_type as subjectType',
        'administration_changes.subject_id as subjectId',
        'administration_changes.action',
        'administration_changes.before',
        'administration_changes.after',
        'administration_changes.own_account as ownAccount',
      ])
      .orderBy('administration_changes.at', 'desc')
      .orderBy('administration_changes.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.total ?? 0) };
}

type SubjectTable = 'service_areas' | 'categories' | 'agencies' | 'referral_outcomes';

/**
 * The current names of these ids: settings by their name, accounts by their display name, each
 * read at display time, so the history shows what a thing is called now.
 */
export async function currentNames(
  db: HavenDb,
  organisationId: string,
  ids: { table: SubjectTable | 'users'; ids: readonly string[] }[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const { table, ids: wanted } of ids) {
    if (wanted.length === 0) continue;
    const rows =
      table === 'users'
        ? await db
            .selectFrom('users')
            .select(['id', 'display_name as name'])
            .where('organisation_id', '=', organisationId)
            .where('id', 'in', wanted)
            .execute()
        : await db
            .selectFrom(table as 'referral_outcomes')
            .select(['id', 'name'])
            .where('organisation_id', '=', organisationId)
            .where('id', 'in', wanted)
            .execute();
    for (const row of rows) names.set(`${table}:${row.id}`, row.name);
  }
  return names;
}
