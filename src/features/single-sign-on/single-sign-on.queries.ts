import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';

export type LinkedAccount = Readonly<{ userId: string; deactivated: boolean; ssoSubject: string | null }>;

export async function findAccountByEmail(db: HavenDb, email: string): Promise<LinkedAccount | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'deactivated_at', 'sso_subject'])
    .where('email', '=', email)
    .executeTakeFirst();
  return row && { userId: row.id, deactivated: row.deactivated_at !== null, ssoSubject: row.sso_subject };
}

export async function findAccountBySubject(db: HavenDb, subject: string): Promise<LinkedAccount | undefined> {
  const row = await db
    .selectFrom('users')
    .select(['id', 'deactivated_at', 'sso_subject'])
    .where('sso_subject', '=', subject)
    .executeTakeFirst();
  return row && { userId: row.id, deactivated: row.deactivated_at !== null, ssoSubject: row.sso_subject };
}

/** Remembers the provider's id for an account matched by email, so a reused address cannot take it over later. */
export async function linkSubject(db: HavenDb, userId: string, subject: string): Promise<void> {
  await db.updateTable('users').set({ sso_subject: subject }).where('id', '=', userId).execute();
}

export async function findOrganisationId(db: HavenDb, name: string): Promise<string | undefined> {
  const row = await db.selectFrom('organisations').select('id').where('name', '=', name).executeTakeFirst();
  return row?.id;
}

export async function isEmailTaken(db: HavenDb, email: string): Promise<boolean> {
  return (await db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst()) !== undefined;
}

/**
 * A reporter account for someone the provider vouches for. It has no password: "!" is no scrypt
 * hash, so local sign-in can never succeed for it.
 */
export async function insertProvisionedReporter(
  db: HavenDb,
  person: { organisationId: string; email: string; displayName: string; subject: string },
  now: Date,
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('users')
    .values({
      id,
      organisation_id: person.organisationId,
      email: person.email,
      display_name: person.displayName,
      role: 'reporter',
      service_area_id: null,
      password_hash: '!',
      sso_subject: person.subject,
      created_at: now.toISOString(),
    })
    .execute();
  await db
    .insertInto('user_roles')
    .values({ user_id: id, role: 'reporter', organisation_id: person.organisationId })
    .execute();
  return id;
}

/** One line of the single sign-on trail: the outcome code and, when known, the account; no claim values. */
export async function recordSingleSignOnEvent(
  db: HavenDb,
  event: { outcome: string; userId: string | null; requestId: string },
  now: Date,
): Promise<void> {
  await db
    .insertInto('single_sign_on_events')
    .values({
      id: randomUUID(),
      outcome: event.outcome,
      user_id: event.userId,
      request_id: event.requestId,
      at: now.toISOString(),
    })
    .execute();
}
