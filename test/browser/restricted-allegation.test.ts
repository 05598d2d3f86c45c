import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import {
  type RunningHaven,
  expectAccessible,
  launchChromium,
  openSignedIn,
  startHavenForBrowser,
} from './browser-harness.ts';
import { addPeople, answerQuestionsAboutAnAdult } from './record-concern-pages.ts';

// Policy 14.4, procedures 11: a concern about someone who works for the council is seen only by
// the DSLs and the Head of Business Improvement, never by a DSO who is not a DSL.
describe('a restricted allegation in the browser', () => {
  let haven: RunningHaven;
  let browser: Browser;
  const checked: string[] = [];
  const check = (page: Page) => expectAccessible(page, checked);

  before(async () => {
    haven = await startHavenForBrowser();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await haven?.close();
  });

  const signIn = (email: string) => openSignedIn(browser, haven.baseUrl, email);

  it('is recorded by a reporter, hidden from a DSO, and open to a DSL', async () => {
    const reporter = await signIn('reporter@city.example');
    await reporter.getByRole('link', { name: 'Record a concern' }).first().click();
    await reporter.getByRole('button', { name: 'Start now' }).click();
    const person = {
      role: 'Person at risk',
      name: 'Sam Resident',
      ageGroup: 'Adult (18 or over)',
      approximateAge: '40',
      address: null,
    } as const;
    await addPeople(reporter, [person], async () => undefined);
    await answerQuestionsAboutAnAdult(reporter, check, undefined, true);
    await reporter.getByRole('button', { name: 'Send concern' }).click();
    await reporter.locator('.govuk-panel').waitFor();
    const reference = /HC-\d{4}-\d{6}/.exec(await reporter.locator('.govuk-panel').innerText())?.[0] ?? '';
    await reporter.getByRole('link', { name: 'View your concern' }).click();
    const concernUrl = reporter.url();

    const dso = await signIn('dso@city.example');
    await dso.getByRole('link', { name: 'Triage queue', exact: true }).click();
    await dso.getByRole('heading', { name: 'Triage queue', level: 1 }).waitFor();
    await check(dso);
    assert.ok(!(await dso.locator('main').innerText()).includes(reference), 'not in the DSO’s queue');
    const refused = await dso.goto(concernUrl);
    assert.equal(refused?.status(), 404);
    await check(dso);

    const dsl = await signIn('dsl@city.example');
    await dsl.getByRole('link', { name: 'Triage queue', exact: true }).click();
    await dsl.getByRole('link', { name: reference }).click();
    await dsl.getByText('Restricted: only Designated Safeguarding Leads').waitFor();
    await check(dsl);
    assert.ok(checked.length >= 14, `axe ran on ${checked.length} pages`);
  });
});
