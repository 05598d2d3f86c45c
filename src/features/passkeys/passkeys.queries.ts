import { createHash } from 'node:crypto';
import type { HavenDb } from '../../db/connect.ts';
import { accountRoles } from '../../accounts/second-factor.ts';
import { type Actor, roleSet } from '../../domain/access-policy.ts';

/** A stored passkey: its credential id and public key (base64url), never a secret. */
export type StoredPasskey = {
  credentialId: string;
  userId: string;
  publicKey: string;
  counter: number;
  transports: string[];
};

/** A passkey as its owner sees it; `reference` names it in URLs without the credential id. */
export type PasskeySummary = { reference: string; name: string; createdAt: string; lastUsedAt: string | null };

/** The account a passkey belongs to, as the audit trail names it and the device shows it. */
export type PasskeyAccount = { actor: Actor; email: string; displayName: string; deactivated: boolean };

/**
 * A short, stable name for a passkey in addresses: credential ids can be a kilobyte, and
 * addresses reach browser history, so they carry a digest instead.
 */
export function passkeyReference(credentialId: string): string {
  const hex = createHash('sha256').update(credentialId).digest('hex');
  // 128 bits, written like Haven's other ids.
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}

export async function readPasskeyAccount(db: HavenDb, userId: string): Promise<PasskeyAccount | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'organisation_id', 'email', 'display_name', 'deactivated_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user) return null;
  const roles = roleSet(await accountRoles(db, userId));
  return {
    actor: { userId: user.id, organisationId: user.organisation_id, roles },
    email: user.email,
    displayName: user.display_name,
    deactivated: user.deactivated_at !== null,
  };
}

export async function readPasskey(db: HavenDb, credentialId: string): Promise<StoredPasskey | null> {
  const row = await db.selectFrom('passkey_credentials').selectAll().where('id', '=', credentialId).executeTakeFirst();
  return row
    ? {
        credentialId: row.id,
        userId: row.user_id,
        publicKey: row.public_key,
        counter: Number(row.counter),
        transports: parseTransports(row.transports),
      }
    : null;
}

/** The person's passkeys' ids and transports, to tell their device which ones Haven knows. */
export async function passkeyDescriptors(
  db: HavenDb,
  userId: string,
): Promise<Array<{ credentialId: string; transports: string[] }>> {
  const rows = await db
    .selectFrom('passkey_credentials')
    .select(['id', 'transports'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({ credentialId: row.id, transports: parseTransports(row.transports) }));
}

export async function listPasskeys(db: HavenDb, userId: string): Promise<PasskeySummary[]> {
  const rows = await db
    .selectFrom('passkey_credentials')
    .select(['id', 'name', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    reference: passkeyReference(row.id),
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
  }));
}

/** The person's own passkey with this reference; another person's is never found. */
export async function findOwnPasskey(
  db: HavenDb,
  userId: string,
  reference: string,
): Promise<{ credentialId: string; name: string } | null> {
  const rows = await db
    .selectFrom('passkey_credentials')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .execute();
  const row = rows.find((candidate) => passkeyReference(candidate.id) === reference);
  return row ? { credentialId: row.id, name: row.name } : null;
}

export async function savePasskey(
  db: HavenDb,
  passkey: Omit<StoredPasskey, 'transports'> & { transports: readonly string[]; name: string; at: string },
): Promise<void> {
  await db
    .insertInto('passkey_credentials')
    .values({
      id: passkey.credentialId,
      user_id: passkey.userId,
      public_key: passkey.publicKey,
      counter: passkey.counter,
      transports: JSON.stringify(passkey.transports),
      name: passkey.name,
      created_at: passkey.at,
      last_used_at: null,
    })
    .execute();
}

/**
 * Moves the signature counter on, in one statement that succeeds only if no other use moved it
 * first: two requests with the same assertion cannot both pass.
 */
export async function claimPasskeyUse(
  db: HavenDb,
  passkey: StoredPasskey,
  newCounter: number,
  at: string,
): Promise<boolean> {
  const result = await db
    .updateTable('passkey_credentials')
    .set({ counter: newCounter, last_used_at: at })
    .where('id', '=', passkey.credentialId)
    .where('user_id', '=', passkey.userId)
    .where('counter', '=', passkey.counter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function deletePasskey(db: HavenDb, userId: string, credentialId: string): Promise<boolean> {
  const result = await db
    .deleteFrom('passkey_credentials')
    .where('id', '=', credentialId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

function parseTransports(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
