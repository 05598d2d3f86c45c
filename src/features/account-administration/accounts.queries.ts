import type { HavenDb } from '../../db/connect.ts';
import { type Role, roleSet } from '../../domain/access-policy.ts';

export type AccountFilter = Readonly<{ name: string; role: Role | null; active: 'active' | 'deactivated' | null }>;

export type AccountRow = Readonly<{
  id: string;
  displayName: string;
  email: string;
  jobTitle: string | null;
  roles: Role[];
  active: boolean;
  invited: boolean;
}>;

/** The organisation's accounts, filtered, by name; only the administrator's own organisation. */
export async function listAccounts(db: HavenDb, organisationId: string, filter: AccountFilter): Promise<AccountRow[]> {
  let query = db
    .selectFrom('users')
    .select(['id', 'display_name', 'email', 'job_title', 'deactivated_at', 'password_hash'])
    .where('organisation_id', '=', organisationId);
  if (filter.active === 'active') query = query.where('deactivated_at', 'is', null);
  if (filter.active === 'deactivated') query = query.where('deactivated_at', 'is not', null);
  if (filter.role) {
    const role = filter.role;
    query = query.where('id', 'in', (eb) =>
      eb
        .selectFrom('user_roles')
        .select('user_id')
        .where('role', '=', role)
        .where('organisation_id', '=', organisationId),
    );
  }
  const users = await query.orderBy('display_name').orderBy('id').execute();
  const held = await db
    .selectFrom('user_roles')
    .select(['user_id', 'role'])
    .where('organisation_id', '=', organisationId)
    .execute();
  const rolesOf = new Map<string, string[]>();
  for (const row of held) rolesOf.set(row.user_id, [...(rolesOf.get(row.user_id) ?? []), row.role]);
  // A council has thousands of staff at most: the name is matched here, the same on both databases.
  const name = filter.name.toLocaleLowerCase('en-GB');
  const named = name
    ? users.filter((user) => `${user.display_name}\n${user.email}`.toLocaleLowerCase('en-GB').includes(name))
    : users;
  return named.map((user) => ({
    id: user.id,
    displayName: user.display_name,
    email: user.email,
    jobTitle: user.job_title,
    roles: [...roleSet(rolesOf.get(user.id) ?? [])].sort(),
    active: user.deactivated_at === null,
    invited: user.password_hash === '',
  }));
}

/** Who may be chosen as a line manager: the organisation's active accounts. */
export function listActiveAccounts(db: HavenDb, organisationId: string) {
  return db
    .selectFrom('users')
    .select(['id', 'display_name as displayName'])
    .where('organisation_id', '=', organisationId)
    .where('deactivated_at', 'is', null)
    .orderBy('display_name')
    .execute();
}

/** A name for the account page: the service area's and the line manager's, within the organisation. */
export async function namesFor(
  db: HavenDb,
  organisationId: string,
  ids: { serviceAreaId: string | null; lineManagerId: string | null },
) {
  const area = ids.serviceAreaId
    ? await db
        .selectFrom('service_areas')
        .select('name')
        .where('id', '=', ids.serviceAreaId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst()
    : undefined;
  const manager = ids.lineManagerId
    ? await db
        .selectFrom('users')
        .select('display_name')
        .where('id', '=', ids.lineManagerId)
        .where('organisation_id', '=', organisationId)
        .executeTakeFirst()
    : undefined;
  return { serviceArea: area?.name ?? null, lineManager: manager?.display_name ?? null };
}

/** When the account's latest invitation was sent and whether it can still be used. */
export function latestInvitation(db: HavenDb, organisationId: string, accountId: string) {
  return db
    .selectFrom('account_invitations')
    .select([
      'created_at as createdAt',
      'expires_at as expiresAt',
      'used_at as usedAt',
      'superseded_at as supersededAt',
    ])
    .where('user_id', '=', accountId)
    .where('organisation_id', '=', organisationId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
}
