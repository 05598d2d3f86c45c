import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import mammoth from 'mammoth';
import type { Browser, Page } from 'playwright-core';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// The coordinator brings last year's return to the Boards into Haven and takes documents out
// (issue 10): a broken file refused with its lines, the seed 001 return previewed and imported,
// downloaded as Word, then the annual report to Cabinet drafted in Word. JavaScript on and off.
const seed = new URL('../fixtures/self-assessment-2023-24.txt', import.meta.url);

for (const javaScriptEnabled of [true, false]) {
  describe(`self-assessment returns and the annual report (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    // axe runs inside the page, so only the JavaScript-on run can check each page.
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;
    const wordText = async (page: Page, link: RegExp) => {
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: link }).click();
      return (await mammoth.extractRawText({ path: await (await download).path() })).value;
    };

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('imports the 2023-24 return, shows what it inferred, and downloads it as Word', async () => {
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      await page.goto(`${haven.baseUrl}/self-assessment/import`);
      await expectAccessible(page, checked);

      const text = await readFile(seed, 'utf8');
      await page.getByLabel('Return saved as a text file').setInputFiles({
        name: 'return.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(text.replace('\t31-05-2024', '\t31-05-24')),
      });
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.locator('.govuk-error-summary').waitFor();
      assert.match(
        await page.locator('.govuk-error-summary').innerText(),
        /Line 388: Standard 3\.1: each action needs/,
      );
      await expectAccessible(page, checked);

      await page.getByLabel('Return saved as a text file').setInputFiles(seed.pathname);
      await page.getByRole('button', { name: 'Upload' }).click();
      await page.getByRole('heading', { level: 1, name: 'Check the return before importing it' }).waitFor();
      assert.match(await page.locator('main').innerText(), /Standard 1\.4 has no number line in the file/);
      assert.equal(await page.getByLabel('Year the return is for').inputValue(), '2023-24');
      await expectAccessible(page, checked);

      await page.getByRole('button', { name: 'Import the return' }).click();
      await page.getByRole('heading', { level: 1, name: 'The 2023-24 self-assessment is imported' }).waitFor();
      await expectAccessible(page, checked);
      const word = await wordText(page, /Download it as a Word document/);
      assert.match(
        word,
        /How do you know that staff across the organisation understand and act on their safeguarding responsibilities\?/,
      );
      assert.match(word, /We have received 214 reports through MyConcern in the last 12 months\./);
      await context.close();
    });

    it('drafts the annual report to Cabinet for a chosen year, refusing a year not offered', async () => {
      const context = await browser.newContext({ javaScriptEnabled, acceptDownloads: true });
      const page = await context.newPage();
      page.setDefaultTimeout(15_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      await page.goto(`${haven.baseUrl}/annual-report?year=1999`);
      await page.locator('.govuk-error-summary').waitFor();
      assert.match(await page.locator('.govuk-error-summary').innerText(), /Choose a financial year from the list/);
      await expectAccessible(page, checked);

      await page.getByLabel('Financial year').selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Show this year' }).click();
      await page.getByRole('heading', { level: 2, name: 'What the draft holds' }).waitFor();
      await expectAccessible(page, checked);
      const word = await wordText(page, /Download the Word draft/);
      assert.match(word, /Safeguarding Report \d{4}-\d{2}/);
      assert.match(word, /Scrutiny recommendations and Cabinet's response/);
      await context.close();
      if (javaScriptEnabled) assert.equal(checked.length, 6, `axe ran on ${checked.length} pages`);
    });
  });
}
