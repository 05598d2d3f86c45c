import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildAddedInformation, buildConcern } from '../../../test/support/builders.ts';
import { listedEventsOf } from '../../../test/support/audit-listings.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { searchConcerns } from './search.queries.ts';
import { refreshConcernSearch } from '../../concerns/concern-search.queries.ts';

const account = (description: string) => ({ description, happenedOn: '2026-01-05', location: 'Test Street' });
const person = (name: string | null, role: 'person_at_risk' | 'alleged_source_of_harm' = 'person_at_risk') => ({
  id: randomUUID(),
  role,
  name,
  ageGroup: 'adult' as const,
  age: { kind: 'unknown' as const },
  address: null,
});

describe('search across concerns', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  /** Signs in and searches as a person would; returns the response and the concern ids listed, in order. */
  async function search(email: string, q: string) {
    const client = new WebClient(t.app);
    await client.signIn(email);
    await client.get('/search');
    const response = await client.post('/search', { q });
    const ids = [...response.body.matchAll(/href="\/concerns\/([0-9a-f-]{36})"/g)].map((m) => m[1]);
    return { response, ids };
  }

  it('offers a search form that posts, so the term never goes into a URL', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    const home = await client.get('/');
    assert.match(home.body, /href="\/search"[^>]*>\s*Search\s*</, 'in the navigation');
    const page = await client.get('/search');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<form method="post" action="\/search"/);
    assert.match(page.body, /autocomplete="off"/);
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Querystring Person', ageGroup: 'adult' },
    });
    const byUrl = await client.get('/search?q=Querystring');
    assert.ok(!byUrl.body.includes(concern.id), 'a term in the URL searches nothing');
  });

  it('finds a concern by its reference, the exact reference first', async () => {
    const wanted = await buildConcern(t.db, 'reporter@city.example');
    const mentions = await buildConcern(t.db, 'champion@city.example', {
      whatHappened: account(`Linked to ${wanted.reference}, same family`),
    });
    const { response, ids } = await search('dso@city.example', wanted.reference.toLowerCase());
    assert.equal(response.statusCode, 200);
    assert.deepEqual(ids.slice(0, 2), [wanted.id, mentions.id]);
    assert.ok((await search('dso@city.example', wanted.reference.slice(3))).ids.includes(wanted.id), 'by its parts');
  });

  it('finds a concern by the name of anyone on it, with accents or without', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      people: [person('Maya Thistlewood'), person('Zoë Featherstonehaugh', 'alleged_source_of_harm')],
    });
    for (const q of ['Featherstonehaugh', 'zoe featherstonehaugh', 'Zoë', 'thistlewood maya']) {
      const { response, ids } = await search('dsl@city.example', q);
      assert.deepEqual(ids, [concern.id], q);
      assert.ok(response.body.includes('Zoë Featherstonehaugh (alleged source of harm)'), 'lists everyone on it');
    }
    assert.deepEqual((await search('dsl@city.example', 'Maya Featherstonehaugh Nobody')).ids, [], 'every word counts');
  });

  it('finds words in what happened, where, why at risk and information added later, stemmed', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      whatHappened: {
        description: 'Tenant neglecting herself badly',
        happenedOn: '2026-01-05',
        location: 'Quayside Mews',
      },
      whyAtRisk: 'Hoarding blocks the stairwell',
    });
    await buildAddedInformation(t.db, 'reporter@city.example', concern.id, 'Boiler condemned by the engineer');
    for (const q of ['neglected', 'quayside', 'hoarded stairwells', 'condemned boiler']) {
      assert.deepEqual((await search('dso@city.example', q)).ids, [concern.id], q);
    }
  });

  it('keeps no readable copy of the text in the index (issue 13)', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      whatHappened: { description: 'Wardrobe Zephyrine incident', happenedOn: '2026-01-05', location: 'Test Street' },
    });
    assert.deepEqual((await search('dso@city.example', 'zephyrine')).ids, [concern.id]);
    // SQLite: a contentless FTS5 table returns null for every column; PostgreSQL: lexemes only.
    const stored =
      t.config.database.kind === 'sqlite'
        ? await sql<{ account: string | null }>`select account from concern_search`.execute(t.db)
        : await sql<{ account: string }>`select document::text as account from concern_search`.execute(t.db);
    const text = JSON.stringify(stored.rows);
    assert.ok(!text.includes('Wardrobe Zephyrine incident'), 'the sentence is not kept');
    if (t.config.database.kind === 'sqlite') assert.ok(!/zephyrine/i.test(text), 'no column is readable');
  });

  // Since issue 13 the columns hold ciphertext, so no trigger can: the writers that change a
  // searched part (rectification, information added later) rebuild the document through
  // refreshConcernSearch, which is what this drives after changing the rows directly.
  it('keeps the index in step when a concern or a person on it changes', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Old Surnamebefore', ageGroup: 'adult' },
    });
    await t.db.updateTable('concerns').set({ location: 'Lighthouse Terrace' }).where('id', '=', concern.id).execute();
    await t.db
      .updateTable('concern_people')
      .set({ name: 'New Surnameafter' })
      .where('concern_id', '=', concern.id)
      .execute();
    const { organisation_id } = await t.db
      .selectFrom('concerns')
      .select('organisation_id')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    await refreshConcernSearch(t.db, organisation_id, concern.id);
    assert.deepEqual((await search('dso@city.example', 'lighthouse')).ids, [concern.id]);
    assert.deepEqual((await search('dso@city.example', 'Surnameafter')).ids, [concern.id]);
    assert.deepEqual((await search('dso@city.example', 'Surnamebefore')).ids, []);
  });

  it('never finds another organisation’s concerns', async () => {
    const district = await buildConcern(t.db, 'reporter@district.example', {
      person: { name: 'Orla Districtonly', ageGroup: 'adult' },
    });
    const { response, ids } = await search('dso@city.example', 'Districtonly');
    assert.deepEqual(ids, []);
    assert.match(response.body, /No concerns found/);
    assert.deepEqual((await search('dso@district.example', 'Districtonly')).ids, [district.id]);
  });

  it('leaves restricted concerns out of a DSO’s results and count, and shows them to a DSL', async () => {
    const [open, restricted] = [
      await buildConcern(t.db, 'reporter@city.example', { person: { name: 'Rowan Guardedname', ageGroup: 'adult' } }),
      await buildConcern(t.db, 'reporter@city.example', { person: { name: 'Rowan Guardedname', ageGroup: 'adult' } }),
    ];
    await t.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', restricted.id).execute();
    const dso = await search('dso@city.example', 'Guardedname');
    assert.deepEqual(dso.ids, [open.id]);
    assert.match(dso.response.body, /1 concern found/);
    assert.ok(!dso.response.body.includes(restricted.reference));
    assert.deepEqual(new Set((await search('dsl@city.example', 'Guardedname')).ids), new Set([open.id, restricted.id]));
    assert.deepEqual(new Set((await search('hbi@city.example', 'Guardedname')).ids), new Set([open.id, restricted.id]));
    const actor = await actorFor(t.db, 'dso@city.example');
    assert.equal((await searchConcerns(t.db, actor, 'Guardedname')).total, 1, 'not counted either');
  });

  it('lists the best matches only, counting them all', async () => {
    for (let i = 0; i < 3; i++) {
      await buildConcern(t.db, 'reporter@city.example', { person: { name: 'Tamsin Manymatches', ageGroup: 'adult' } });
    }
    const actor = await actorFor(t.db, 'dsl@city.example');
    const result = await searchConcerns(t.db, actor, 'Manymatches', 2);
    assert.equal(result.total, 3);
    assert.equal(result.concerns.length, 2);
  });

  it('audits each concern listed as read, and nothing it left out', async () => {
    const listed = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Audra Auditname', ageGroup: 'adult' },
    });
    const hidden = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Audra Auditname', ageGroup: 'adult' },
    });
    await t.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', hidden.id).execute();
    await search('dso@city.example', 'Auditname');
    const dso = await actorFor(t.db, 'dso@city.example');
    const events = await listedEventsOf(t.db, [listed.id, hidden.id]);
    assert.deepEqual(events, [{ subject_id: listed.id, actor_id: dso.userId, action: 'concern.listed' }]);
  });
});
