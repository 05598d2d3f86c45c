import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildDraft } from '../../../test/support/builders.ts';
import { addPerson, personForm, startConcern } from '../../../test/support/concern-journey.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { parseDraft } from '../../concerns/draft.schema.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

describe('the people on a concern (add another, without JavaScript)', () => {
  let t: TestApp;
  let client: WebClient;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());
  beforeEach(async () => {
    client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
  });

  const savedPeople = async (draftId: string) => {
    const row = await t.db.selectFrom('concern_drafts').select('answers').where('id', '=', draftId).executeTakeFirst();
    return parseDraft(decryptField(row!.answers)).people ?? [];
  };

  it('sends a new concern to a blank page for its first person', async () => {
    const draftId = await startConcern(client);
    const people = await client.get(`/concerns/new/${draftId}/people`);
    assert.equal(people.statusCode, 303);
    assert.match(String(people.headers.location), new RegExp(`^/concerns/new/${draftId}/people/[0-9a-f-]{36}$`));
    const page = await client.get(String(people.headers.location));
    assert.match(page.body, /Person 1/);
  });

  it('keeps each person’s role and answers to themselves, and never copies them to the next', async () => {
    const draftId = await startConcern(client);
    const first = await addPerson(client, draftId, personForm({ name: 'Alex At-Risk' }));
    const another = await client.post(`/concerns/new/${draftId}/people`, { addAnother: 'yes' });
    const next = await client.get(String(another.headers.location));
    assert.match(next.body, /Person 2/);
    assert.ok(!next.body.includes('Alex At-Risk') && !next.body.includes('Riverside'), 'the new page is blank');
    assert.ok(!/name="role"[^>]*checked/.test(next.body), 'no role is chosen for the new person');
    const second = String(another.headers.location).split('/').at(-1)!;
    await client.post(String(another.headers.location), {
      role: 'witness',
      name: '',
      nameUnknown: 'yes',
      ageGroup: 'child',
      'dateOfBirth-day': '1',
      'dateOfBirth-month': '6',
      'dateOfBirth-year': '2015',
      address: '',
      addressUnknown: 'yes',
    });
    await client.get(`/concerns/new/${draftId}/people/${second}`);
    await client.post(`/concerns/new/${draftId}/people/${second}`, {
      ...personForm({ role: 'alleged_source_of_harm', name: 'Sam Harmer', ageGroup: 'adult', approximateAge: '40' }),
    });
    const people = await savedPeople(draftId);
    assert.deepEqual(
      people.map((p) => [p.id, p.role, p.name, p.ageGroup]),
      [
        [first, 'person_at_risk', 'Alex At-Risk', 'adult'],
        [second, 'alleged_source_of_harm', 'Sam Harmer', 'adult'],
      ],
    );
    const summary = await client.get(`/concerns/new/${draftId}/people`);
    assert.match(summary.body, /You have added 2 people/);
    assert.match(summary.body, /Alleged source of harm/);
  });

  it('removes a person only when the reporter confirms', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ name: 'Stays Here' }));
    const leaving = await addPerson(client, draftId, personForm({ name: 'Goes Away', role: 'witness' }));
    const removePath = `/concerns/new/${draftId}/people/${leaving}/remove`;
    assert.match((await client.get(removePath)).body, /Are you sure you want to remove Goes Away\?/);
    await client.post(removePath, { remove: 'no' });
    assert.equal((await savedPeople(draftId)).length, 2);
    const removed = await client.post(removePath, { remove: 'yes' });
    assert.equal(removed.headers.location, `/concerns/new/${draftId}/people`);
    assert.deepEqual(
      (await savedPeople(draftId)).map((p) => p.name),
      ['Stays Here'],
    );
  });

  it('needs at least one person at risk before moving on', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ role: 'witness', name: 'Only Witness' }));
    await client.get(`/concerns/new/${draftId}/people`);
    const response = await client.post(`/concerns/new/${draftId}/people`, { addAnother: 'no' });
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /href="#addAnother"/);
    assert.match(response.body, /Add at least one person at risk/);
    assert.match(response.body, /Only Witness/);
  });

  it('answers “not found” for a person who is not on the draft, or a malformed id', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId);
    const stranger = randomUUID();
    for (const [method, path] of [
      ['GET', `people/not-a-uuid`],
      ['POST', `people/not-a-uuid`],
      ['GET', `people/${stranger}/remove`],
      ['POST', `people/${stranger}/remove`],
    ] as const) {
      const url = `/concerns/new/${draftId}/${path}`;
      const response = method === 'GET' ? await client.get(url) : await client.post(url, { remove: 'yes' });
      assert.equal(response.statusCode, 404, `${method} ${path}`);
    }
  });

  it('stops at 20 people', async () => {
    const people = Array.from({ length: 20 }, (_, i) => ({
      id: randomUUID(),
      role: 'person_at_risk' as const,
      name: `Person ${i + 1}`,
      ageGroup: 'adult' as const,
      age: { kind: 'unknown' as const },
      address: null,
    }));
    const draftId = await buildDraft(t.db, 'reporter@city.example', { people });
    await client.get(`/concerns/new/${draftId}/people`);
    const more = await client.post(`/concerns/new/${draftId}/people`, { addAnother: 'yes' });
    assert.equal(more.statusCode, 400);
    assert.match(more.body, /You can add up to 20 people/);
    assert.equal((await client.get(`/concerns/new/${draftId}/people/${randomUUID()}`)).statusCode, 404);
  });
});
