import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import {
  type Form,
  addPerson,
  answerTheRest,
  personForm,
  sendConcern,
  startConcern,
  typicalAnswers,
} from '../../../test/support/concern-journey.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

const reporter = 'reporter@city.example';

describe('record a concern', () => {
  let t: TestApp;
  let client: WebClient;
  let answers: Record<string, Form>;

  before(async () => {
    t = await startTestApp();
    answers = await typicalAnswers(t.db);
  });
  after(() => t.close());
  beforeEach(async () => {
    client = new WebClient(t.app);
    await client.signIn(reporter);
  });

  const countConcerns = async () =>
    Number(
      (
        await t.db
          .selectFrom('concerns')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function recordOne(name = 'Pat Example') {
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ name }));
    await answerTheRest(client, draftId, answers);
    return { draftId, ...(await sendConcern(client, draftId)) };
  }

  it('shows emergency guidance before the first question', async () => {
    const response = await client.get('/concerns/new');
    assert.equal(response.statusCode, 200);
    const warning = response.body.indexOf('call 999 now');
    assert.ok(warning > 0 && warning < response.body.indexOf('Start now'), '999 comes before the start button');
  });

  it('records two people, one of them unknown, each with their own role, and every answer', async () => {
    const draftId = await startConcern(client);
    await addPerson(
      client,
      draftId,
      personForm({
        name: 'Pat Example',
        approximateAge: '',
        'dateOfBirth-day': '3',
        'dateOfBirth-month': '4',
        'dateOfBirth-year': '1950',
      }),
    );
    await addPerson(client, draftId, {
      role: 'alleged_source_of_harm',
      name: '',
      nameUnknown: 'yes',
      ageGroup: 'adult',
      ageUnknown: 'yes',
      address: '',
      addressUnknown: 'yes',
    });
    const people = await client.get(`/concerns/new/${draftId}/people`);
    assert.match(people.body, /You have added 2 people/);
    const visited = await answerTheRest(client, draftId, answers);
    assert.ok(visited.includes('adult-needs') && !visited.includes('child-urgent'), visited.join(', '));
    assert.ok(!visited.includes('on-behalf'), 'only line managers are asked whom they record for');

    const { id, check } = await sendConcern(client, draftId);
    for (const text of [
      'Pat Example',
      'Name not known',
      'Born 3 April 1950',
      'Alleged source of harm',
      'Lives alone and has stopped eating.',
      'Gas safety check',
      'Self-neglect',
      'Someone could be harmed in the next few days',
      'Adult Safeguarding Triage Team',
      'None yet',
      'Housing Services',
      '2 November 2025',
    ]) {
      assert.ok(check.body.includes(text), `check answers shows ${text}`);
    }

    const concern = await t.db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(
      [
        concern.status,
        concern.happened_on,
        decryptField(concern.why_at_risk),
        decryptField(concern.visit_purpose),
        concern.council_tenant,
      ],
      ['awaiting_triage', '2025-11-02', 'Lives alone and has stopped eating.', 'Gas safety check', 'yes'],
    );
    assert.deepEqual(
      [concern.known_to_other_departments, concern.urgency, concern.s42_care_needs, concern.s42_unable_to_protect],
      ['unknown', 'days', 'yes', 'not_sure'],
    );
    assert.deepEqual(
      [concern.position_of_trust, concern.consent, decryptField(concern.consent_reason)],
      ['no', 'yes', null],
    );
    assert.equal(concern.on_behalf_of_name, null);
    const stored = await t.db
      .selectFrom('concern_people')
      .select(['name', 'role_in_concern', 'age_group', 'date_of_birth', 'approximate_age', 'address'])
      .where('concern_id', '=', id)
      .orderBy('sort_order')
      .execute();
    assert.deepEqual(stored, [
      {
        name: 'Pat Example',
        role_in_concern: 'person_at_risk',
        age_group: 'adult',
        date_of_birth: '1950-04-03',
        approximate_age: null,
        address: 'Flat 4, Riverside Estate',
      },
      {
        name: null,
        role_in_concern: 'alleged_source_of_harm',
        age_group: 'adult',
        date_of_birth: null,
        approximate_age: null,
        address: null,
      },
    ]);
    const audit = await t.db.selectFrom('audit_events').select('action').where('subject_id', '=', id).execute();
    // Recorded, and the reporter's line manager told it was sent (procedures 6.1–6.2).
    assert.deepEqual(audit.map((event) => event.action).sort(), ['concern.created', 'concern.line-manager-told']);
    const draft = await t.db.selectFrom('concern_drafts').select('id').where('id', '=', draftId).executeTakeFirst();
    assert.equal(draft, undefined, 'the draft is gone once the concern is sent');
  });

  it('asks a child’s urgent situations instead of the adult questions, and keeps them', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ name: 'Kit Young', ageGroup: 'child', approximateAge: '12' }));
    const categories = await t.db
      .selectFrom('categories')
      .select('id')
      .where('name', '=', 'Neglect and acts of omission');
    const neglect = (await categories.executeTakeFirstOrThrow()).id;
    const visited = await answerTheRest(client, draftId, {
      ...answers,
      categories: { categoryIds: neglect },
      'child-urgent': { childUrgentSigns: ['frightened', 'abandoned'] },
    });
    assert.ok(visited.includes('child-urgent') && !visited.includes('adult-needs'), visited.join(', '));
    const advice = await client.get(`/concerns/new/${draftId}/advice`);
    assert.match(advice.body, /MASH – Multi-Agency Safeguarding Hub/);
    assert.match(advice.body, /0345 050 7666/);
    const { id } = await sendConcern(client, draftId);
    const signs = await t.db.selectFrom('concern_child_urgent_signs').select('sign').where('concern_id', '=', id);
    assert.deepEqual(
      (await signs.orderBy('sign').execute()).map((s) => s.sign),
      ['abandoned', 'frightened'],
    );
    const concern = await t.db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(concern.s42_care_needs, null, 'no adult at risk, so no Section 42 answers');
  });

  it('numbers references in sequence within the organisation', async () => {
    const first = await recordOne('First');
    const second = await recordOne('Second');
    const number = (reference: string) => Number(reference.slice(-6));
    assert.equal(number(second.reference) - number(first.reference), 1);
  });

  it('records once when “Send concern” is pressed twice at the same moment', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId);
    await answerTheRest(client, draftId, answers);
    await client.get(`/concerns/new/${draftId}/check`);
    const before = await countConcerns();
    const [first, second] = await Promise.all([
      client.post(`/concerns/new/${draftId}/check`),
      client.post(`/concerns/new/${draftId}/check`),
    ]);
    const locations = [first, second].map((r) => String(r.headers.location));
    assert.equal(locations.filter((l) => /\/confirmation$/.test(l)).length, 1);
    assert.ok(locations.includes('/concerns/mine'), 'the second click lands on the reporter’s list');
    assert.equal(await countConcerns(), before + 1);
  });

  it('goes back to the first unanswered question when check answers is reached too early', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId);
    const response = await client.get(`/concerns/new/${draftId}/check`);
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, `/concerns/new/${draftId}/what-happened`);
    const sent = await client.post(`/concerns/new/${draftId}/check`);
    assert.equal(sent.headers.location, `/concerns/new/${draftId}/what-happened`);
    assert.ok(await t.db.selectFrom('concern_drafts').select('id').where('id', '=', draftId).executeTakeFirst());
  });

  it('returns to check answers after a change, by way of any question the change raised', async () => {
    const draftId = await startConcern(client);
    await addPerson(client, draftId);
    await answerTheRest(client, draftId, answers);
    const childPath = `/concerns/new/${draftId}/people/00000000-0000-4000-8000-00000000000c?change=1`;
    await client.get(childPath);
    const added = await client.post(
      childPath,
      personForm({ name: 'Kit Young', ageGroup: 'child', approximateAge: '9' }),
    );
    assert.equal(added.headers.location, `/concerns/new/${draftId}/people?change=1`);
    const done = await client.post(`/concerns/new/${draftId}/people?change=1`, { addAnother: 'no' });
    assert.equal(done.headers.location, `/concerns/new/${draftId}/child-urgent?change=1`);
    await client.get(String(done.headers.location));
    const answered = await client.post(String(done.headers.location), { childUrgentSigns: 'none' });
    assert.equal(answered.headers.location, `/concerns/new/${draftId}/check`);
  });
});
