import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// What a search box gets typed into it: mistakes, and text that is search syntax or SQL.
describe('search input', () => {
  let t: TestApp;
  let client: WebClient;
  const log: string[] = [];
  before(async () => {
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    t = await startTestApp({ LOG_LEVEL: 'info' }, stream);
    await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Zebulon Logsecret', ageGroup: 'adult' },
      whatHappened: {
        description: 'Found NEAR the canal, and (it seems) hungry',
        happenedOn: '2026-01-05',
        location: 'x',
      },
    });
    client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    await client.get('/search');
  });
  after(() => t.close());

  const cases: Array<[q: string | string[], message: string]> = [
    ['', 'Enter a reference, a name or words from the concern'],
    ['    ', 'Enter a reference, a name or words from the concern'],
    [['two', 'values'], 'Enter a reference, a name or words from the concern'],
    ['a', 'Search terms must be 2 characters or more'],
    [` ${'x'.repeat(201)} `, 'Search terms must be 200 characters or fewer'],
    ['"', 'Search terms must be 2 characters or more'],
    ['*', 'Search terms must be 2 characters or more'],
    ['-', 'Search terms must be 2 characters or more'],
    ['""', 'Search terms must include letters or numbers'],
    ['** -- ()', 'Search terms must include letters or numbers'],
  ];
  for (const [q, message] of cases) {
    it(`asks again for ${JSON.stringify(q)}: ${message}`, async () => {
      const response = await client.post('/search', { q });
      assert.equal(response.statusCode, 400);
      assert.match(response.body, /<title>Error: /);
      assert.ok(response.body.includes('href="#q"'), 'the summary links to the field');
      assert.match(response.body, /class="govuk-error-message"/);
      assert.ok(response.body.includes(message), message);
    });
  }

  it('keeps what was typed when asking again', async () => {
    const response = await client.post('/search', { q: `Kept start ${'y'.repeat(200)}` });
    assert.equal(response.statusCode, 400);
    assert.ok(response.body.includes('value="Kept start'));
  });

  const hostile = [
    'AND (',
    'NEAR(',
    'NEAR(canal hungry, 2)',
    '"unclosed phrase',
    'canal OR nothing',
    'NOT canal',
    'canal*',
    'names:Zebulon',
    '{names reference}: Zebulon',
    '^Zebulon',
    "' OR '1'='1",
    "Robert'); DROP TABLE concerns; --",
    '%_% \\ $1 :* <-> !canal & (hungry | x)',
    'canal\u0000hungry',
    '\u202eZebulon 🙂 ﷽',
    `${'(('.repeat(60)}canal`,
    Array.from({ length: 100 }, (_, i) => `w${i}`).join(' '),
  ];
  for (const q of hostile) {
    it(`answers ${JSON.stringify(q.slice(0, 40))} with results or a message, never an error page`, async () => {
      const response = await client.post('/search', { q });
      assert.ok([200, 400].includes(response.statusCode), `status ${response.statusCode}`);
      if (response.statusCode === 400) assert.match(response.body, /class="govuk-error-message"/);
      else assert.match(response.body, /concerns? found/);
    });
  }

  it('treats search syntax as words: NEAR and parentheses find the text, not an operator', async () => {
    const response = await client.post('/search', { q: 'NEAR( "canal" hungry)' });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /1 concern found/);
    assert.equal(
      await t.db
        .selectFrom('concerns')
        .select('id')
        .execute()
        .then((rows) => rows.length),
      1,
    );
  });

  it('keeps the search term out of the logs', async () => {
    const found = await client.post('/search', { q: 'Zebulon Logsecret' });
    assert.match(found.body, /1 concern found/);
    const text = log.join('');
    assert.ok(text.includes('"statusCode"'), 'requests were logged, so the check below means something');
    for (const secret of ['Zebulon', 'Logsecret', 'canal']) assert.ok(!text.includes(secret), secret);
    assert.ok(!text.includes('unhandled error'), 'no search failed');
  });
});
