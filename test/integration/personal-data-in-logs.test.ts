import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { it } from 'node:test';
import { startTestApp } from '../support/app.ts';
import { WebClient } from '../support/web-client.ts';

it('keeps names, descriptions, emails and ids out of the logs while a concern is recorded and read', async () => {
  const lines: string[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()));
  const t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
  try {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    await client.get('/concerns/new/person');
    await client.post('/concerns/new/person', { name: 'Zebedee Quartermaine', ageGroup: 'adult' });
    await client.post('/concerns/new/what-happened', {
      description: 'Unmistakable-description-text',
      'happenedOn-day': '1',
      'happenedOn-month': '2',
      'happenedOn-year': '2026',
      location: 'Unmistakable-location-text',
    });
    const category = await t.db.selectFrom('categories').select('id').executeTakeFirstOrThrow();
    await client.post('/concerns/new/categories', { categoryIds: category.id });
    await client.get('/concerns/new/service-area');
    await client.post('/concerns/new/service-area', { serviceAreaId: 'tampered' });
    const concern = await t.db.selectFrom('concerns').select('id').executeTakeFirst();
    await client.get(`/concerns/${concern?.id ?? '00000000-0000-4000-8000-000000000000'}`);
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
  } finally {
    await t.close();
  }
});
