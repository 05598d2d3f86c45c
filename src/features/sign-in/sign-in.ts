import type { HavenDb } from '../../db/connect.ts';
import { decoyHash, verifyPassword } from '../../accounts/password.ts';

/** Checks an email and password; null for any mismatch, without saying which part was wrong. */
export async function checkCredentials(
  db: HavenDb,
  email: string,
  password: string,
): Promise<{ userId: string } | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  const matches = await verifyPassword(password, user?.password_hash ?? decoyHash);
  return user && matches ? { userId: user.id } : null;
}
