import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { HavenDb } from '../../src/db/connect.ts';
import type { WebClient } from './web-client.ts';

// "Record a concern" through HTTP, page by page, as a person without JavaScript would.

export type Form = Record<string, string | string[]>;

/** A valid person page; any field can be overridden. */
export const personForm = (overrides: Form = {}): Form => ({
  role: 'person_at_risk',
  name: 'Pat Example',
  ageGroup: 'adult',
  approximateAge: '45',
  address: 'Flat 4, Riverside Estate',
  ...overrides,
});

/** The answers a reporter might give on each question page, by page. */
export async function typicalAnswers(
  db: HavenDb,
  organisationName = 'Haven City Council',
): Promise<Record<string, Form>> {
  const organisation = await db
    .selectFrom('organisations')
    .select('id')
    .where('name', '=', organisationName)
    .executeTakeFirstOrThrow();
  const idOf = async (table: 'categories' | 'service_areas', name: string) =>
    (
      await db
        .selectFrom(table)
        .select('id')
        .where('organisation_id', '=', organisation.id)
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  return {
    'what-happened': {
      description: 'Flat full of rubbish; no food.',
      'happenedOn-day': '2',
      'happenedOn-month': '11',
      'happenedOn-year': '2025',
      location: 'Tenant’s flat',
    },
    'why-at-risk': { whyAtRisk: 'Lives alone and has stopped eating.' },
    context: { visitPurpose: 'Gas safety check', councilTenant: 'yes', knownToOtherDepartments: 'unknown' },
    categories: { categoryIds: [await idOf('categories', 'Self-neglect')] },
    urgency: { urgency: 'days' },
    'adult-needs': { careAndSupportNeeds: 'yes', abuseOrNeglect: 'yes', unableToProtect: 'not_sure' },
    'child-urgent': { childUrgentSigns: 'none' },
    'position-of-trust': { positionOfTrust: 'no' },
    advice: {},
    'routes-taken': { agencyIds: 'none' },
    consent: { consent: 'yes' },
    'on-behalf': { onBehalf: 'no' },
    'on-behalf-who': { onBehalfName: 'Jo Operative', onBehalfRole: 'ODS operative' },
    'service-area': { serviceAreaId: await idOf('service_areas', 'Housing Services') },
  };
}

/** Presses "Start now"; returns the new draft's id. */
export async function startConcern(client: WebClient): Promise<string> {
  await client.get('/concerns/new');
  const started = await client.post('/concerns/new');
  assert.equal(started.statusCode, 303);
  const draftId = /^\/concerns\/new\/([0-9a-f-]{36})\/people$/.exec(String(started.headers.location))?.[1];
  assert.ok(draftId, `start leads to the people page, not ${started.headers.location}`);
  return draftId;
}

/** Adds one person through their own page; returns their id. */
export async function addPerson(client: WebClient, draftId: string, form: Form = personForm()): Promise<string> {
  const personId = randomUUID();
  const path = `/concerns/new/${draftId}/people/${personId}`;
  await client.get(path);
  const response = await client.post(path, form);
  assert.equal(response.statusCode, 303, `adding a person: ${response.body.slice(0, 500)}`);
  return personId;
}

/**
 * Says "no more people", then answers each page the journey leads to, until check answers.
 * Returns the pages visited, so tests can see which conditional pages appeared.
 */
export async function answerTheRest(client: WebClient, draftId: string, answers: Record<string, Form>) {
  const visited: string[] = [];
  await client.get(`/concerns/new/${draftId}/people`);
  let response = await client.post(`/concerns/new/${draftId}/people`, { addAnother: 'no' });
  for (let steps = 0; steps < 20; steps++) {
    assert.equal(response.statusCode, 303, `${visited.at(-1) ?? 'people'}: ${response.body.slice(0, 800)}`);
    const slug = String(response.headers.location).split('/').at(-1)!;
    if (slug === 'check') return visited;
    const form = answers[slug];
    assert.ok(form, `no answer given for the ${slug} page`);
    visited.push(slug);
    const url = `/concerns/new/${draftId}/${slug}`;
    assert.equal((await client.get(url)).statusCode, 200, `GET ${url}`);
    response = await client.post(url, form);
  }
  throw new Error('the journey did not reach check answers');
}

/** Check answers → "Send concern"; returns the new concern's id and reference. */
export async function sendConcern(client: WebClient, draftId: string) {
  const check = await client.get(`/concerns/new/${draftId}/check`);
  assert.equal(check.statusCode, 200, `check answers: ${check.headers.location ?? ''}`);
  const sent = await client.post(`/concerns/new/${draftId}/check`);
  const id = /^\/concerns\/([0-9a-f-]{36})\/confirmation$/.exec(String(sent.headers.location))?.[1];
  assert.ok(id, `sending leads to the confirmation, not ${sent.headers.location}`);
  const confirmation = await client.get(String(sent.headers.location));
  const reference = /HC-\d{4}-\d{6}/.exec(confirmation.body)?.[0];
  assert.ok(reference, 'the confirmation shows a reference');
  return { id, reference, check };
}
