import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Second factors for local accounts (issue 8). A TOTP secret is kept encrypted (AES-256-GCM,
// accounts/second-factor-secret.ts) with the last time-step used, so each code works once.
// Recovery codes are kept as scrypt hashes, each used at most once.
export const twoFactor: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('totp_credentials')
      .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id'))
      .addColumn('encrypted_secret', 'text', (c) => c.notNull())
      .addColumn('last_used_step', 'integer')
      .addColumn('enrolled_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('recovery_codes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('code_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('used_at', 'text')
      .execute();
    await db.schema.createIndex('recovery_codes_by_user').on('recovery_codes').column('user_id').execute();
  },
};
