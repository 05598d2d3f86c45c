import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { listedEventsOf } from '../../../test/support/audit-listings.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { addAsNewPerson, concernAbout, linkPerson, linkUrl, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// A restricted concern (policy 14.4) is left out of a person for anyone who may not see it:
// its events, its reference, any count, and the record itself if that is all there is.
describe('the person index and restricted concerns', () => {
  let t: TestApp;
  const clients = {} as Record<'dso' | 'dsl' | 'hbi', WebClient>;
  let personId = '';
  let ordinary: Awaited<ReturnType<typeof concernAbout>>;
  let restricted: Awaited<ReturnType<typeof concernAbout>>;
  let onlyRestricted = '';

  before(async () => {
    t = await startTestApp();
    for (const who of ['dso', 'dsl', 'hbi'] as const) {
      clients[who] = new WebClient(t.app);
      await clients[who].signIn(`${who}@city.example`);
    }
    ordinary = await concernAbout(t.db, [namedPerson('Cara Finch')], '2025-05-01');
    restricted = await concernAbout(
      t.db,
      [namedPerson('Cara Finch'), namedPerson('Officer Quill', { role: 'alleged_source_of_harm' })],
      '2025-09-09',
    );
    await t.db
      .updateTable('concerns')
      .set({ restricted: 1, restriction_kind: 'dsl' })
      .where('id', '=', restricted.id)
      .execute();
    personId = await addAsNewPerson(t.db, clients.dsl, ordinary.id, ordinary.people[0]!.id);
    assert.equal((await linkPerson(clients.dsl, restricted.id, restricted.people[0]!.id, personId)).statusCode, 303);
    // The Head of Business Improvement files the officer the allegation is about.
    onlyRestricted = await addAsNewPerson(t.db, clients.hbi, restricted.id, restricted.people[1]!.id);
    assert.equal((await clients.hbi.get(`/people/${personId}`)).statusCode, 200);
  });
  after(() => t.close());

  it('leaves the restricted concern out of a DSO’s view of the person, with no trace of it', async () => {
    const page = await clients.dso.get(`/people/${personId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(ordinary.reference));
    assert.ok(page.body.includes('Account of 2025-05-01'));
    assert.ok(!page.body.includes(restricted.reference), 'no reference');
    assert.ok(!page.body.includes('Account of 2025-09-09'), 'no events');
    assert.ok(!page.body.includes('Officer Quill'));
    const access = page.body.slice(page.body.indexOf('Who has seen or changed this person'));
    assert.ok(!access.includes('Linked them to a concern'), 'not the link from the restricted concern');
    const reads = (await listedEventsOf(t.db, [restricted.id])).filter(
      (event) => event.action === 'concern.read-in-chronology',
    );
    assert.deepEqual(
      reads.map((event) => event.actor_id),
      [(await actorFor(t.db, 'hbi@city.example')).userId],
      'the restricted concern was read in the chronology by the HBI, not the DSO',
    );
  });

  it('shows a DSL both concerns and everything that happened', async () => {
    const page = await clients.dsl.get(`/people/${personId}`);
    for (const text of [ordinary.reference, restricted.reference, 'Account of 2025-09-09', 'Rowan Feltham']) {
      assert.ok(page.body.includes(text), text);
    }
  });

  it('shows the Head of Business Improvement, a DSL, both concerns and who has seen the person', async () => {
    const page = await clients.hbi.get(`/people/${personId}`);
    assert.ok(page.body.includes(restricted.reference));
    assert.ok(page.body.includes(ordinary.reference));
    assert.ok(page.body.includes('Who has seen or changed this person'));
  });

  it('hides a person known only through a restricted concern from DSOs: page, search and suggestions', async () => {
    assert.equal((await clients.dso.get(`/people/${onlyRestricted}`)).statusCode, 404);
    assert.ok(!(await clients.dso.get('/people?name=quill')).body.includes('Officer Quill'));
    const another = await concernAbout(t.db, [
      namedPerson('Pat Bloggs'),
      namedPerson('Officer Quill', { role: 'witness' }),
    ]);
    const page = await clients.dso.get(linkUrl(another.id, another.people[1]!.id));
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes(onlyRestricted), 'not offered as a match');
    assert.match(page.body, /No likely matches/);
    const dslPage = await clients.dsl.get(linkUrl(another.id, another.people[1]!.id));
    assert.ok(dslPage.body.includes(onlyRestricted), 'a DSL is offered it');
  });

  it('lets no one but DSLs and the Head of Business Improvement link people on a restricted concern', async () => {
    const url = linkUrl(restricted.id, restricted.people[1]!.id);
    assert.equal((await clients.dso.get(url)).statusCode, 404);
    assert.equal((await clients.dso.post(url, { personId: 'new' })).statusCode, 404);
    const hbiOnOrdinary = linkUrl(ordinary.id, ordinary.people[0]!.id);
    assert.equal((await clients.hbi.get(hbiOnOrdinary)).statusCode, 200, 'a DSL works ordinary concerns too');
  });
});
