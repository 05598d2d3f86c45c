import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { buildConcern, buildDraft } from '../support/builders.ts';
import { answerTheRest, sendConcern, startConcern, addPerson, typicalAnswers } from '../support/concern-journey.ts';
import { WebClient } from '../support/web-client.ts';
import { smallPng as png } from '../support/files.ts';
import { decryptField } from '../../src/field-encryption/field-encryption.ts';

// Issue 11.3: control characters are stripped at the edge, the same on both databases, so text
// that SQLite would keep and PostgreSQL refuse (NUL) never reaches either.

describe('control characters in what people type', () => {
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

  it('sends a concern whose description held NUL and other controls, kept without them', async () => {
    const reporter = await signedIn('reporter@city.example');
    const answers = await typicalAnswers(t.db);
    answers['what-happened'] = {
      ...answers['what-happened'],
      description: 'Left\u0000 alone\u0007\r\nat night\tagain',
      location: 'Flat\u0000 4',
    };
    const draftId = await startConcern(reporter);
    await addPerson(reporter, draftId);
    await answerTheRest(reporter, draftId, answers);
    const { id } = await sendConcern(reporter, draftId);
    const concern = await t.db
      .selectFrom('concerns')
      .select(['what_happened', 'location'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...concern, what_happened: decryptField(concern.what_happened) },
      { what_happened: 'Left alone\nat night\tagain', location: 'Flat 4' },
    );
  });

  it('sends a draft saved with a NUL before the fix', async () => {
    const draftId = await buildDraft(t.db, 'reporter@city.example', {
      whyAtRisk: 'Stopped\u0000 eating',
      whatHappened: { description: 'Rubbish\u0000', happenedOn: '2025-11-02', location: 'Flat\u0000' },
    });
    const reporter = await signedIn('reporter@city.example');
    const { id } = await sendConcern(reporter, draftId);
    const concern = await t.db
      .selectFrom('concerns')
      .select(['what_happened', 'location', 'why_at_risk'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      {
        ...concern,
        what_happened: decryptField(concern.what_happened),
        why_at_risk: decryptField(concern.why_at_risk),
      },
      { what_happened: 'Rubbish', location: 'Flat', why_at_risk: 'Stopped eating' },
    );
  });

  it('answers a sign-in email holding a NUL as a wrong email, not a failure', async () => {
    const client = new WebClient(t.app);
    const wrong = await client.signIn('reporter\u0000@city.example', 'not the password');
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /Enter a correct email address and password/);
    // Stripped, the address is the reporter's own, so the right password still signs in.
    const right = await new WebClient(t.app).signIn('reporter@city.\u0000example');
    assert.equal(right.statusCode, 303);
  });

  it('searches and finds people with a NUL in the term', async () => {
    const dso = await signedIn('dso@city.example');
    await dso.get('/search');
    const search = await dso.post('/search', { q: 'Pat\u0000 Example' });
    assert.equal(search.statusCode, 200);
    const people = await dso.get(`/people?name=${encodeURIComponent('Pat\u0000')}`);
    assert.equal(people.statusCode, 200);
  });

  it('keeps an attachment’s description and a case note without controls', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const reporter = await signedIn('reporter@city.example');
    const url = `/concerns/${concern.id}/attachments/new`;
    await reporter.get(url);
    const sent = await reporter.postFile(
      url,
      { description: 'Kitchen\u0000 floor' },
      { name: 'a.png', type: 'image/png', bytes: png },
    );
    assert.equal(sent.statusCode, 303, sent.body.slice(0, 300));
    const attachment = await t.db
      .selectFrom('attachments')
      .select('description')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal(decryptField(attachment.description), 'Kitchen floor');

    await reporter.get(`/concerns/${concern.id}/add-information`);
    const added = await reporter.post(`/concerns/${concern.id}/add-information`, {
      information: 'Seen\u0000 again\r\ntoday',
    });
    assert.equal(added.statusCode, 303, added.body.slice(0, 300));
    const events = await t.db
      .selectFrom('concern_events')
      .select('details')
      .where('concern_id', '=', concern.id)
      .where('kind', '=', 'information_added')
      .execute();
    assert.deepEqual(
      events.map((event) => JSON.parse(decryptField(event.details))),
      [{ text: 'Seen again\ntoday' }],
    );
  });
});
