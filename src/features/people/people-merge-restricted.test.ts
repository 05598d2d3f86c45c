import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { addAsNewPerson, concernAbout, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// Issue 11.5: a DSL merged a record from a restricted concern into one from an ordinary concern,
// and a DSO then saw the name and address recorded only on the restricted concern. Each detail
// now keeps the concern it came from, through any merge.
describe('merging a record from a restricted concern', () => {
  let t: TestApp;
  const clients = {} as Record<'dso' | 'dsl', WebClient>;
  let ordinary: Awaited<ReturnType<typeof concernAbout>>;
  let restricted: Awaited<ReturnType<typeof concernAbout>>;
  let keptId = '';
  let mergePage = '';

  before(async () => {
    t = await startTestApp();
    for (const who of ['dso', 'dsl'] as const) {
      clients[who] = new WebClient(t.app);
      await clients[who].signIn(`${who}@city.example`);
    }
    // The ordinary concern knows neither name nor address; the restricted one knows both.
    ordinary = await concernAbout(t.db, [namedPerson(null)], '2025-05-01');
    restricted = await concernAbout(
      t.db,
      [namedPerson('Morwenna Quist', { address: '7 Lantern Yard, AB1 2CD' })],
      '2025-09-09',
    );
    await t.db
      .updateTable('concerns')
      .set({ restricted: 1, restriction_kind: 'dsl' })
      .where('id', '=', restricted.id)
      .execute();
    keptId = await addAsNewPerson(t.db, clients.dsl, ordinary.id, ordinary.people[0]!.id);
    const duplicateId = await addAsNewPerson(t.db, clients.dsl, restricted.id, restricted.people[0]!.id);
    const merge = `/people/${keptId}/merge/${duplicateId}`;
    const page = await clients.dsl.get(merge);
    assert.equal(page.statusCode, 200);
    mergePage = page.body;
    const merged = await clients.dsl.post(merge, { keep: 'this' });
    assert.equal(merged.statusCode, 303, merged.body.slice(0, 300));
  });
  after(() => t.close());

  it('tells the DSL, before merging, what the kept record will and will not share', () => {
    const statement = mergePage.slice(mergePage.indexOf('What the kept record will share'));
    assert.match(
      statement,
      /If you keep this record<\/h2>\s*<ul[^>]*>\s*<li>Shared with everyone who can see the record: nothing<\/li>\s*<li>Not shared: name, address\. These came from a restricted concern, so only people who may see that concern will see them<\/li>/,
    );
  });

  it('shows a DSO none of the restricted details on the person page', async () => {
    const page = await clients.dso.get(`/people/${keptId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(ordinary.reference), 'the DSO still sees the record through the ordinary concern');
    assert.ok(!page.body.includes('Morwenna'), 'no name');
    assert.ok(!page.body.includes('Lantern Yard'), 'no address');
    assert.ok(!page.body.includes(restricted.reference), 'no source they may not know');
    assert.match(page.body, /Name not known/);
  });

  it('shows a DSO none of the restricted details on the ordinary concern’s page', async () => {
    const page = await clients.dso.get(`/concerns/${ordinary.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('Morwenna'));
    assert.ok(!page.body.includes('Lantern Yard'));
  });

  it('does not find the record for a DSO by the restricted name', async () => {
    const search = await clients.dso.get('/people?name=Morwenna+Quist');
    assert.equal(search.statusCode, 200);
    assert.ok(!search.body.includes(`/people/${keptId}`), 'no result');
    const dsl = await clients.dsl.get('/people?name=Morwenna+Quist');
    assert.ok(dsl.body.includes(`/people/${keptId}`), 'the DSL finds them');
  });

  it('still shows the DSL every detail, with the concern it came from', async () => {
    const page = await clients.dsl.get(`/people/${keptId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1 class="govuk-heading-l">Morwenna Quist<\/h1>/);
    assert.ok(page.body.includes('7 Lantern Yard, AB1 2CD'));
    assert.ok(
      page.body.includes(`Name: ${restricted.reference}. Address: ${restricted.reference}`),
      'each detail’s source',
    );
  });
});
