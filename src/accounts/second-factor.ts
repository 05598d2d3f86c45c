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

/** An authenticator app or a passkey: either is a second factor. */
export async function hasSecondFactor(db: HavenDb, userId: string): Promise<boolean> {
  const factors = await secondFactorsOf(db, userId);
  return factors.authenticatorApp || factors.passkeys > 0;
}

export type SecondFactors = { authenticatorApp: boolean; passkeys: number; recoveryCodes: number };

/** Which second factors the person has, so a page offers only the ones they can use. */
export async function secondFactorsOf(db: HavenDb, userId: string): Promise<SecondFactors> {
  const [app, passkeys, recoveryCodes] = await Promise.all([
    db.selectFrom('totp_credentials').select('user_id').where('user_id', '=', userId).executeTakeFirst(),
    db
      .selectFrom('passkey_credentials')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow(),
  ]);
  return {
    authenticatorApp: Boolean(app),
    passkeys: Number(passkeys.count),
    recoveryCodes: Number(recoveryCodes.count),
  };
}

/** Every role the person holds (user_roles): any one of them that needs a second factor is enough. */
export async function accountRoles(db: HavenDb, userId: string): Promise<Role[]> {
  const rows = await db.selectFrom('user_roles').select('role').where('user_id', '=', userId).execute();
  return [...roleSet(rows.map((row) => row.role))];
}
