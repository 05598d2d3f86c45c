import type { HavenDb } from '../db/connect.ts';
import type { Actor } from '../domain/access-policy.ts';

/** The people named on a concern and the index record each is linked to, for the concern page. */
export async function listConcernPeopleLinks(db: HavenDb, actor: Actor, concernId: string) {
  return db
    .selectFrom('concern_people')
    .leftJoin('people', 'people.id', 'concern_people.person_id')
    .select([
      'concern_people.id',
      'concern_people.name',
      'concern_people.role_in_concern as role',
      'people.id as personId',
      'people.name as personName',
    ])
    .where('concern_people.organisation_id', '=', actor.organisationId)
    .where('concern_people.concern_id', '=', concernId)
    .orderBy('concern_people.sort_order')
    .execute();
}
