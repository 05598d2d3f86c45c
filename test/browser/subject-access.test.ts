import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import type { Browser } from 'playwright-core';
import { concernAbout, indexFirstPerson, namedPerson } from '../support/people.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// A DSL prepares a subject access response with one redaction and releases it, reads the bundle
// back, then corrects a detail and sees the original kept; with JavaScript on (axe on every
// page) and off (the same journey, forms posted by the browser alone).
for (const javaScriptEnabled of [true, false]) {
  describe(`subject access and rectification in the browser (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    // axe runs inside the page, so only the JavaScript-on run can check each page.
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date()).split('-');

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('prepares a bundle with one redaction, releases it, and rectifies a detail', async () => {
      const concern = await concernAbout(haven.db, [
        namedPerson('Winifred Hale'),
        namedPerson('Sam Patel', { role: 'witness' }),
      ]);
      const { indexPersonId } = await indexFirstPerson(haven.db, concern.id);
      const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'dsl@city.example');

      await page.goto(`${haven.baseUrl}/people/${indexPersonId}`);
      await page.getByRole('button', { name: 'Start a subject access request' }).click();
      await page.getByRole('heading', { name: 'Start a subject access request' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('button', { name: 'Start the request' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the date the request arrived').waitFor();
      await expectAccessible(page, checked);
      const received = page.getByRole('group', { name: 'When was the request received?' });
      await received.getByLabel('Day').fill(String(Number(today[2])));
      await received.getByLabel('Month').fill(String(Number(today[1])));
      await received.getByLabel('Year').fill(today[0] ?? '');
      await page.getByRole('button', { name: 'Start the request' }).click();
      await page.getByRole('heading', { name: 'Redactions' }).waitFor();
      await expectAccessible(page, checked);

      // Release is refused until every proposal is decided.
      await page.getByRole('button', { name: 'Release the response' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText(/still to decide/)
        .waitFor();
      await expectAccessible(page, checked);

      // One redaction: Sam Patel's full name. Everything else Haven proposed is kept.
      const groups = page.locator('form[action$="/redactions"] fieldset');
      for (let i = 0; i < (await groups.count()); i++) {
        const group = groups.nth(i);
        const legend = await group.locator('legend').innerText();
        await group.getByLabel(legend.startsWith('Sam Patel') ? 'Redact' : 'Keep').check();
      }
      await page.getByRole('button', { name: 'Save redactions' }).click();
      await page.getByRole('heading', { name: 'Redactions' }).waitFor();
      await page.getByRole('button', { name: 'Release the response' }).click();
      await page.getByText('This response was released and can no longer be changed.').waitFor();
      await expectAccessible(page, checked);

      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: /Download the response/ }).click(),
      ]);
      const zip = unzipSync(new Uint8Array(await readFile((await download.path())!)));
      const { value: text } = await mammoth.extractRawText({
        buffer: Buffer.from(zip['subject-access-response.docx']!),
      });
      assert.match(text, /Winifred Hale/);
      assert.match(text, /\[redacted\]/);
      assert.ok(!text.includes('Sam Patel'), 'the one redaction is applied');

      await page.getByRole('link', { name: 'Subject access', exact: true }).click();
      await page.getByRole('heading', { name: 'Subject access requests' }).waitFor();
      await page.getByRole('table', { name: 'Released' }).getByText('Released on time').waitFor();
      await expectAccessible(page, checked);

      // Rectify her address, with a reason; the old value stays in the history.
      await page.goto(`${haven.baseUrl}/people/${indexPersonId}`);
      await page.getByRole('link', { name: 'Correct their details' }).click();
      await page.getByRole('heading', { name: 'Correct their details' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Correct name' }).click();
      await page.getByLabel('What is the correct name?').fill('Winifred Hale-Jones');
      await page.getByRole('button', { name: 'Correct it' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the reason').waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Why are you correcting it?').fill('Her married name, from her letter');
      await page.getByRole('button', { name: 'Correct it' }).click();
      await page.getByRole('table', { name: 'Corrections' }).getByText('Her married name, from her letter').waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Return to their page' }).click();
      const history = page.getByRole('table', { name: 'Corrections' });
      await history.getByText('Winifred Hale', { exact: true }).waitFor();
      await history.getByText('Winifred Hale-Jones', { exact: true }).waitFor();
      await expectAccessible(page, checked);
      if (javaScriptEnabled) assert.ok(checked.length >= 9, `axe ran on ${checked.length} pages`);
    });
  });
}
