import {
  CompiledQuery,
  type DatabaseConnection,
  PostgresDialect,
  type PostgresDialectConfig,
  PostgresDriver,
  type TransactionSettings,
} from 'kysely';
import { beginNotWaitingForDisk, takeCommitNotWaitingForDisk } from './unflushed-commit.ts';

/**
 * Kysely's PostgreSQL dialect, whose BEGIN can also say the commit need not wait for the disk
 * (unflushed-commit.ts): one round trip where a separate SET LOCAL took two, whenever an audited
 * read claims the audit chain in a transaction of its own.
 */
export class HavenPostgresDialect extends PostgresDialect {
  readonly #config: PostgresDialectConfig;

  constructor(config: PostgresDialectConfig) {
    super(config);
    this.#config = config;
  }

  override createDriver() {
    return new HavenPostgresDriver(this.#config);
  }
}

class HavenPostgresDriver extends PostgresDriver {
  override async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (settings.isolationLevel || settings.accessMode || !takeCommitNotWaitingForDisk())
      return super.beginTransaction(connection, settings);
    // Without bound values the driver sends it as a simple query, which may hold two statements.
    await connection.executeQuery(CompiledQuery.raw(beginNotWaitingForDisk));
  }
}
