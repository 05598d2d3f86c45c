import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(() => t.close());

it('shows the accessibility statement to someone who has not signed in', async () => {
  const response = await t.app.inject('/accessibility');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<h1 class="govuk-heading-xl">Accessibility statement for Haven<\/h1>/);
  for (const heading of [
    'Feedback and contact information',
    'Enforcement procedure',
    'Compliance status',
    'Non-accessible content',
    "What we're doing to improve accessibility",
    'Preparation of this accessibility statement',
  ]) {
    assert.ok(response.body.includes(heading), heading);
  }
});

it('links to the statement from the footer of the sign-in page', async () => {
  const response = await t.app.inject('/sign-in');
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /<footer class="govuk-footer">[\s\S]*href="\/accessibility"[\s\S]*<\/footer>/);
});
