import type { HavenDb } from '../src/db/connect.ts';
import type { Actor, Role } from '../src/domain/access-policy.ts';
import { benchOrganisation } from './synthetic-data.ts';

/** The bench organisation's DSO: the reads are measured as this person. */
export const dsoEmail = 'dso@city.example';

export async function findActor(db: HavenDb, email: string): Promise<Actor> {
  const user = await db
    .selectFrom('users')
    .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
    .select(['users.id', 'users.organisation_id', 'users.role'])
    .where('users.email', '=', email)
    .where('organisations.name', '=', benchOrganisation)
    .executeTakeFirstOrThrow();
  return { userId: user.id, organisationId: user.organisation_id, role: user.role as Role };
}
