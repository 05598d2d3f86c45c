import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { HavenDb } from '../db/connect.ts';
import { signedInUserFrom } from './authentication.ts';

type Callback = (error?: unknown) => void;
type GetCallback = (error: unknown, session?: Session | null) => void;

/**
 * Server-side sessions in Haven's own database, so a session can be revoked by deleting
 * its row. The idle timeout is enforced here from expires_at, not trusted to the cookie.
 */
export class DatabaseSessionStore implements SessionStore {
  private readonly db: HavenDb;
  private readonly idleMs: number;

  constructor(db: HavenDb, idleMs: number) {
    this.db = db;
    this.idleMs = idleMs;
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const now = new Date();
    const row = {
      id: sessionId,
      user_id: session.userId ?? null,
      // Who the person was when the session was read is for that request alone.
      data: JSON.stringify(session, (key, value: unknown) => (key === 'userAtRead' ? undefined : value)),
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + this.idleMs).toISOString(),
    };
    this.db
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ user_id: row.user_id, data: row.data, expires_at: row.expires_at }),
      )
      .execute()
      .then(() => callback(), callback);
  }

  /**
   * The session, and in the same query its person (unless switched off) with every role they
   * hold now, which authentication.ts decides this request's access from: one round trip, not two.
   */
  get(sessionId: string, callback: GetCallback): void {
    this.db
      .selectFrom('sessions')
      .leftJoin('users', (join) =>
        join.onRef('users.id', '=', 'sessions.user_id').on('users.deactivated_at', 'is', null),
      )
      .leftJoin('user_roles', (join) =>
        join
          .onRef('user_roles.user_id', '=', 'users.id')
          .onRef('user_roles.organisation_id', '=', 'users.organisation_id'),
      )
      .select(['sessions.data', 'users.id', 'users.organisation_id', 'users.display_name', 'user_roles.role'])
      .where('sessions.id', '=', sessionId)
      .where('sessions.expires_at', '>', new Date().toISOString())
      .execute()
      .then((rows) => {
        const [row] = rows;
        if (!row) return callback(null, null);
        const session = JSON.parse(row.data) as Session;
        session.userAtRead = signedInUserFrom(rows);
        callback(null, session);
      }, callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .execute()
      .then(() => callback(), callback);
  }
}
