import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

describe('view a concern', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };

  it('lets a reporter open their own concern and audits the read', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Jo Visible', ageGroup: 'adult' },
    });
    const client = await signedIn('reporter@city.example');
    const page = await client.get(`/concerns/${concern.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Jo Visible/);
    const reporter = await actorFor(t.db, 'reporter@city.example');
    const reads = await t.db
      .selectFrom('audit_events')
      .select(['actor_id'])
      .where('subject_id', '=', concern.id)
      .where('action', '=', 'concern.viewed')
      .execute();
    assert.deepEqual(reads, [{ actor_id: reporter.userId }]);
  });

  it('lists a reporter’s own concerns and nobody else’s', async () => {
    const mine = await buildConcern(t.db, 'reporter@city.example');
    const theirs = await buildConcern(t.db, 'champion@city.example');
    const client = await signedIn('reporter@city.example');
    const page = await client.get('/concerns/mine');
    assert.ok(page.body.includes(mine.id));
    assert.ok(!page.body.includes(theirs.id));
  });

  it('answers “not found” for someone else’s concern, another organisation’s, or a guessed id', async () => {
    const theirs = await buildConcern(t.db, 'champion@city.example');
    const otherOrganisation = await buildConcern(t.db, 'reporter@district.example');
    const attempts: Array<[string, string]> = [
      ['reporter@city.example', theirs.id],
      ['dso@city.example', otherOrganisation.id],
      ['dsl@city.example', otherOrganisation.id],
      ['dso@city.example', '00000000-0000-4000-8000-000000000000'],
      ['dso@city.example', 'not-a-uuid'],
      ['reporter@city.example', `${theirs.id}/confirmation`],
    ];
    for (const [email, path] of attempts) {
      const client = await signedIn(email);
      const response = await client.get(`/concerns/${path}`);
      assert.equal(response.statusCode, 404, `${email} → ${path}`);
      assert.ok(!response.body.includes('Test Person'));
    }
    const leaked = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', 'in', [theirs.id, otherOrganisation.id])
      .where('action', '=', 'concern.viewed')
      .execute();
    assert.equal(leaked.length, 0, 'refused reads are not recorded as reads');
  });

  it('lets a DSO open any concern of their own organisation', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const client = await signedIn('dso@city.example');
    assert.equal((await client.get(`/concerns/${concern.id}`)).statusCode, 200);
  });

  it('shows a senior leader the concern they recorded, like any reporter, and no one else’s (policy 1.3, 4.1)', async () => {
    const others = await buildConcern(t.db, 'reporter@city.example');
    const theirs = await buildConcern(t.db, 'leader@city.example');
    const client = await signedIn('leader@city.example');
    assert.equal((await client.get(`/concerns/${theirs.id}`)).statusCode, 200);
    assert.equal((await client.get(`/concerns/${others.id}`)).statusCode, 404);
    const mine = await client.get('/concerns/mine');
    assert.ok(mine.body.includes(theirs.reference));
    assert.ok(!mine.body.includes(others.reference));
  });

  it('shows an administrator no concern at all', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const client = await signedIn('admin@city.example');
    assert.equal((await client.get(`/concerns/${concern.id}`)).statusCode, 403);
    assert.equal((await client.get('/concerns/mine')).statusCode, 403);
  });
});
