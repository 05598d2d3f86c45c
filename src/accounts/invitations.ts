import { createHash, randomBytes } from 'node:crypto';
import type { HavenDb } from '../db/connect.ts';
import { timeOrderedId } from '../db/time-ordered-id.ts';
import { invitationValidDays } from '../domain/account-rules.ts';
import { enqueueJob } from '../jobs/job-queue.queries.ts';
import type { Administrator } from './account-administration.ts';
import { recordAdministrationChange } from './administration-change.ts';
import { hashPassword } from './password.ts';

// An invitation is a one-time link to set a password. Only a SHA-256 hash of its token is
// stored: the token itself exists in the email and nowhere else. It is made when the email is
// sent (the job's payload holds the invitation's id only), so neither the jobs table nor a
// log ever holds a working link. A new invitation supersedes the older ones.

/** The job that emails an invitation (jobs/send-invitation.ts). */
export const sendInvitationJob = 'send-invitation';

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Replaces any earlier invitation and queues the email, inside the caller's transaction. */
export async function inviteAccount(
  trx: HavenDb,
  admin: Administrator,
  accountId: string,
  now: Date,
  validDays = invitationValidDays,
): Promise<void> {
  const at = now.toISOString();
  await trx
    .updateTable('account_invitations')
    .set({ superseded_at: at })
    .where('user_id', '=', accountId)
    .where('organisation_id', '=', admin.organisationId)
    .where('used_at', 'is', null)
    .where('superseded_at', 'is', null)
    .execute();
  const id = timeOrderedId();
  const expiresAt = new Date(now.getTime() + validDays * 24 * 3_600_000).toISOString();
  await trx
    .insertInto('account_invitations')
    .values({
      id,
      organisation_id: admin.organisationId,
      user_id: accountId,
      // A hash of a token nobody holds, until the email is sent with a fresh one.
      token_hash: hashInvitationToken(randomBytes(32).toString('base64url')),
      created_by: admin.userId,
      created_at: at,
      expires_at: expiresAt,
      used_at: null,
      superseded_at: null,
    })
    .execute();
  await enqueueJob(
    trx,
    {
      organisationId: admin.organisationId,
      kind: sendInvitationJob,
      payload: { organisationId: admin.organisationId, invitationId: id },
      dedupeKey: `invitation:${id}`,
    },
    now,
  );
  await recordAdministrationChange(trx, admin, {
    subjectType: 'account',
    subjectId: accountId,
    action: 'invited',
    before: null,
    after: { invitationExpiresAt: expiresAt },
  });
}

/**
 * Gives a still-usable invitation a fresh token for its email and returns it with the address;
 * null when the invitation was used, replaced, has expired or its account was switched off.
 */
export async function issueInvitationToken(
  db: HavenDb,
  organisationId: string,
  invitationId: string,
  now: Date,
): Promise<{ token: string; email: string; expiresAt: string } | null> {
  const invitation = await db
    .selectFrom('account_invitations')
    .innerJoin('users', 'users.id', 'account_invitations.user_id')
    .select(['users.email', 'account_invitations.expires_at'])
    .where('account_invitations.id', '=', invitationId)
    .where('account_invitations.organisation_id', '=', organisationId)
    .where('account_invitations.used_at', 'is', null)
    .where('account_invitations.superseded_at', 'is', null)
    .where('account_invitations.expires_at', '>', now.toISOString())
    .where('users.deactivated_at', 'is', null)
    .executeTakeFirst();
  if (!invitation) return null;
  const token = randomBytes(32).toString('base64url');
  await db
    .updateTable('account_invitations')
    .set({ token_hash: hashInvitationToken(token) })
    .where('id', '=', invitationId)
    .execute();
  return { token, email: invitation.email, expiresAt: invitation.expires_at };
}

export type InvitationState = 'usable' | 'not-valid' | 'used' | 'expired' | 'superseded';

/** What a link's token leads to, without changing anything. */
export async function invitationState(db: HavenDb, token: string, now: Date): Promise<InvitationState> {
  const invitation = await findByToken(db, token);
  if (!invitation) return 'not-valid';
  if (invitation.used_at) return 'used';
  if (invitation.superseded_at) return 'superseded';
  if (invitation.expires_at <= now.toISOString()) return 'expired';
  if (invitation.deactivated_at) return 'not-valid';
  return 'usable';
}

/**
 * Sets the password from a usable invitation and uses the invitation up, in one transaction; a
 * second use (even at the same moment) finds it used and changes nothing. Nobody is signed in:
 * the person signs in with the new password, and a second factor if their roles need one.
 */
export async function acceptInvitation(
  db: HavenDb,
  token: string,
  password: string,
  now: Date,
): Promise<InvitationState> {
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    const state = await invitationState(trx, token, now);
    if (state !== 'usable') return state;
    const invitation = (await findByToken(trx, token))!;
    const claimed = await trx
      .updateTable('account_invitations')
      .set({ used_at: now.toISOString() })
      .where('id', '=', invitation.id)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return 'used';
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash })
      .where('id', '=', invitation.user_id)
      .where('deactivated_at', 'is', null)
      .execute();
    return 'usable';
  });
}

function findByToken(db: HavenDb, token: string) {
  return db
    .selectFrom('account_invitations')
    .innerJoin('users', 'users.id', 'account_invitations.user_id')
    .select([
      'account_invitations.id',
      'account_invitations.user_id',
      'account_invitations.used_at',
      'account_invitations.superseded_at',
      'account_invitations.expires_at',
      'users.deactivated_at',
    ])
    .where('account_invitations.token_hash', '=', hashInvitationToken(token))
    .executeTakeFirst();
}
