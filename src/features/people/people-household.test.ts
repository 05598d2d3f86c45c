import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { addAsNewPerson, concernAbout, indexSnapshot, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const address = '14 Canal Street, Oxford OX2 6BH';

describe('households in the person index', () => {
  let t: TestApp;
  let dso: WebClient;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  /** A person in the index, from a concern of their own. */
  const indexed = async (name: string, at: string | null = address) => {
    const concern = await concernAbout(t.db, [namedPerson(name, { address: at })]);
    return { concern, id: await addAsNewPerson(t.db, dso, concern.id, concern.people[0]!.id) };
  };
  const householdOf = async (id: string) =>
    (await t.db.selectFrom('people').select('household_id').where('id', '=', id).executeTakeFirstOrThrow())
      .household_id;
  before(async () => {
    t = await startTestApp();
    dso = await signedIn('dso@city.example');
  });
  after(() => t.close());

  it('puts two people in one household, and each person’s page leads to the other and their concerns', async () => {
    const mother = await indexed('Mae Quinn');
    const son = await indexed('Leo Quinn', '14 Canal St, OX2 6BH');
    const choose = await dso.get(`/people/${mother.id}/household`);
    assert.equal(choose.statusCode, 200);
    assert.match(choose.body, /People at the same address[\s\S]*?Leo Quinn/);
    const added = await dso.post(`/people/${mother.id}/household`, { memberId: son.id });
    assert.equal(added.statusCode, 303);
    assert.ok(await householdOf(mother.id));
    assert.equal(await householdOf(son.id), await householdOf(mother.id));

    const page = await dso.get(`/people/${mother.id}`);
    const household = page.body.slice(page.body.indexOf('id="household"'), page.body.indexOf('id="chronology"'));
    assert.ok(household.includes(`href="/people/${son.id}"`));
    assert.ok(household.includes(`href="/concerns/${son.concern.id}"`), 'their concerns link up');
    assert.match(page.body, /Put in a household/);
    assert.ok((await dso.get(`/people/${son.id}`)).body.includes(`href="/people/${mother.id}"`));

    // A third person, found by name, joins the same household.
    const lodger = await indexed('Ike Novak', null);
    const found = await dso.get(`/people/${mother.id}/household?name=novak`);
    assert.ok(found.body.includes(`name="memberId" value="${lodger.id}"`));
    assert.equal((await dso.post(`/people/${mother.id}/household`, { memberId: lodger.id })).statusCode, 303);
    assert.equal(await householdOf(lodger.id), await householdOf(mother.id));

    assert.equal((await dso.post(`/people/${son.id}/household/leave`)).statusCode, 303);
    assert.equal(await householdOf(son.id), null);
    assert.ok(!(await dso.get(`/people/${mother.id}`)).body.includes(`href="/people/${son.id}"`));
    const audit = await t.db
      .selectFrom('audit_events')
      .select('subject_id')
      .where('action', '=', 'person.household-changed')
      .where('subject_id', 'in', [mother.id, son.id, lodger.id])
      .execute();
    assert.equal(audit.length, 5, 'both at each joining, one at leaving');
  });

  it('refuses a tampered or unknown member with a GOV.UK error, and writes nothing', async () => {
    const person = await indexed('Una Hale');
    const theirs = await concernAbout(t.db, [namedPerson('Una Hale')], '2026-01-05', 'reporter@district.example');
    const stranger = await addAsNewPerson(
      t.db,
      await signedIn('dso@district.example'),
      theirs.id,
      theirs.people[0]!.id,
    );
    await dso.get(`/people/${person.id}/household`);
    const before = await indexSnapshot(t.db);
    for (const memberId of [person.id, stranger, '00000000-0000-4000-8000-000000000000', 'x', '']) {
      const response = await dso.post(`/people/${person.id}/household`, { memberId });
      assert.equal(response.statusCode, 400, memberId);
      assert.match(response.body, /<title>Error: /);
      assert.ok(response.body.includes('href="#choose"') && response.body.includes('id="choose"'));
      assert.match(response.body, /Select a person from the list to add to the household/);
    }
    assert.equal((await dso.post(`/people/${stranger}/household`, { memberId: person.id })).statusCode, 404);
    assert.deepEqual(await indexSnapshot(t.db), before, 'nothing written');
  });

  it('lets only DSOs and DSLs change households', async () => {
    const a = await indexed('Ola Reyes');
    const b = await indexed('Pia Reyes');
    const coordinator = await signedIn('coordinator@city.example');
    assert.equal((await coordinator.post(`/people/${a.id}/household`, { memberId: b.id })).statusCode, 403);
    assert.equal((await coordinator.post(`/people/${a.id}/household/leave`)).statusCode, 403);
  });
});
