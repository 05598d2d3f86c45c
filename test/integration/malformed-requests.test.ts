import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../support/app.ts';
import { WebClient } from '../support/web-client.ts';

describe('malformed requests get a 4xx with a reason, never a 500, and write nothing', () => {
  let t: TestApp;
  let cookie: string;
  before(async () => {
    t = await startTestApp();
    const client = new WebClient(t.app);
    const signedIn = await client.signIn('reporter@city.example');
    cookie = `haven_session=${signedIn.cookies.find((c) => c.name === 'haven_session')?.value}`;
  });
  after(() => t.close());

  const drafts = async () => (await t.db.selectFrom('concern_drafts').select('user_id').execute()).length;
  // Body parsing and the CSRF check come before the draft is looked up, so any draft id will do.
  const questionPage = '/concerns/new/00000000-0000-4000-8000-000000000000/why-at-risk';

  const cases: Array<[string, { url: string; headers: Record<string, string>; payload: string }, number]> = [
    [
      'JSON instead of a form',
      { url: questionPage, headers: { 'content-type': 'application/json' }, payload: '{"whyAtRisk":"x"}' },
      415,
    ],
    [
      'a body over the size limit',
      {
        url: questionPage,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `whyAtRisk=${'x'.repeat(300_000)}`,
      },
      413,
    ],
    [
      'a form with no CSRF token',
      {
        url: questionPage,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'whyAtRisk=x',
      },
      403,
    ],
  ];
  for (const [name, request, status] of cases) {
    it(name, async () => {
      const before = await drafts();
      const response = await t.app.inject({ method: 'POST', ...request, headers: { ...request.headers, cookie } });
      assert.equal(response.statusCode, status);
      assert.match(response.body, /<h1 class="govuk-heading-l">[^<]+<\/h1>/);
      assert.equal(await drafts(), before);
    });
  }
});
