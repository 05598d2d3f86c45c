import { type DatabaseConnection, SqliteAdapter, SqliteDialect, type SqliteDialectConfig, SqliteDriver } from 'kysely';

/**
 * Kysely's SQLite dialect with a fair, first-come-first-served turn at its one connection.
 *
 * Kysely guards a single connection with a lock whose release wakes every waiter, and each
 * one that loses the race waits again: with 50 requests waiting, one query's turn cost 50
 * wake-ups, and a newcomer could take the connection ahead of requests already waiting, so a
 * few requests waited for seconds (issue 11 §6). Here each waiter is handed the connection
 * in turn, once. Transactions still hold it from BEGIN to COMMIT, as before.
 */
export class QueuedSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;

  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver() {
    return new QueuedSqliteDriver(this.#config);
  }

  override createAdapter() {
    return new QueuedSqliteAdapter();
  }
}

class QueuedSqliteAdapter extends SqliteAdapter {
  /** The driver queues callers itself, so Kysely must not put its own lock in front of it. */
  override get supportsMultipleConnections(): boolean {
    return true;
  }
}

class QueuedSqliteDriver extends SqliteDriver {
  readonly #waiting: Array<() => void> = [];
  #inUse = false;

  override async acquireConnection(): Promise<DatabaseConnection> {
    if (this.#inUse) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#inUse = true;
    return super.acquireConnection();
  }

  override async releaseConnection(): Promise<void> {
    // Handed straight to the next waiter, so nobody arriving meanwhile can take it first.
    const next = this.#waiting.shift();
    if (next) next();
    else this.#inUse = false;
  }
}
