import { sql } from 'kysely';
import type { HavenDb } from '../db/connect.ts';
import { sourceInScope } from '../db/restriction-scope.ts';
import { type Actor, restrictionScope } from '../domain/access-policy.ts';

/** Whether this reader may see the person's name: a name from a restricted concern stays with it. */
function nameShownTo(actor: Actor) {
  return sourceInScope(restrictionScope(actor), 'people.name_from_concern_id');
}

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
      sql<string | null>`case when ${nameShownTo(actor)} then people.name end`.as('personName'),
    ])
    .where('concern_people.organisation_id', '=', actor.organisationId)
    .where('concern_people.concern_id', '=', concernId)
    .orderBy('concern_people.sort_order')
    .execute();
}
