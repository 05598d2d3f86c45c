import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import {
  addAsNewPerson,
  concernAbout,
  indexSnapshot,
  linkPerson,
  linkUrl,
  namedPerson,
} from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';

describe('linking: bad input and people working at once', () => {
  let t: TestApp;
  let dso: WebClient;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  before(async () => {
    t = await startTestApp();
    dso = await signedIn('dso@city.example');
  });
  after(() => t.close());

  it('refuses a tampered choice with a GOV.UK error beside the choices, and writes nothing', async () => {
    const concern = await concernAbout(t.db, [namedPerson('Hal Price')]);
    const url = linkUrl(concern.id, concern.people[0]!.id);
    const theirs = await concernAbout(t.db, [namedPerson('Hal Price')], '2026-01-05', 'reporter@district.example');
    const stranger = await addAsNewPerson(
      t.db,
      await signedIn('dso@district.example'),
      theirs.id,
      theirs.people[0]!.id,
    );
    await dso.get(url);
    const before = await indexSnapshot(t.db);
    for (const personId of ['', 'not-an-id', '00000000-0000-4000-8000-000000000000', stranger, "new' or 1=1"]) {
      const response = await dso.post(url, { personId });
      assert.equal(response.statusCode, 400, personId);
      assert.match(response.body, /<title>Error: /);
      assert.ok(response.body.includes('href="#choose"') && response.body.includes('id="choose"'));
      assert.match(response.body, /Select a person from the list, or add them as a new person/);
    }
    const missing = await dso.post(url, {});
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(await indexSnapshot(t.db), before, 'nothing written');
  });

  it('answers “not found” for a person not on this concern, or a concern the actor may not see', async () => {
    const concern = await concernAbout(t.db, [namedPerson('Ivy Shaw')]);
    const another = await concernAbout(t.db, [namedPerson('Jem Shaw')]);
    const theirs = await concernAbout(t.db, [namedPerson('Kit Shaw')], '2026-01-05', 'reporter@district.example');
    const before = await indexSnapshot(t.db);
    const reporter = await signedIn('reporter@city.example');
    const attempts: Array<[WebClient, string]> = [
      [dso, linkUrl(concern.id, another.people[0]!.id)],
      [dso, linkUrl(concern.id, '00000000-0000-4000-8000-000000000000')],
      [dso, linkUrl(concern.id, 'not-an-id')],
      [dso, linkUrl(theirs.id, theirs.people[0]!.id)],
      [dso, linkUrl('not-an-id', concern.people[0]!.id)],
    ];
    for (const [client, url] of attempts) {
      assert.equal((await client.get(url)).statusCode, 404, `GET ${url}`);
      assert.equal((await client.post(url, { personId: 'new' })).statusCode, 404, `POST ${url}`);
    }
    assert.equal((await reporter.get(linkUrl(concern.id, concern.people[0]!.id))).statusCode, 403);
    assert.deepEqual(await indexSnapshot(t.db), before, 'nothing written');
  });

  it('tells the second of two people linking the same person that it was already done', async () => {
    const concern = await concernAbout(t.db, [namedPerson('Lou Grant')]);
    const url = linkUrl(concern.id, concern.people[0]!.id);
    const dsl = await signedIn('dsl@city.example');
    await dso.get(url);
    await dsl.get(url);
    assert.equal((await dso.post(url, { personId: 'new' })).statusCode, 303);
    const before = await indexSnapshot(t.db);
    const second = await dsl.post(url, { personId: 'new' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone linked this person to the index while you were looking. Nothing was changed./);
    assert.match(second.body, /is linked to/);
    assert.deepEqual(await indexSnapshot(t.db), before, 'no second record');
  });

  it('refuses a record merged away while the page was open', async () => {
    const first = await concernAbout(t.db, [namedPerson('Mo Hart')]);
    const second = await concernAbout(t.db, [namedPerson('Mo Hart')]);
    const third = await concernAbout(t.db, [namedPerson('Mo Hart')]);
    const a = await addAsNewPerson(t.db, dso, first.id, first.people[0]!.id);
    const b = await addAsNewPerson(t.db, dso, second.id, second.people[0]!.id);
    const url = linkUrl(third.id, third.people[0]!.id);
    assert.ok((await dso.get(url)).body.includes(`value="${b}"`));
    assert.equal((await dso.post(`/people/${a}/merge/${b}`, { keep: 'this' })).statusCode, 303);
    await dso.get(url);
    const before = await indexSnapshot(t.db);
    const response = await dso.post(url, { personId: b });
    assert.equal(response.statusCode, 409);
    assert.match(response.body, /That record was merged into another while you were looking/);
    assert.deepEqual(await indexSnapshot(t.db), before, 'nothing written');
    assert.equal((await linkPerson(dso, third.id, third.people[0]!.id, a)).statusCode, 303);
  });
});
