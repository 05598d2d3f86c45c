import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildDraft } from '../../../test/support/builders.ts';
import { addPerson, personForm, startConcern } from '../../../test/support/concern-journey.ts';
import { WebClient } from '../../../test/support/web-client.ts';

describe('drafts: saved as you go, one per concern, only ever their owner’s', () => {
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

  it('keeps two drafts of the same person apart, as two browser tabs would use them', async () => {
    const client = await signedIn('reporter@city.example');
    const tabOne = await startConcern(client);
    const tabTwo = await startConcern(client);
    await addPerson(client, tabOne, personForm({ name: 'First Tab Person' }));
    await addPerson(client, tabTwo, personForm({ name: 'Second Tab Person', role: 'person_at_risk' }));
    for (const [draftId, mine, theirs] of [
      [tabOne, 'First Tab Person', 'Second Tab Person'],
      [tabTwo, 'Second Tab Person', 'First Tab Person'],
    ] as const) {
      const page = await client.get(`/concerns/new/${draftId}/people`);
      assert.ok(page.body.includes(mine), `${draftId} shows ${mine}`);
      assert.ok(!page.body.includes(theirs), `${draftId} does not show ${theirs}`);
    }
    await client.get(`/concerns/new/${tabOne}/why-at-risk`);
    await client.post(`/concerns/new/${tabOne}/why-at-risk`, { whyAtRisk: 'Only in the first tab' });
    const second = await client.get(`/concerns/new/${tabTwo}/why-at-risk`);
    assert.ok(!second.body.includes('Only in the first tab'));
  });

  it('lists unfinished drafts on the start page, to continue or discard', async () => {
    const client = await signedIn('champion@city.example');
    const kept = await startConcern(client);
    await addPerson(client, kept, personForm({ name: 'Continue Me' }));
    const discarded = await startConcern(client);
    await addPerson(client, discarded, personForm({ name: 'Discard Me' }));
    const start = await client.get('/concerns/new');
    assert.match(start.body, /Concerns you have not finished/);
    assert.ok(start.body.includes('Continue Me') && start.body.includes('Discard Me'));
    assert.ok(start.body.includes(`href="/concerns/new/${kept}/what-happened"`), 'continues where it stopped');

    const confirm = await client.get(`/concerns/new/${discarded}/discard`);
    assert.match(confirm.body, /Are you sure you want to discard this concern\?/);
    const gone = await client.post(`/concerns/new/${discarded}/discard`);
    assert.equal(gone.headers.location, '/concerns/new');
    const after = await client.get('/concerns/new');
    assert.ok(after.body.includes('Continue Me') && !after.body.includes('Discard Me'));
    assert.equal((await client.get(`/concerns/new/${discarded}/people`)).statusCode, 404);
  });

  it('answers “not found” for another person’s draft, and records nothing from it', async () => {
    const theirs = await buildDraft(t.db, 'reporter@city.example', {
      person: { name: 'Private Person', ageGroup: 'adult' },
    });
    const otherOrganisation = await buildDraft(t.db, 'reporter@district.example');
    const attempts: Array<[string, string]> = [
      ['champion@city.example', theirs],
      ['dso@city.example', theirs],
      ['manager@city.example', theirs],
      ['dso@district.example', theirs],
      ['reporter@city.example', otherOrganisation],
    ];
    for (const [email, draftId] of attempts) {
      const client = await signedIn(email);
      await client.get('/concerns/new');
      for (const page of [
        'people',
        'what-happened',
        'advice',
        'check',
        'discard',
        'people/00000000-0000-4000-8000-000000000001',
      ]) {
        const response = await client.get(`/concerns/new/${draftId}/${page}`);
        assert.equal(response.statusCode, 404, `${email} GET ${page}`);
        assert.ok(!response.body.includes('Private Person'));
      }
      for (const page of ['what-happened', 'people', 'discard']) {
        assert.equal((await client.post(`/concerns/new/${draftId}/${page}`)).statusCode, 404, `${email} POST ${page}`);
      }
      const sent = await client.post(`/concerns/new/${draftId}/check`);
      assert.equal(sent.headers.location, '/concerns/mine', 'sending another’s draft only shows one’s own list');
    }
    const stillThere = await t.db
      .selectFrom('concern_drafts')
      .select('id')
      .where('id', 'in', [theirs, otherOrganisation]);
    assert.equal((await stillThere.execute()).length, 2, 'their drafts are untouched');
    assert.equal((await t.db.selectFrom('concerns').select('id').execute()).length, 0, 'nothing was recorded');
  });

  it('answers “not found” for a malformed draft id', async () => {
    const client = await signedIn('reporter@city.example');
    await client.get('/concerns/new');
    assert.equal((await client.get('/concerns/new/not-a-draft/people')).statusCode, 404);
    assert.equal((await client.post('/concerns/new/not-a-draft/check')).statusCode, 404);
  });
});
