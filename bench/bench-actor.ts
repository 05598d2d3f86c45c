import type { HavenDb } from '../src/db/connect.ts';
import { type Actor, roleSet } from '../src/domain/access-policy.ts';
import { benchOrganisation } from '../src/db/synthetic-catalogue.ts';

/** The bench organisation's DSO: the reads are measured as this person. */
export const dsoEmail = 'dso@city.example';

export async function findActor(db: HavenDb, email: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.organisation_id'])
    .where('users.email', '=', email)
    .where('organisations.name', '=', benchOrganisation)
    .executeTakeFirstOrThrow();
  const held = await db.selectFrom('user_roles').select('role').where('user_id', '=', user.id).execute();
  return { userId: user.id, organisationId: user.organisation_id, roles: roleSet(held.map((row) => row.role)) };
}
