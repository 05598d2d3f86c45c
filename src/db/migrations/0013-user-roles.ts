import { type Kysely, sql } from 'kysely';
import type { Migration } from 'kysely/migration';

// A person holds several roles at once (issue 8; policy sections 4–5): the seeds' DSLs are
// Heads of Service, Champions are line managers, the coordinator may be a DSO. Each role a row,
// filled from the one role each account had. users.role stays, unread: dropping a column on
// SQLite means rebuilding users and every foreign key to it, for no gain.
export const userRoles: Migration = {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('user_roles')
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('organisation_id', 'text', (c) => c.notNull().references('organisations.id'))
      .addPrimaryKeyConstraint('user_roles_pkey', ['user_id', 'role'])
      .execute();
    // Who to tell about a concern: the organisation's holders of a role (jobs/concern-notice).
    await db.schema.createIndex('user_roles_by_role').on('user_roles').columns(['organisation_id', 'role']).execute();
    await sql`insert into user_roles (user_id, role, organisation_id) select id, role, organisation_id from users`.execute(
      db,
    );
  },
};
