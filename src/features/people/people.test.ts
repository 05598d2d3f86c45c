import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { listedEventsOf } from '../../../test/support/audit-listings.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { addAsNewPerson, concernAbout, linkPerson, linkUrl, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { findPersonChronology } from './chronology.queries.ts';

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';
const inOrder = (html: string, texts: string[]) => {
  const positions = texts.map((text) => html.indexOf(text));
  assert.ok(
    positions.every((p) => p >= 0),
    `all present: ${texts.filter((_, i) => positions[i]! < 0).join(', ')}`,
  );
  assert.deepEqual(
    positions,
    [...positions].sort((a, b) => a - b),
    `in this order: ${texts.join(' → ')}`,
  );
};

describe('the person index: linking concerns to a person and their chronology', () => {
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

  it('links two concerns to one person and shows both in the chronology, in date order', async () => {
    const later = await concernAbout(
      t.db,
      [namedPerson('Nell Ashworth', { age: { kind: 'date_of_birth', dateOfBirth: '1951-04-09' } })],
      '2025-12-01',
    );
    const earlier = await concernAbout(
      t.db,
      [namedPerson('Tom Ashworth'), namedPerson('Nell Ashworth', { role: 'witness' })],
      '2025-06-15',
    );
    const personId = await addAsNewPerson(t.db, dso, later.id, later.people[0]!.id);

    // The second concern's page offers the first record as a likely match; a person decides.
    const linkPage = await dso.get(`/concerns/${earlier.id}/people/${earlier.people[1]!.id}/link`);
    assert.match(linkPage.body, /Is this someone already in the index\?/);
    assert.match(linkPage.body, /Nell Ashworth[\s\S]*?Possible match: same name/);
    assert.ok(linkPage.body.includes(`name="personId" value="${personId}"`));
    const stillUnlinked = await t.db
      .selectFrom('concern_people')
      .select('person_id')
      .where('id', '=', earlier.people[1]!.id)
      .executeTakeFirstOrThrow();
    assert.equal(stillUnlinked.person_id, null, 'a match is only suggested, never linked by itself');
    const linked = await linkPerson(dso, earlier.id, earlier.people[1]!.id, personId);
    assert.equal(linked.statusCode, 303);
    assert.equal(linked.headers.location, `/concerns/${earlier.id}#person-index`);

    // Triage the later concern, so its case work joins the chronology.
    const manager = await actorFor(t.db, 'manager@city.example');
    const form = await dso.get(`/concerns/${later.id}/triage`);
    const triaged = await dso.post(`/concerns/${later.id}/triage`, {
      version: versionIn(form.body),
      decision: 'Adult social care to visit this week.',
      riskLevel: 'medium',
      ownerId: manager.userId,
    });
    assert.equal(triaged.statusCode, 303);

    const page = await dso.get(`/people/${personId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Born 9 April 1951/);
    const concerns = page.body.slice(page.body.indexOf('id="concerns"'), page.body.indexOf('id="household"'));
    // In the order they were recorded: the concern about December was recorded first.
    inOrder(concerns, [later.reference, 'Person at risk', earlier.reference, 'Witness']);
    const chronology = page.body.slice(page.body.indexOf('id="chronology"'));
    inOrder(chronology, [
      'Account of 2025-06-15',
      'Account of 2025-12-01',
      'Named as: Person at risk',
      'Named as: Witness',
      'Triaged: medium risk',
      'Adult social care to visit this week.',
    ]);

    // The bare query the page is built on, in date order too.
    const rows = await findPersonChronology(t.db, await actorFor(t.db, 'dso@city.example'), personId);
    assert.deepEqual(
      rows.map((r) => r.at),
      rows.map((r) => r.at).sort(),
    );
    assert.deepEqual(
      rows.filter((r) => r.kind === 'happened').map((r) => r.concernId),
      [earlier.id, later.id],
    );
  });

  it('shows the link on the concern page, and copies nothing of one concern’s role to another', async () => {
    const concern = await concernAbout(t.db, [
      namedPerson('Ada Mistry'),
      namedPerson('Ravi Mistry', { role: 'alleged_source_of_harm', address: '9 Elm Court, Oxford OX4 2BB' }),
    ]);
    const concernPage = await dso.get(`/concerns/${concern.id}`);
    assert.match(concernPage.body, /Ravi Mistry \(Alleged source of harm\):[\s\S]*?Link to the person index/);
    const personId = await addAsNewPerson(t.db, dso, concern.id, concern.people[1]!.id);
    const record = await t.db.selectFrom('people').selectAll().where('id', '=', personId).executeTakeFirstOrThrow();
    assert.equal(record.name, 'Ravi Mistry');
    assert.equal(record.address, '9 Elm Court, Oxford OX4 2BB');
    assert.equal(record.postcode, 'OX42BB');
    assert.ok(!('role_in_concern' in record), 'the role stays on the concern');
    const after = await dso.get(`/concerns/${concern.id}`);
    assert.ok(after.body.includes(`href="/people/${personId}"`));
  });

  it('audits every read of a person, and the concerns read in their chronology', async () => {
    const concern = await concernAbout(t.db, [namedPerson('Audit Subject')]);
    const personId = await addAsNewPerson(t.db, dso, concern.id, concern.people[0]!.id);
    await dso.get(`/people/${personId}`);
    const me = await actorFor(t.db, 'dso@city.example');
    const audit = await t.db
      .selectFrom('audit_events')
      .select(['action', 'subject_type', 'subject_id', 'actor_id'])
      .where('subject_id', 'in', [personId, concern.id])
      .execute();
    const has = (action: string, subjectType: string, subjectId: string) =>
      audit.some(
        (a) =>
          a.action === action &&
          a.subject_type === subjectType &&
          a.subject_id === subjectId &&
          a.actor_id === me.userId,
      );
    assert.ok(has('person.created', 'person', personId), 'creating the record');
    assert.ok(has('person.linked', 'person', personId), 'linking it');
    assert.ok(has('concern.updated', 'concern', concern.id), 'the concern it was linked from');
    assert.ok(has('person.viewed', 'person', personId), 'opening the person');
    assert.deepEqual(
      (await listedEventsOf(t.db, [concern.id])).filter((event) => event.action === 'concern.read-in-chronology'),
      [{ action: 'concern.read-in-chronology', actor_id: me.userId, subject_id: concern.id }],
      'reading the concern in the chronology',
    );
    const page = await dso.get(`/people/${personId}`);
    const access = page.body.slice(page.body.indexOf('Who has seen or changed this person'));
    assert.match(access, /Devi Okafor[\s\S]*?Opened their record/);
    assert.match(access, /Devi Okafor[\s\S]*?Added them to the person index from a concern/);
  });

  it('answers “not found” for another organisation’s person, a guessed id, or a stranger', async () => {
    const theirs = await concernAbout(
      t.db,
      [namedPerson('Elsewhere Person')],
      '2026-01-05',
      'reporter@district.example',
    );
    const districtDso = await signedIn('dso@district.example');
    const theirPerson = await addAsNewPerson(t.db, districtDso, theirs.id, theirs.people[0]!.id);
    for (const path of [theirPerson, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const response = await dso.get(`/people/${path}`);
      assert.equal(response.statusCode, 404, path);
      assert.ok(!response.body.includes('Elsewhere Person'));
    }
    assert.equal((await dso.get(`/people/${theirPerson}/merge`)).statusCode, 404);
    assert.equal((await dso.get(linkUrl(theirs.id, theirs.people[0]!.id))).statusCode, 404);
    assert.ok(!(await dso.get('/people?name=Elsewhere')).body.includes('Elsewhere Person'));
    const reads = await t.db
      .selectFrom('audit_events')
      .select('id')
      .where('subject_id', '=', theirPerson)
      .where('action', '=', 'person.viewed')
      .execute();
    assert.equal(reads.length, 0, 'refused reads are not recorded as reads');
  });

  it('finds people by name within the organisation', async () => {
    const concern = await concernAbout(t.db, [namedPerson('Zoë O’Callaghan')]);
    const personId = await addAsNewPerson(t.db, dso, concern.id, concern.people[0]!.id);
    const found = await dso.get('/people?name=zoe+ocallaghan');
    assert.equal(found.statusCode, 200);
    assert.ok(found.body.includes(`/people/${personId}`));
    assert.match((await dso.get('/people?name=%25')).body, /No one in the person index/);
  });
});
