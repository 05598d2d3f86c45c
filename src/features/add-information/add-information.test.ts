import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

describe('add information to one’s own concern (procedures 14.13)', () => {
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
  // Details are encrypted at rest (issue 13): read back through the kernel's decrypt.
  const events = async (concernId: string) =>
    (
      await t.db
        .selectFrom('concern_events')
        .select(['kind', 'details', 'actor_id'])
        .where('concern_id', '=', concernId)
        // Written when the concern was sent (the reporter's line manager was told), not by adding information.
        .where('kind', '!=', 'line_manager_told')
        .execute()
    ).map((row) => ({ ...row, details: decryptField(row.details) }));

  it('lets the reporter add new information from the concern page, to its timeline, audited', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const client = await signedIn('reporter@city.example');
    const page = await client.get(`/concerns/${concern.id}`);
    assert.ok(page.body.includes(`href="/concerns/${concern.id}/add-information"`), 'the concern page links to it');
    const form = await client.get(`/concerns/${concern.id}/add-information`);
    assert.equal(form.statusCode, 200);
    assert.ok(form.body.includes(concern.reference));
    const added = await client.post(`/concerns/${concern.id}/add-information`, {
      information: 'Neighbour says the heating is still off.',
    });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, `/concerns/${concern.id}`);
    const reporter = await actorFor(t.db, 'reporter@city.example');
    assert.deepEqual(await events(concern.id), [
      {
        kind: 'information_added',
        details: JSON.stringify({ text: 'Neighbour says the heating is still off.' }),
        actor_id: reporter.userId,
      },
    ]);
    const audit = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', concern.id)
      .where('action', '=', 'concern.updated')
      .execute();
    assert.equal(audit.length, 1);
    const dso = await signedIn('dso@city.example');
    assert.match(
      (await dso.get(`/concerns/${concern.id}`)).body,
      /Information added by Robin Ashby – Neighbour says the heating is still off\./,
    );
  });

  it('answers “not found” to everyone else, even a DSO who may read the concern, and writes nothing', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const otherOrganisation = await buildConcern(t.db, 'reporter@district.example');
    const attempts: Array<[string, string]> = [
      ['champion@city.example', concern.id],
      ['dso@city.example', concern.id],
      ['dsl@city.example', concern.id],
      ['reporter@city.example', otherOrganisation.id],
      ['reporter@city.example', 'not-a-uuid'],
    ];
    for (const [email, concernId] of attempts) {
      const client = await signedIn(email);
      assert.equal((await client.get(`/concerns/${concernId}/add-information`)).statusCode, 404, `${email} GET`);
      const posted = await client.post(`/concerns/${concernId}/add-information`, { information: 'Not mine to add' });
      assert.equal(posted.statusCode, 404, `${email} POST`);
    }
    const dso = await signedIn('dso@city.example');
    const page = await dso.get(`/concerns/${concern.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('/add-information'), 'no link for someone who cannot use it');
    assert.deepEqual(await events(concern.id), []);
    const leader = await signedIn('leader@city.example');
    assert.equal((await leader.get(`/concerns/${concern.id}/add-information`)).statusCode, 404);
    const administrator = await signedIn('admin@city.example');
    assert.equal((await administrator.get(`/concerns/${concern.id}/add-information`)).statusCode, 403);
  });

  it('asks again, keeping what was typed, when the information is empty or too long', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const client = await signedIn('reporter@city.example');
    await client.get(`/concerns/${concern.id}/add-information`);
    for (const [information, message] of [
      ['   ', 'Enter the new information'],
      [`Kept start ${'x'.repeat(5000)}`, '5,000 characters or fewer'],
    ] as const) {
      const response = await client.post(`/concerns/${concern.id}/add-information`, { information });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /href="#information"/);
      assert.ok(response.body.includes(message));
      if (information.trim()) assert.ok(response.body.includes('Kept start'), 'keeps what was typed');
    }
    assert.deepEqual(await events(concern.id), []);
  });
});
