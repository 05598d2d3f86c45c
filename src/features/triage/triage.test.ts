import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { listedEventsOf } from '../../../test/support/audit-listings.ts';
import { WebClient } from '../../../test/support/web-client.ts';

describe('triage queue', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('shows a DSO the most urgent concern first, with when it arrived and when triage is due', async () => {
    const older = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Older Person', ageGroup: 'adult' },
    });
    const newer = await buildConcern(t.db, 'champion@city.example', { person: { name: null, ageGroup: 'child' } });
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    const queue = await client.get('/triage');
    assert.equal(queue.statusCode, 200);
    const newerAt = queue.body.indexOf(newer.reference);
    const olderAt = queue.body.indexOf(older.reference);
    assert.ok(olderAt > 0 && newerAt > olderAt, 'oldest, so most urgent, first');
    assert.match(queue.body, /Triage by/);
    assert.match(queue.body, /Name not known \(child\)/);
    assert.match(queue.body, /\d{1,2}:\d{2}(am|pm) on \d{1,2} \w+ \d{4}/);
  });

  it('shows what reporters typed as text, never as markup', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: '<b onmouseover="x()">Marked</b>', ageGroup: 'adult' },
    });
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    const queue = await client.get('/triage');
    assert.ok(queue.body.includes(`href="/concerns/${concern.id}"`));
    assert.ok(queue.body.includes('&lt;b onmouseover=&quot;x()&quot;&gt;Marked&lt;/b&gt; (adult)'));
    assert.ok(!queue.body.includes('<b onmouseover'));
  });

  it('audits each concern listed, because the queue names people', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await actorFor(t.db, 'dso@city.example');
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    await client.get('/triage');
    const events = await listedEventsOf(t.db, [concern.id]);
    assert.deepEqual(events, [{ action: 'concern.listed', actor_id: dso.userId, subject_id: concern.id }]);
  });

  it('never shows one organisation’s concerns to another’s DSO', async () => {
    const city = await buildConcern(t.db, 'reporter@city.example');
    const district = await buildConcern(t.db, 'reporter@district.example');
    const client = new WebClient(t.app);
    await client.signIn('dso@district.example');
    const queue = await client.get('/triage');
    assert.ok(queue.body.includes(district.reference));
    // References are per organisation, so compare by the id in the link.
    assert.ok(!queue.body.includes(city.id));
  });

  it('is closed to reporters and senior leaders', async () => {
    for (const email of ['reporter@city.example', 'leader@city.example']) {
      const client = new WebClient(t.app);
      await client.signIn(email);
      assert.equal((await client.get('/triage')).statusCode, 403, email);
    }
  });
});
