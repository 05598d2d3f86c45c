import type { HavenDb } from '../../db/connect.ts';
import type { Actor } from '../../domain/access-policy.ts';
import { listAuditTrail } from '../../concerns/audit-trail.queries.ts';

// Who has seen or changed a person: reads from the audit log, changes from the person's own
// events (which say which concern a change came from, so a restricted one can be left out).
// Both cover the records merged into this one, whose history it now carries.

const most = 200;

export async function listPersonReads(db: HavenDb, actor: Actor, personIds: readonly string[]) {
  return listAuditTrail(db, actor, 'person', personIds, { actions: ['person.viewed', 'person.listed'], most });
}

export async function listPersonChanges(db: HavenDb, actor: Actor, personIds: readonly string[]) {
  return db
    .selectFrom('person_events')
    .innerJoin('users', 'users.id', 'person_events.actor_id')
    .leftJoin('concerns', 'concerns.id', 'person_events.concern_id')
    .select([
      'person_events.kind',
      'person_events.at',
      'person_events.details',
      'users.display_name as who',
      'concerns.restricted',
    ])
    .where('person_events.organisation_id', '=', actor.organisationId)
    .where('person_events.person_id', 'in', personIds)
    .orderBy('person_events.at', 'desc')
    .limit(most)
    .execute();
}
