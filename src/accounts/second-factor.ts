import type { HavenDb } from '../db/connect.ts';
import { type Role, isRole } from '../domain/access-policy.ts';
import { requiresSecondFactor } from '../domain/second-factor.ts';

/** What follows a right password: signed in, a second factor to prove, or one to enrol first. */
export type AfterPassword = 'signed-in' | 'verify' | 'enrol';

export async function stepAfterPassword(db: HavenDb, userId: string, enforced: boolean): Promise<AfterPassword> {
  if (await hasSecondFactor(db, userId)) return 'verify';
  if (enforced && requiresSecondFactor(await accountRoles(db, userId))) return 'enrol';
  return 'signed-in';
}

export async function hasSecondFactor(db: HavenDb, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('totp_credentials')
    .select('user_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Boolean(row);
}

/** The account's roles. One role per account today; roles as a set will change only this query. */
export async function accountRoles(db: HavenDb, userId: string): Promise<Role[]> {
  const user = await db.selectFrom('users').select('role').where('id', '=', userId).executeTakeFirst();
  return user && isRole(user.role) ? [user.role] : [];
}
