import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// The Safeguarding Coordinator's oversight of the recording system (policy 5.18; self-assessment 1.7).
describe('oversight of open concerns', () => {
  let t: TestApp;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('lists every open concern with its facts and overdue flags, and no names or narrative', async () => {
    const late = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Wren Oversightname', ageGroup: 'adult' },
    });
    await t.db
      .updateTable('concerns')
      .set({ triage_deadline_at: '2020-01-02T17:00:00.000Z', created_at: '2020-01-01T09:00:00.000Z' })
      .where('id', '=', late.id)
      .execute();
    const closed = await buildConcern(t.db, 'reporter@city.example');
    await t.db.updateTable('concerns').set({ status: 'closed' }).where('id', '=', closed.id).execute();
    const page = await (await signedIn('coordinator@city.example')).get('/oversight');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(late.reference));
    assert.ok(!page.body.includes(closed.reference), 'closed concerns are not listed');
    assert.match(page.body, /Triage overdue/);
    assert.ok(!page.body.includes('Oversightname'), 'no names');
    assert.ok(!page.body.includes('Test description'), 'no narrative');
    assert.ok(!page.body.includes(`href="/concerns/${late.id}"`), 'a coordinator alone cannot open it');
    const audited = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', late.id)
      .where('action', 'like', '%list%')
      .execute();
    assert.deepEqual(audited, [], 'no one is named, so nothing is read');
  });

  it('links to the concern for a coordinator who is also a DSO, but never to a restricted one', async () => {
    const ordinary = await buildConcern(t.db, 'reporter@city.example');
    const restricted = await buildConcern(t.db, 'reporter@city.example');
    await t.db.updateTable('concerns').set({ restricted: 1 }).where('id', '=', restricted.id).execute();
    const page = await (await signedIn('coordinator-dso@city.example')).get('/oversight');
    assert.ok(page.body.includes(`href="/concerns/${ordinary.id}"`));
    assert.ok(!page.body.includes(restricted.reference), 'a restricted concern shows as Restricted');
    assert.ok(!page.body.includes(`href="/concerns/${restricted.id}"`));
    assert.match(page.body, />Restricted</);
  });

  it('filters by status and service area, and refuses a value it did not offer', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const coordinator = await signedIn('coordinator@city.example');
    assert.ok(!(await coordinator.get('/oversight?status=open')).body.includes(concern.reference));
    assert.ok((await coordinator.get('/oversight?status=awaiting_triage')).body.includes(concern.reference));
    const refused = await coordinator.get('/oversight?status=lost&serviceArea=nowhere');
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Choose a status from the list/);
    assert.match(refused.body, /Choose a service area from the list/);
  });

  it('is the coordinator’s only: a DSL or administrator is refused', async () => {
    for (const email of ['dsl@city.example', 'admin@city.example']) {
      assert.equal((await (await signedIn(email)).get('/oversight')).statusCode, 403, email);
    }
  });
});
