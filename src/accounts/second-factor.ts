import type { HavenDb } from '../db/connect.ts';
import { type Role, roleSet } from '../domain/access-policy.ts';
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

/** Every role the person holds (user_roles): any one of them that needs a second factor is enough. */
export async function accountRoles(db: HavenDb, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return [...roleSet(rows.map((row) => row.role))];
}
