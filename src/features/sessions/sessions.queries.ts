import type { HavenDb } from '../../db/connect.ts';

export type SessionRow = {
  id: string;
  userId: string;
  displayName: string;
  createdAt: string;
  /** The session's own record of its last marked activity and device (web/fastify-types.ts). */
  data: string;
};

/** Signed-in sessions not yet expired: one person's, or everyone's in an organisation. */
export async function listSignedInSessions(
  db: HavenDb,
  whose: { userId: string } | { organisationId: string },
  now: Date,
): Promise<SessionRow[]> {
  let query = db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id', 'sessions.user_id', 'users.display_name', 'sessions.created_at', 'sessions.data'])
    .where('sessions.expires_at', '>', now.toISOString());
  query =
    'userId' in whose
      ? query.where('sessions.user_id', '=', whose.userId)
      : query.where('users.organisation_id', '=', whose.organisationId);
  const rows = await query.orderBy('users.display_name').orderBy('sessions.created_at', 'desc').execute();
  return rows.map((row) => ({
    id: row.id,
    userId: row.user_id ?? '',
    displayName: row.display_name,
    createdAt: row.created_at,
    data: row.data,
  }));
}

export async function deleteSession(db: HavenDb, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}
