import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildDraft } from '../../../test/support/builders.ts';
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

describe('route advice, what the reporter did, consent, and recording on behalf', () => {
  let t: TestApp;
  let answers: Record<string, Form>;
  let agencyId: (code: string) => Promise<string>;
  before(async () => {
    t = await startTestApp();
    answers = await typicalAnswers(t.db);
    const city = await t.db.selectFrom('organisations').select('id').where('name', '=', 'Haven City Council');
    const cityId = (await city.executeTakeFirstOrThrow()).id;
    agencyId = async (code) =>
      (
        await t.db
          .selectFrom('agencies')
          .select('id')
          .where('organisation_id', '=', cityId)
          .where('code', '=', code)
          .executeTakeFirstOrThrow()
      ).id;
  });
  after(() => t.close());

  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };

  it('shows each suggested route with the phone number and hours the organisation configured', async () => {
    await t.db
      .updateTable('agencies')
      .set({ phone: '01865 000 111', hours: 'Weekdays 9am to 5pm' })
      .where('id', '=', await agencyId('adult-triage'))
      .execute();
    const draftId = await buildDraft(t.db, 'reporter@city.example', {
      adultNeeds: { careAndSupportNeeds: 'yes', abuseOrNeglect: 'not_sure', unableToProtect: 'yes' },
    });
    const client = await signedIn('reporter@city.example');
    const advice = await client.get(`/concerns/new/${draftId}/advice`);
    assert.match(advice.body, /Adult Safeguarding Triage Team/);
    assert.match(advice.body, /01865 000 111/);
    assert.match(advice.body, /Weekdays 9am to 5pm/);
    assert.match(advice.body, /procedures 7\.2/);
    assert.match(advice.body, /call 999 now/);
    const routes = await client.get(`/concerns/new/${draftId}/routes-taken`);
    const suggestedFirst = routes.body.indexOf('Adult Safeguarding Triage Team') < routes.body.indexOf('Police');
    assert.ok(suggestedFirst, 'the suggested route is listed first');
  });

  it('requires a written reason for a referral made without agreement, and keeps it', async () => {
    const client = await signedIn('reporter@city.example');
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ name: 'Child Of Concern', ageGroup: 'child', approximateAge: '7' }));
    const mash = await agencyId('mash');
    const neglect = await t.db.selectFrom('categories').select('id').where('name', '=', 'Neglect and acts of omission');
    await answerTheRest(client, draftId, {
      ...answers,
      categories: { categoryIds: (await neglect.executeTakeFirstOrThrow()).id },
      'child-urgent': { childUrgentSigns: 'abuse' },
      'routes-taken': { agencyIds: mash, [`status-${mash}`]: 'done' },
      consent: { consent: 'not_asked', consentReason: 'The parent may be causing the harm.' },
    });
    const { id, check } = await sendConcern(client, draftId);
    assert.match(check.body, /MASH – Multi-Agency Safeguarding Hub: Contacted/);
    assert.match(check.body, /The parent may be causing the harm\./);
    const concern = await t.db
      .selectFrom('concerns')
      .select(['consent', 'consent_reason'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...concern, consent_reason: decryptField(concern.consent_reason) },
      { consent: 'not_asked', consent_reason: 'The parent may be causing the harm.' },
    );
    const routes = await t.db.selectFrom('concern_routes').select(['agency_id', 'status']).where('concern_id', '=', id);
    assert.deepEqual(await routes.execute(), [{ agency_id: mash, status: 'done' }]);
    const page = await client.get(`/concerns/${id}`);
    assert.match(page.body, /Why referred without agreement/);
    assert.match(page.body, /They are frightened to go home|They have been sexually or physically abused/);
  });

  it('asks for the reason again when a referral is added after saying they were not asked', async () => {
    const draftId = await buildDraft(t.db, 'reporter@city.example', {
      routesTaken: [],
      consent: { answer: 'not_asked', reason: null },
    });
    const client = await signedIn('reporter@city.example');
    assert.equal((await client.get(`/concerns/new/${draftId}/check`)).statusCode, 200, 'no referral, no reason needed');
    const police = await agencyId('police');
    await client.get(`/concerns/new/${draftId}/routes-taken?change=1`);
    const changed = await client.post(`/concerns/new/${draftId}/routes-taken?change=1`, {
      agencyIds: police,
      [`status-${police}`]: 'planned',
    });
    assert.equal(changed.headers.location, `/concerns/new/${draftId}/consent?change=1`);
    const check = await client.get(`/concerns/new/${draftId}/check`);
    assert.equal(check.headers.location, `/concerns/new/${draftId}/consent`);
  });

  it('lets a line manager record for an operative without an account, and shows it on the concern', async () => {
    const manager = await signedIn('manager@city.example');
    const draftId = await startConcern(manager);
    await addPerson(manager, draftId, personForm({ name: 'Tenant Seen By Operative' }));
    const visited = await answerTheRest(manager, draftId, {
      ...answers,
      'on-behalf': { onBehalf: 'yes' },
    });
    assert.ok(visited.includes('on-behalf') && visited.includes('on-behalf-who'), visited.join(', '));
    const { id, check } = await sendConcern(manager, draftId);
    assert.match(check.body, /Jo Operative \(ODS operative\)/);
    const stored = await t.db
      .selectFrom('concerns')
      .select(['on_behalf_of_name', 'on_behalf_of_role'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { on_behalf_of_name: 'Jo Operative', on_behalf_of_role: 'ODS operative' });
    for (const client of [manager, await signedIn('dso@city.example')]) {
      const page = await client.get(`/concerns/${id}`);
      assert.match(page.body, /Recorded on behalf of/);
      assert.match(page.body, /Jo Operative \(ODS operative\)/);
      assert.match(page.body, /Tenant Seen By Operative/);
      assert.match(page.body, /About 45/);
    }
  });

  it('never asks anyone but a line manager whom they are recording for', async () => {
    const draftId = await buildDraft(t.db, 'reporter@city.example');
    const client = await signedIn('reporter@city.example');
    for (const page of ['on-behalf', 'on-behalf-who']) {
      assert.equal((await client.get(`/concerns/new/${draftId}/${page}`)).statusCode, 303, page);
    }
    const posted = await client.post(`/concerns/new/${draftId}/on-behalf`, {
      onBehalf: 'yes',
      onBehalfName: 'Sneaky',
      onBehalfRole: 'Nobody',
    });
    assert.equal(posted.statusCode, 303);
    const row = await t.db.selectFrom('concern_drafts').select('answers').where('id', '=', draftId).executeTakeFirst();
    assert.ok(!row?.answers.includes('Sneaky'));
  });
});
