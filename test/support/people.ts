import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../src/db/connect.ts';
import { authorizeLink, linkPerson as linkNamedPerson } from '../../src/features/people/link-person.ts';
import type { DraftPerson } from '../../src/concerns/draft.schema.ts';
import { actorFor, buildConcern } from './builders.ts';
import type { WebClient } from './web-client.ts';

// The person index through HTTP, as a case worker uses it, and concerns about named people.

/** A person at risk as the reporter described them; any detail can be overridden. */
export function namedPerson(name: string | null, overrides: Partial<DraftPerson> = {}): DraftPerson {
  return {
    id: randomUUID(),
    role: 'person_at_risk',
    name,
    ageGroup: 'adult',
    age: { kind: 'unknown' },
    address: null,
    ...overrides,
  };
}

/** A concern recorded by the reporter about these people, which happened on this date. */
export async function concernAbout(db: HavenDb, people: DraftPerson[], happenedOn = '2026-01-05', email?: string) {
  const concern = await buildConcern(db, email ?? 'reporter@city.example', {
    people,
    whatHappened: { description: `Account of ${happenedOn}`, happenedOn, location: 'Riverside Estate' },
  });
  const named = await db
    .selectFrom('concern_people')
    .select(['id', 'name'])
    .where('concern_id', '=', concern.id)
    .orderBy('sort_order')
    .execute();
  return { ...concern, people: named };
}

export const linkUrl = (concernId: string, concernPersonId: string) =>
  `/concerns/${concernId}/people/${concernPersonId}/link`;

/** "Link to this person" (an index id) or "Add as a new person" ('new'); returns the response. */
export async function linkPerson(client: WebClient, concernId: string, concernPersonId: string, choice: string) {
  const page = await client.get(linkUrl(concernId, concernPersonId));
  assert.equal(page.statusCode, 200, 'the link page opens');
  return client.post(linkUrl(concernId, concernPersonId), { personId: choice });
}

/** Links as a new person and returns the new index record's id. */
export async function addAsNewPerson(
  db: HavenDb,
  client: WebClient,
  concernId: string,
  concernPersonId: string,
): Promise<string> {
  const response = await linkPerson(client, concernId, concernPersonId, 'new');
  assert.equal(response.statusCode, 303, response.body.slice(0, 300));
  return indexIdOf(db, concernPersonId);
}

/** The index record a person named on a concern is linked to. */
export async function indexIdOf(db: HavenDb, concernPersonId: string): Promise<string> {
  const row = await db
    .selectFrom('concern_people')
    .select('person_id')
    .where('id', '=', concernPersonId)
    .executeTakeFirstOrThrow();
  assert.ok(row.person_id, 'linked to the index');
  return row.person_id;
}

/** Everything the person index holds, to show that refused input wrote nothing. */
export async function indexSnapshot(db: HavenDb) {
  return {
    people: await db.selectFrom('people').selectAll().orderBy('id').execute(),
    links: await db.selectFrom('concern_people').select(['id', 'person_id']).orderBy('id').execute(),
    events: (await db.selectFrom('person_events').select('id').execute()).length,
  };
}

/** Files the first person on a concern in the index as a DSO would; for tests that need a record. */
export async function indexFirstPerson(db: HavenDb, concernId: string) {
  const dso = await actorFor(db, 'dso@city.example');
  const first = await db
    .selectFrom('concern_people')
    .select('id')
    .where('concern_id', '=', concernId)
    .orderBy('sort_order')
    .executeTakeFirstOrThrow();
  const outcome = await linkNamedPerson(db, dso, await authorizeLink(db, dso, concernId, first.id), 'new', null);
  assert.ok('linked' in outcome, 'filed in the index');
  return { concernPersonId: first.id, indexPersonId: outcome.linked };
}
