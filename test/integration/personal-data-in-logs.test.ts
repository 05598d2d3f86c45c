import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { startTestApp } from '../support/app.ts';
import {
  addPerson,
  answerTheRest,
  personForm,
  sendConcern,
  startConcern,
  typicalAnswers,
} from '../support/concern-journey.ts';
import { WebClient } from '../support/web-client.ts';

it('keeps names, descriptions, emails and ids out of the logs while a concern is recorded and read', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    const draftId = await startConcern(client);
    await addPerson(client, draftId, personForm({ name: 'Zebedee Quartermaine', address: 'Unmistakable-address' }));
    await client.post(`/concerns/new/${draftId}/service-area`, { serviceAreaId: 'tampered' });
    const answers = await typicalAnswers(t.db);
    await answerTheRest(client, draftId, {
      ...answers,
      'what-happened': {
        ...answers['what-happened'],
        description: 'Unmistakable-description-text',
        location: 'Unmistakable-location-text',
      },
      'why-at-risk': { whyAtRisk: 'Unmistakable-reason-text' },
    });
    const concern = await sendConcern(client, draftId);
    await client.get(`/concerns/${concern.id}`);
    await client.post(`/concerns/${concern.id}/add-information`, { information: 'Unmistakable-information' });
    await client.get('/concerns/not-a-real-id?name=Zebedee');

    const log = lines.join('');
    assert.ok(log.includes('"statusCode"'), 'requests were logged, so the check below means something');
    for (const secret of [
      'Zebedee',
      'Quartermaine',
      'Unmistakable',
      'reporter@city.example',
      'haven-demo-password',
      'haven_session',
      '127.0.0.1',
    ]) {
      assert.ok(!log.includes(secret), `log must not contain ${secret}`);
    }
    assert.ok(!/\/concerns\/[0-9a-f-]{36}/.test(log), 'no concern URL in the log');
    assert.ok(!/\/concerns\/new\/[0-9a-f-]{36}/.test(log), 'no draft URL in the log');
  } finally {
    await t.close();
  }
});
