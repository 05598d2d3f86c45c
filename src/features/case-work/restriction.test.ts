import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern } from '../../../test/support/builders.ts';
import {
  addPerson,
  answerTheRest,
  sendConcern,
  startConcern,
  typicalAnswers,
} from '../../../test/support/concern-journey.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';

describe('restricted concerns (policy 14.4) and who has seen a concern', () => {
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

  it('takes a concern a DSL restricts out of DSOs’ sight, and shows it to DSLs and the Head of Business Improvement', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const concernId = concern.id;
    const reference = concern.reference;
    const dsl = await signedIn('dsl@city.example');
    const form = await dsl.get(`/concerns/${concernId}/restrict`);
    const restricted = await dsl.post(`/concerns/${concernId}/restrict`, {
      version: versionIn(form.body),
      reason: 'Allegation against a council officer',
    });
    assert.equal(restricted.statusCode, 303);

    const dso = await signedIn('dso@city.example');
    assert.equal((await dso.get(`/concerns/${concernId}`)).statusCode, 404);
    assert.ok(!(await dso.get('/triage')).body.includes(reference), 'not in the DSO queue');
    assert.ok((await dsl.get('/triage')).body.includes(reference), 'in the DSL queue');
    const hbi = await signedIn('hbi@city.example');
    assert.ok((await hbi.get('/triage')).body.includes(reference), 'in the Head of Business Improvement’s queue');
    const page = await hbi.get(`/concerns/${concernId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Restricted: only Designated Safeguarding Leads/);
    const reporter = await signedIn('reporter@city.example');
    assert.equal(
      (await reporter.get(`/concerns/${concernId}`)).statusCode,
      200,
      'the reporter still sees what they wrote',
    );
  });

  it('restricts a concern about someone who works for the council from the moment it is sent', async () => {
    const reporter = await signedIn('reporter@city.example');
    const draftId = await startConcern(reporter);
    await addPerson(reporter, draftId);
    const answers = await typicalAnswers(t.db);
    await answerTheRest(reporter, draftId, { ...answers, 'position-of-trust': { positionOfTrust: 'council' } });
    const { id, reference } = await sendConcern(reporter, draftId);
    const row = await t.db
      .selectFrom('concerns')
      .select(['restricted', 'restriction_kind'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { restricted: 1, restriction_kind: 'allegation' });
    const dso = await signedIn('dso@city.example');
    assert.equal((await dso.get(`/concerns/${id}`)).statusCode, 404);
    assert.ok(!(await dso.get('/triage')).body.includes(reference));
    const hbi = await signedIn('hbi@city.example');
    assert.equal((await hbi.get(`/concerns/${id}`)).statusCode, 200);
  });

  it('lets the Head of Business Improvement, a DSL, work ordinary concerns too (policy 5)', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const hbi = await signedIn('hbi@city.example');
    assert.equal((await hbi.get(`/concerns/${concern.id}`)).statusCode, 200);
    assert.ok((await hbi.get('/triage')).body.includes(concern.reference));
  });

  it('shows DSOs and DSLs who has opened or changed a concern, and when', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const concernId = concern.id;
    const champion = await signedIn('champion@city.example');
    assert.equal((await champion.get(`/concerns/${concernId}`)).statusCode, 404);
    const dso = await signedIn('dso@city.example');
    await dso.get(`/concerns/${concernId}`);
    const dsl = await signedIn('dsl@city.example');
    const page = await dsl.get(`/concerns/${concernId}`);
    const access = page.body.slice(page.body.indexOf('Who has seen or changed this concern'));
    assert.match(access, /Devi Okafor[\s\S]*?Opened/);
    assert.match(access, /Robin Ashby[\s\S]*?Recorded/);
    assert.ok(!access.includes('Casey Dunmore'), 'a refused read is not a read');
  });
});
