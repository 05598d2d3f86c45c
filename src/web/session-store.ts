import type { SessionStore } from '@fastify/session';
import type { Session } from 'fastify';
import type { HavenDb } from '../db/connect.ts';

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
      data: JSON.stringify(session),
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

  get(sessionId: string, callback: GetCallback): void {
    this.db
      .selectFrom('sessions')
      .select('data')
      .where('id', '=', sessionId)
      .where('expires_at', '>', new Date().toISOString())
      .executeTakeFirst()
      .then((row) => callback(null, row ? (JSON.parse(row.data) as Session) : null), callback);
  }

  destroy(sessionId: string, callback: Callback): void {
    this.db
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .execute()
      .then(() => callback(), callback);
  }
}
