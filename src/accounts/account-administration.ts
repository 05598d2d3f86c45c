import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import { isPostgres } from '../db/dialect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import { type Actor, type Role, roleSet } from '../domain/access-policy.ts';
import { lineManagerProblem } from '../domain/account-rules.ts';
import { Refusal } from '../errors.ts';
import { type AdministrationSnapshot, recordAdministrationChange } from './administration-change.ts';

// The one set of write rules for accounts, used by the administrator's pages and the HR import
// alike. Accounts always belong to the administrator's own organisation: every read and write
// here filters on it, so an id from another council is simply not found.

export type Administrator = Pick<Actor, 'userId' | 'organisationId'>;

export type AccountDetails = Readonly<{
  displayName: string;
  email: string;
  jobTitle: string | null;
  phone: string | null;
  serviceAreaId: string | null;
  lineManagerId: string | null;
  employeeNumber: string | null;
  roles: readonly Role[];
}>;

export type Account = AccountDetails & Readonly<{ id: string; deactivatedAt: string | null; hasPassword: boolean }>;

/** One account of the organisation with its roles, or null (another organisation's is not found). */
export async function readAccount(db: HavenDb, organisationId: string, accountId: string): Promise<Account | null> {
  const user = await db
    .selectFrom('users')
    .selectAll()
    .where('id', '=', accountId)
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
  if (!user) return null;
  const held = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
  return {
    id: user.id,
    displayName: user.display_name,
    email: user.email,
    jobTitle: user.job_title,
    phone: user.phone,
    serviceAreaId: user.service_area_id,
    lineManagerId: user.line_manager_id,
    employeeNumber: user.employee_number,
    roles: [...roleSet(held.map((row) => row.role))].sort(),
    deactivatedAt: user.deactivated_at,
    hasPassword: user.password_hash !== '',
  };
}

/**
 * What is wrong with the references a form or an import row makes, as field → message: the
 * service area must be one of the organisation's not retired; the line manager another active
 * account of the organisation, not the person and not someone who reports to them; the email
 * not another account's.
 */
export async function accountReferenceProblems(
  db: HavenDb,
  organisationId: string,
  accountId: string | null,
  details: Pick<AccountDetails, 'email' | 'serviceAreaId' | 'lineManagerId'>,
): Promise<Array<[field: 'email' | 'serviceArea' | 'lineManager', message: string]>> {
  const problems: Array<['email' | 'serviceArea' | 'lineManager', string]> = [];
  const sameEmail = await db.selectFrom('users').select('id').where('email', '=', details.email).executeTakeFirst();
  if (sameEmail && sameEmail.id !== accountId)
    problems.push(['email', 'Another account already uses this email address']);
  if (details.serviceAreaId) {
    const area = await db
      .selectFrom('service_areas')
      .select('id')
      .where('id', '=', details.serviceAreaId)
      .where('organisation_id', '=', organisationId)
      .where('retired_at', 'is', null)
      .executeTakeFirst();
    if (!area) problems.push(['serviceArea', 'Choose a service area from the list']);
  }
  if (details.lineManagerId) {
    const managers = await db
      .selectFrom('users')
      .select(['id', 'line_manager_id', 'deactivated_at'])
      .where('organisation_id', '=', organisationId)
      .execute();
    const manager = managers.find((row) => row.id === details.lineManagerId);
    const managerOf = new Map(managers.map((row) => [row.id, row.line_manager_id]));
    const problem = lineManagerProblem(accountId, details.lineManagerId, managerOf);
    if (!manager || manager.deactivated_at !== null)
      problems.push(['lineManager', 'Choose a line manager from the list']);
    else if (problem === 'self') problems.push(['lineManager', 'A person cannot be their own line manager']);
    else if (problem === 'cycle')
      problems.push(['lineManager', 'Choose someone who does not report to this person, directly or through others']);
  }
  return problems;
}

/** Creates an account with no password (it is set from an invitation) and records the change. */
export async function createAccount(
  trx: HavenDb,
  admin: Administrator,
  details: AccountDetails,
  now: Date,
  action = 'created',
): Promise<string> {
  const id = timeOrderedId();
  await trx
    .insertInto('users')
    .values({
      id,
      organisation_id: admin.organisationId,
      email: details.email,
      display_name: details.displayName,
      // Unread since migration 0013 (roles live in user_roles), but still NOT NULL.
      role: details.roles[0] ?? 'reporter',
      service_area_id: details.serviceAreaId,
      // No password until the person sets one from their invitation: an empty hash never verifies.
      password_hash: '',
      created_at: now.toISOString(),
      job_title: details.jobTitle,
      phone: details.phone,
      line_manager_id: details.lineManagerId,
      employee_number: details.employeeNumber,
    })
    .execute();
  await writeRoles(trx, admin.organisationId, id, details.roles);
  await recordAdministrationChange(trx, admin, {
    subjectType: 'account',
    subjectId: id,
    action,
    before: null,
    after: { ...snapshot(details), active: true },
  });
  return id;
}

/**
 * Changes an account's details and roles. Removing the administrator role from the last active
 * administrator is refused, with nothing written.
 */
export async function changeAccount(
  trx: HavenDb,
  admin: Administrator,
  accountId: string,
  changes: Partial<AccountDetails>,
  action = 'changed',
): Promise<void> {
  await lockAccounts(trx, admin.organisationId);
  const before = await readAccount(trx, admin.organisationId, accountId);
  if (!before) throw new Refusal('not-found', 'account-not-found');
  const after: AccountDetails = { ...before, ...changes };
  await trx
    .updateTable('users')
    .set({
      display_name: after.displayName,
      email: after.email,
      job_title: after.jobTitle,
      phone: after.phone,
      service_area_id: after.serviceAreaId,
      line_manager_id: after.lineManagerId,
      employee_number: after.employeeNumber,
    })
    .where('id', '=', accountId)
    .where('organisation_id', '=', admin.organisationId)
    .execute();
  const rolesChanged = changes.roles !== undefined && !sameRoles(before.roles, changes.roles);
  if (rolesChanged) {
    await trx.deleteFrom('user_roles').where('user_id', '=', accountId).execute();
    await writeRoles(trx, admin.organisationId, accountId, after.roles);
    await assertAnAdministratorRemains(trx, admin.organisationId);
  }
  await recordAdministrationChange(trx, admin, {
    subjectType: 'account',
    subjectId: accountId,
    action,
    before: snapshot(before),
    after: {
      ...snapshot(after),
      nameChanged: before.displayName !== after.displayName,
      emailChanged: before.email !== after.email,
      jobTitleChanged: before.jobTitle !== after.jobTitle,
      phoneChanged: before.phone !== after.phone,
    },
  });
}

/**
 * Switches an account off: the person can no longer sign in by any means, every session of
 * theirs ends now (the sessions table is the session store), and any invitation stops working.
 * Their records stay attributed to them. Leaving no active administrator is refused.
 */
export async function deactivateAccount(
  trx: HavenDb,
  admin: Administrator,
  accountId: string,
  now: Date,
  action = 'deactivated',
) {
  await lockAccounts(trx, admin.organisationId);
  const account = await readAccount(trx, admin.organisationId, accountId);
  if (!account) throw new Refusal('not-found', 'account-not-found');
  if (account.deactivatedAt) return;
  const at = now.toISOString();
  await trx.updateTable('users').set({ deactivated_at: at }).where('id', '=', accountId).execute();
  await assertAnAdministratorRemains(trx, admin.organisationId);
  await trx.deleteFrom('sessions').where('user_id', '=', accountId).execute();
  await trx
    .updateTable('account_invitations')
    .set({ superseded_at: at })
    .where('user_id', '=', accountId)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  await recordAdministrationChange(trx, admin, {
    subjectType: 'account',
    subjectId: accountId,
    action,
    before: { active: true },
    after: { active: false },
  });
}

/** Switches an account back on; the person signs in with their old password, or a new invitation. */
export async function reactivateAccount(trx: HavenDb, admin: Administrator, accountId: string): Promise<void> {
  const account = await readAccount(trx, admin.organisationId, accountId);
  if (!account) throw new Refusal('not-found', 'account-not-found');
  if (!account.deactivatedAt) return;
  await trx.updateTable('users').set({ deactivated_at: null }).where('id', '=', accountId).execute();
  await recordAdministrationChange(trx, admin, {
    subjectType: 'account',
    subjectId: accountId,
    action: 'reactivated',
    before: { active: false },
    after: { active: true },
  });
}

/** What a change record keeps of an account: roles, ids and flags, never a name or an email. */
function snapshot(details: AccountDetails): AdministrationSnapshot {
  return {
    roles: [...details.roles].sort(),
    serviceAreaId: details.serviceAreaId,
    lineManagerId: details.lineManagerId,
    hasEmployeeNumber: details.employeeNumber !== null,
  };
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

async function writeRoles(trx: HavenDb, organisationId: string, userId: string, roles: readonly Role[]) {
  const unique = [...new Set(roles)];
  if (unique.length === 0) return;
  await trx
    .insertInto('user_roles')
    .values(unique.map((role) => ({ user_id: userId, role, organisation_id: organisationId })))
    .execute();
}

/**
 * Two administrators removing each other at once must not both succeed: on PostgreSQL the
 * organisation's row is locked for the transaction, so the second waits and then counts what
 * the first left. SQLite has one writer at a time already.
 */
async function lockAccounts(trx: HavenDb, organisationId: string): Promise<void> {
  if (!isPostgres(trx)) return;
  await sql`select id from organisations where id = ${organisationId} for update`.execute(trx);
}

async function assertAnAdministratorRemains(trx: HavenDb, organisationId: string): Promise<void> {
  const row = await trx
    .selectFrom('user_roles')
    .innerJoin('users', 'users.id', 'user_roles.user_id')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('user_roles.organisation_id', '=', organisationId)
    .where('user_roles.role', '=', 'administrator')
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirstOrThrow();
  if (Number(row.count) === 0) throw new Refusal('last-administrator', 'last-administrator');
}
