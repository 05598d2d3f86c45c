import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { addAsNewPerson, concernAbout, indexSnapshot, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';

describe('merging duplicate records in the person index', () => {
  let t: TestApp;
  let dso: WebClient;
  let dsl: WebClient;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  /** Two records of one person, each from its own concern. */
  const duplicates = async (name: string) => {
    const first = await concernAbout(t.db, [namedPerson(name)], '2025-02-02');
    const second = await concernAbout(
      t.db,
      [namedPerson(`${name}e`, { age: { kind: 'date_of_birth', dateOfBirth: '1990-07-21' } })],
      '2025-08-08',
    );
    return {
      first,
      second,
      a: await addAsNewPerson(t.db, dso, first.id, first.people[0]!.id),
      b: await addAsNewPerson(t.db, dso, second.id, second.people[0]!.id),
    };
  };
  before(async () => {
    t = await startTestApp();
    dso = await signedIn('dso@city.example');
    dsl = await signedIn('dsl@city.example');
  });
  after(() => t.close());

  it('moves the duplicate’s links to the record kept, keeps the duplicate, and leaves an audit trail', async () => {
    const { first, second, a, b } = await duplicates('Jo Brown');
    const choose = await dso.get(`/people/${a}/merge`);
    assert.equal(choose.statusCode, 200);
    assert.ok(choose.body.includes(`/people/${a}/merge/${b}`), 'the other record is suggested');
    assert.equal((await dso.get(`/people/${a}/merge/${b}`)).statusCode, 200);
    const merged = await dso.post(`/people/${a}/merge/${b}`, { keep: 'this' });
    assert.equal(merged.statusCode, 303);
    assert.equal(merged.headers.location, `/people/${a}`);

    const links = await t.db
      .selectFrom('concern_people')
      .select('person_id')
      .where('concern_id', 'in', [first.id, second.id])
      .execute();
    assert.deepEqual(
      links.map((l) => l.person_id),
      [a, a],
    );
    const duplicate = await t.db.selectFrom('people').selectAll().where('id', '=', b).executeTakeFirstOrThrow();
    assert.equal(duplicate.merged_into_id, a, 'never deleted: it points at the record kept');
    const kept = await t.db.selectFrom('people').selectAll().where('id', '=', a).executeTakeFirstOrThrow();
    assert.equal(kept.date_of_birth, '1990-07-21', 'what only the duplicate knew is kept');

    const redirect = await dso.get(`/people/${b}`);
    assert.equal(redirect.statusCode, 302);
    assert.equal(redirect.headers.location, `/people/${a}`);
    const page = await dsl.get(`/people/${a}`);
    assert.ok(page.body.includes(first.reference) && page.body.includes(second.reference));
    assert.match(page.body, /A duplicate record was merged into this one[\s\S]*?Jo Browne/);
    const access = page.body.slice(page.body.indexOf('Who has seen or changed this person'));
    assert.match(access, /Devi Okafor[\s\S]*?Merged a duplicate record into this one/);
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['subject_id', 'subject_type'])
      .where('action', '=', 'person.merged')
      .where('subject_id', 'in', [a, b])
      .execute();
    assert.equal(audit.length, 2, 'both records');
    const concernAudit = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('action', '=', 'concern.updated')
      .where('subject_id', '=', second.id)
      .execute();
    assert.ok(concernAudit.length >= 2, 'linked, then moved');
  });

  it('tells the second of two people merging the same records that nothing was changed', async () => {
    const { a, b } = await duplicates('Sam Green');
    await dso.get(`/people/${a}/merge/${b}`);
    await dsl.get(`/people/${b}/merge/${a}`);
    assert.equal((await dso.post(`/people/${a}/merge/${b}`, { keep: 'this' })).statusCode, 303);
    const before = await indexSnapshot(t.db);
    const second = await dsl.post(`/people/${b}/merge/${a}`, { keep: 'this' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /These records were not merged/);
    assert.match(second.body, /already been merged into another, by someone else while you were looking/);
    assert.ok(second.body.includes(`href="/people/${a}"`), 'leads to the record that remains');
    assert.deepEqual(await indexSnapshot(t.db), before, 'nothing written');
  });

  it('lets exactly one of two opposite merges sent at the same moment through', async () => {
    for (const name of ['Kim Gray', 'Max Reed', 'Bo Lane']) {
      const { a, b } = await duplicates(name);
      const [one, two] = await Promise.all([
        dso.post(`/people/${a}/merge/${b}`, { keep: 'this' }),
        dsl.post(`/people/${a}/merge/${b}`, { keep: 'other' }),
      ]);
      assert.deepEqual([one.statusCode, two.statusCode].sort(), [303, 409], name);
      const records = await t.db
        .selectFrom('people')
        .select(['id', 'merged_into_id'])
        .where('id', 'in', [a, b])
        .execute();
      const remaining = records.filter((r) => r.merged_into_id === null);
      assert.equal(remaining.length, 1, 'one record remains');
      const links = await t.db
        .selectFrom('concern_people')
        .select('person_id')
        .where('person_id', 'in', [a, b])
        .execute();
      assert.ok(links.length === 2 && links.every((l) => l.person_id === remaining[0]!.id), 'both concerns on it');
    }
  });

  it('refuses to merge a record with itself, a merged record or a stranger, and writes nothing', async () => {
    const { a, b } = await duplicates('Lee White');
    const { a: c } = await duplicates('Ash Black');
    assert.equal((await dso.post(`/people/${c}/merge/${b}`, { keep: 'this' })).statusCode, 303);
    const theirs = await concernAbout(t.db, [namedPerson('Lee White')], '2025-02-02', 'reporter@district.example');
    const stranger = await addAsNewPerson(
      t.db,
      await signedIn('dso@district.example'),
      theirs.id,
      theirs.people[0]!.id,
    );
    const before = await indexSnapshot(t.db);
    const attempts: Array<[string, string, Record<string, string>, number]> = [
      ['GET', `/people/${a}/merge/${a}`, {}, 404],
      ['POST', `/people/${a}/merge/${a}`, { keep: 'this' }, 404],
      ['GET', `/people/${a}/merge/${b}`, {}, 404],
      ['GET', `/people/${b}/merge`, {}, 404],
      ['GET', `/people/${a}/merge/${stranger}`, {}, 404],
      ['POST', `/people/${a}/merge/${stranger}`, { keep: 'this' }, 404],
      ['POST', `/people/${a}/merge/00000000-0000-4000-8000-000000000000`, { keep: 'other' }, 404],
      ['POST', `/people/${a}/merge/not-an-id`, { keep: 'other' }, 404],
      ['POST', `/people/${a}/merge/${c}`, { keep: 'both' }, 400],
      ['POST', `/people/${a}/merge/${c}`, {}, 400],
    ];
    for (const [method, url, form, status] of attempts) {
      const response = method === 'GET' ? await dso.get(url) : await dso.post(url, form);
      assert.equal(response.statusCode, status, `${method} ${url} ${JSON.stringify(form)}`);
      if (status === 400) {
        assert.match(response.body, /<title>Error: /);
        assert.ok(response.body.includes('href="#keep"') && response.body.includes('id="keep"'));
        assert.match(response.body, /Select which record to keep/);
      }
    }
    assert.deepEqual(await indexSnapshot(t.db), before, 'nothing written');
  });

  it('lets only DSOs and DSLs merge', async () => {
    const { a, b } = await duplicates('Ray Stone');
    const championManager = await signedIn('champion-manager@city.example');
    assert.equal((await championManager.post(`/people/${a}/merge/${b}`, { keep: 'this' })).statusCode, 403);
  });
});
