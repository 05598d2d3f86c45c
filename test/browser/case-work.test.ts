import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { buildConcern } from '../support/builders.ts';
import {
  type RunningHaven,
  expectAccessible,
  launchChromium,
  openSignedIn,
  startHavenForBrowser,
} from './browser-harness.ts';

// A DSO works a concern from the queue to closed; the case owner does their action from home.
describe('case work in the browser: triage → action → referral with outcome → close', () => {
  let haven: RunningHaven;
  let browser: Browser;
  const checked: string[] = [];
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()).split('-');

  before(async () => {
    haven = await startHavenForBrowser();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await haven?.close();
  });

  const signIn = (email: string) => openSignedIn(browser, haven.baseUrl, email);

  async function fillDate(page: Page, legend: string) {
    const group = page.getByRole('group', { name: legend });
    await group.getByLabel('Day').fill(String(Number(today[2])));
    await group.getByLabel('Month').fill(String(Number(today[1])));
    await group.getByLabel('Year').fill(today[0] ?? '');
  }

  it('works a concern through to closed, checking every page with axe', async () => {
    const concern = await buildConcern(haven.db, 'reporter@city.example', {
      person: { name: 'Casey Example', ageGroup: 'adult' },
    });
    const dso = await signIn('dso@city.example');
    await dso.getByRole('link', { name: 'Triage queue', exact: true }).click();
    await dso.getByRole('link', { name: concern.reference }).click();
    await dso.getByRole('heading', { name: concern.reference, level: 1 }).waitFor();
    await expectAccessible(dso, checked);

    await dso.getByRole('button', { name: 'Triage this concern' }).click();
    await dso.getByRole('button', { name: 'Save triage' }).click();
    await dso.locator('.govuk-error-summary').waitFor();
    await expectAccessible(dso, checked);
    await dso.getByLabel('Triage decision and reasons').fill('Refer to adult social care; housing officer to visit.');
    await dso.getByLabel('High').check();
    await dso.getByLabel('Case owner').selectOption({ label: 'Morgan Blake' });
    await dso.getByRole('button', { name: 'Save triage' }).click();

    await dso.getByRole('button', { name: 'Direct an action' }).click();
    await dso.getByRole('heading', { name: 'Direct an action' }).waitFor();
    await expectAccessible(dso, checked);
    await dso.getByLabel('What needs to be done').fill('Visit the tenant with the housing officer');
    await fillDate(dso, 'When is it due?');
    await dso.getByRole('button', { name: 'Direct action' }).click();

    await dso.getByRole('button', { name: 'Record a referral' }).click();
    await dso.getByRole('heading', { name: 'Record a referral' }).waitFor();
    await expectAccessible(dso, checked);
    await dso
      .getByLabel('Agency', { exact: true })
      .selectOption({ label: 'Adult Social and Health Care (safeguarding referral)' });
    await fillDate(dso, 'Date of the referral');
    await dso.getByLabel('The agency’s reference number (optional)').fill('ASC-2026-4411');
    await dso.getByLabel('Professional you spoke to').fill('Duty social worker, adult safeguarding');
    await dso.getByLabel('Yes', { exact: true }).check();
    await dso.getByLabel(/Safeguarding children and individuals at risk/).check();
    await dso.getByRole('button', { name: 'Save referral' }).click();

    await dso.getByRole('link', { name: /Record the outcome/ }).click();
    await dso.getByRole('heading', { name: 'Record the outcome of a referral' }).waitFor();
    await expectAccessible(dso, checked);
    await dso.getByLabel('Accepted: enquiry or assessment started').check();
    await fillDate(dso, 'Date of the outcome');
    await dso.getByRole('button', { name: 'Save outcome' }).click();
    await dso.getByRole('heading', { name: concern.reference, level: 1 }).waitFor();
    await expectAccessible(dso, checked);

    const owner = await signIn('manager@city.example');
    await expectAccessible(owner, checked);
    await owner.getByRole('link', { name: concern.reference }).click();
    await owner.getByRole('button', { name: /Mark as done/ }).click();
    await owner.getByText('Done ').first().waitFor();

    await dso.reload();
    await dso.getByRole('button', { name: 'Close this concern' }).click();
    await dso.getByRole('heading', { name: 'Close this concern' }).waitFor();
    await expectAccessible(dso, checked);
    await dso.getByRole('button', { name: 'Close concern' }).click();
    await dso.getByText('Closed', { exact: true }).first().waitFor();
    assert.equal(await dso.getByRole('button', { name: 'Reopen this concern' }).count(), 1);
    await expectAccessible(dso, checked);
    assert.ok(checked.length >= 9, `axe ran on ${checked.length} pages`);
  });
});
