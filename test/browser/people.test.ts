import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { concernAbout, namedPerson } from '../support/people.ts';
import {
  type RunningHaven,
  expectAccessible,
  launchChromium,
  openSignedIn,
  startHavenForBrowser,
} from './browser-harness.ts';

// A DSO files the person on one concern in the person index, links the same person on a second
// concern from the suggested match, and reads their chronology; then finds them, starts a merge
// and a household. Every page is checked with axe, the error page too.
describe('the person index in the browser: link, chronology, find, merge, household', () => {
  let haven: RunningHaven;
  let browser: Browser;
  const checked: string[] = [];

  before(async () => {
    haven = await startHavenForBrowser();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await haven?.close();
  });

  const signIn = (email: string) => openSignedIn(browser, haven.baseUrl, email);

  it('links one person on two concerns and shows both in their chronology, checking every page', async () => {
    const person = (extra = {}) =>
      namedPerson('Winifred Hale', {
        age: { kind: 'date_of_birth', dateOfBirth: '1946-02-11' },
        address: '3 Mill Lane, Oxford OX4 1AA',
        ...extra,
      });
    const autumn = await concernAbout(haven.db, [person()], '2025-10-20');
    const spring = await concernAbout(haven.db, [person({ address: null })], '2025-04-02');
    const dso = await signIn('dso@city.example');
    const check = () => expectAccessible(dso, checked);

    await dso.goto(`${haven.baseUrl}/concerns/${autumn.id}`);
    await check();
    await dso.getByRole('link', { name: 'Link to the person index for Winifred Hale' }).click();
    await dso.getByRole('heading', { name: 'Link Winifred Hale to the person index' }).waitFor();
    await check();
    await dso.getByRole('button', { name: 'Add as a new person' }).click();
    await dso.getByRole('link', { name: 'Winifred Hale in the person index' }).waitFor();

    await dso.goto(`${haven.baseUrl}/concerns/${spring.id}`);
    await dso.getByRole('link', { name: 'Link to the person index for Winifred Hale' }).click();
    await dso.getByText('Strong match: same name, same date of birth').waitFor();
    await check();
    await dso.getByRole('button', { name: 'Link to this person (Winifred Hale)' }).click();
    await dso.getByRole('link', { name: 'Winifred Hale in the person index' }).click();

    await dso.getByRole('heading', { name: 'Chronology' }).waitFor();
    await check();
    const entries = await dso.locator('.haven-chronology__entry').allInnerTexts();
    const springAt = entries.findIndex((text) => text.includes('Account of 2025-04-02'));
    const autumnAt = entries.findIndex((text) => text.includes('Account of 2025-10-20'));
    assert.ok(springAt >= 0 && autumnAt > springAt, 'what happened in spring comes before autumn');
    assert.ok(entries.some((text) => text.includes(spring.reference)));
    assert.ok(entries.some((text) => text.includes(autumn.reference)));
    await dso.getByRole('heading', { name: 'Who has seen or changed this person' }).waitFor();

    // Find them by name from the navigation.
    await dso.getByRole('link', { name: 'People', exact: true }).click();
    await dso.getByRole('heading', { name: 'Find a person' }).waitFor();
    await check();
    await dso.getByLabel('Name').fill('winifred');
    await dso.getByRole('button', { name: 'Search' }).click();
    await dso.getByRole('link', { name: 'Open the record of Winifred Hale' }).click();

    // Start a merge and a household, and see the error when no choice is made.
    await dso.getByRole('button', { name: 'Merge with a duplicate record' }).click();
    await dso.getByRole('heading', { name: 'Merge Winifred Hale with a duplicate record' }).waitFor();
    await check();
    await dso.getByLabel('Name').fill('hale');
    await dso.getByRole('button', { name: 'Search' }).click();
    await dso.getByText('No other record has a name like “hale”.').waitFor();
    await check();
    await dso.getByRole('link', { name: 'Return to Winifred Hale' }).click();
    await dso.getByRole('button', { name: 'Add someone to their household' }).click();
    await dso.getByRole('heading', { name: 'Add someone to Winifred Hale’s household' }).waitFor();
    await check();
    assert.ok(checked.length >= 8, `axe ran on ${checked.length} pages`);
  });

  it('shows the merge page and its error accessibly', async () => {
    const first = await concernAbout(haven.db, [namedPerson('Ezra Pound')], '2025-03-03');
    const second = await concernAbout(haven.db, [namedPerson('Ezra Pownd')], '2025-03-04');
    const dso = await signIn('dso@city.example');
    for (const concern of [first, second]) {
      await dso.goto(`${haven.baseUrl}/concerns/${concern.id}/people/${concern.people[0]!.id}/link`);
      await dso.getByRole('button', { name: 'Add as a new person' }).click();
      await dso.getByRole('heading', { name: 'Person index' }).waitFor();
    }
    await dso.getByRole('link', { name: 'Ezra Pownd in the person index' }).click();
    await dso.getByRole('button', { name: 'Merge with a duplicate record' }).click();
    await dso.getByRole('link', { name: 'Compare and merge with Ezra Pound' }).click();
    await dso.getByRole('heading', { name: 'Merge these records?' }).waitFor();
    await expectAccessible(dso, checked);
    await dso.getByRole('button', { name: 'Merge records' }).click();
    await dso.locator('.govuk-error-summary').waitFor();
    await expectAccessible(dso, checked);
    await dso.getByLabel('The other record: Ezra Pound').check();
    await dso.getByRole('button', { name: 'Merge records' }).click();
    await dso.getByRole('heading', { name: 'Ezra Pound', level: 1 }).waitFor();
    await dso.getByText('A duplicate record was merged into this one').waitFor();
    await expectAccessible(dso, checked);
  });
});
