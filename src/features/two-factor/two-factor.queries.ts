import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { HavenDb } from '../../db/connect.ts';
import { accountRoles } from '../../accounts/second-factor.ts';
import { type Actor, roleSet } from '../../domain/access-policy.ts';

export type TotpCredential = { encryptedSecret: string; lastUsedStep: number | null };

export async function readTotpCredential(db: HavenDb, userId: string): Promise<TotpCredential | null> {
  const row = await db
    .selectFrom('totp_credentials')
    .select(['encrypted_secret', 'last_used_step'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  const lastUsedStep = row.last_used_step === null ? null : Number(row.last_used_step);
  return { encryptedSecret: row.encrypted_secret, lastUsedStep };
}

/**
 * Records a code's time-step as used, in one statement that succeeds only if no code of that
 * step or a later one was used before: two requests with the same code cannot both pass.
 */
export async function claimTotpStep(db: HavenDb, userId: string, step: number): Promise<boolean> {
  const result = await db
    .updateTable('totp_credentials')
    .set({ last_used_step: step })
    .where('user_id', '=', userId)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Replaces any earlier second factor and recovery codes with these, together. */
export async function saveEnrolment(
  db: HavenDb,
  enrolment: { userId: string; encryptedSecret: string; usedStep: number; codeHashes: readonly string[]; at: string },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('recovery_codes').where('user_id', '=', enrolment.userId).execute();
    await trx.deleteFrom('totp_credentials').where('user_id', '=', enrolment.userId).execute();
    await trx
      .insertInto('totp_credentials')
      .values({
        user_id: enrolment.userId,
        encrypted_secret: enrolment.encryptedSecret,
        last_used_step: enrolment.usedStep,
        enrolled_at: enrolment.at,
      })
      .execute();
    if (enrolment.codeHashes.length === 0) return;
    await trx
      .insertInto('recovery_codes')
      .values(
        enrolment.codeHashes.map((hash) => ({
          id: randomUUID(),
          user_id: enrolment.userId,
          code_hash: hash,
          created_at: enrolment.at,
          used_at: null,
        })),
      )
      .execute();
  });
}

export async function unusedRecoveryCodes(db: HavenDb, userId: string): Promise<Array<{ id: string; hash: string }>> {
  const rows = await db
    .selectFrom('recovery_codes')
    .select(['id', 'code_hash'])
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .execute();
  return rows.map((row) => ({ id: row.id, hash: row.code_hash }));
}

/** Marks a recovery code used; false when another request used it first. */
export async function useRecoveryCode(db: HavenDb, id: string, at: string): Promise<boolean> {
  const result = await db
    .updateTable('recovery_codes')
    .set({ used_at: at })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function countUnusedRecoveryCodes(db: HavenDb, userId: string): Promise<number> {
  const row = await db
    .selectFrom('recovery_codes')
    .select(sql<number>`count(*)`.as('unused'))
    .where('user_id', '=', userId)
    .where('used_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.unused);
}

/** The account as the audit trail names it, and its email for the authenticator app's label. */
export async function readAccount(db: HavenDb, userId: string): Promise<{ actor: Actor; email: string } | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'email'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return null;
  const roles = roleSet(await accountRoles(db, userId));
  return { actor: { userId: user.id, organisationId: user.organisation_id, roles }, email: user.email };
}

export async function readPasswordHash(db: HavenDb, userId: string): Promise<string | null> {
  const user = await db.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst();
  return user?.password_hash ?? null;
}
