import type { Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

// Single sign-on (issue 8). An account can be switched off in Haven whatever the council's
// identity provider says; sso_subject is the provider's stable id for the person, for councils
// that match on `sub` rather than email. Sign-in attempts through the provider are kept in their
// own trail, because a refused attempt often has no account to act as (audit_events needs one);
// it records what was refused and why, never a claim's value.
export const singleSignOn: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('users').addColumn('deactivated_at', 'text').execute();
    await db.schema.alterTable('users').addColumn('sso_subject', 'text').execute();
    await db.schema.createIndex('users_sso_subject').unique().on('users').column('sso_subject').execute();
    await db.schema
      .createTable('single_sign_on_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('request_id', 'text')
      .addColumn('at', 'text', (c) => c.notNull())
      .execute();
  },
};
