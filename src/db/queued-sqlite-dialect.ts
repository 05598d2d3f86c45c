import {
  CompiledQuery,
  type DatabaseConnection,
  SqliteAdapter,
  SqliteDialect,
  type SqliteDialectConfig,
  SqliteDriver,
} from 'kysely';
import { flushEveryCommit, commitWithoutFlushing, takeCommitNotWaitingForDisk } from './unflushed-commit.ts';

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
  /** The transaction on the one connection commits without flushing (unflushed-commit.ts). */
  #notFlushing = false;

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

  // SQLite cannot change synchronous inside a transaction: set before BEGIN, put back after the end.
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    if (takeCommitNotWaitingForDisk()) {
      await connection.executeQuery(CompiledQuery.raw(commitWithoutFlushing));
      this.#notFlushing = true;
    }
    try {
      await super.beginTransaction(connection);
    } catch (error) {
      await this.#flushAgain(connection);
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.commitTransaction(connection);
    } finally {
      await this.#flushAgain(connection);
    }
  }

  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } finally {
      await this.#flushAgain(connection);
    }
  }

  async #flushAgain(connection: DatabaseConnection): Promise<void> {
    if (!this.#notFlushing) return;
    this.#notFlushing = false;
    await connection.executeQuery(CompiledQuery.raw(flushEveryCommit));
  }
}
