import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import mammoth from 'mammoth';
import type { Browser } from 'playwright-core';
import { buildConcern } from '../support/builders.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// The self-assessment journey (issue 10, "Done when"): the coordinator completes a standard,
// inserts live evidence, rates it, raises an action and finds it on the action plan page (with its
// link back to the standard), submits; a peer reviewer challenges through the link; the
// coordinator responds and changes the rating, then downloads the assessment as Word and the
// standard's response is in it. JavaScript on and off.
for (const javaScriptEnabled of [true, false]) {
  describe(`self-assessment (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    const checked: string[] = [];
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
      await buildConcern(haven.db, 'reporter@city.example');
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('completes a standard with live evidence and an action, submits, and answers a peer challenge', async () => {
      const page = await (await browser.newContext({ javaScriptEnabled, acceptDownloads: true })).newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
      await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Self-assessment' }).click();
      await page.getByRole('heading', { name: 'Self-assessment', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Self-assessment 2024-25' }).click();
      await page.getByRole('heading', { name: 'Self-assessment 2024-25', level: 1 }).waitFor();
      await expectAccessible(page, checked);

      await page.getByRole('link', { name: /^1\.4 How do you know that staff/ }).click();
      await page.getByRole('heading', { name: 'Standard 1.4' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Response', { exact: true }).fill('Staff across every service area report concerns.');
      await page.getByRole('button', { name: 'Insert: Concerns in the last 12 months by service area' }).click();
      await page.waitForURL(/#evidence$/);
      const evidence = await page.getByLabel('Evidence', { exact: true }).inputValue();
      assert.match(evidence, /^Figures from Haven, drawn on \d{1,2} \w+ \d{4}/);
      assert.match(evidence, /fewer than 5 concerns were recorded in Haven in the last 12 months/);
      assert.equal(
        await page.getByLabel('Response', { exact: true }).inputValue(),
        'Staff across every service area report concerns.',
      );
      await expectAccessible(page, checked);

      // Marked completed without a rating: the error, what was typed kept.
      await page.getByLabel('Yes, the response, evidence and rating are complete').check();
      await page.getByRole('button', { name: 'Save and return to the standards' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText('Select a rating before marking the standard as completed')
        .waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Green', { exact: true }).check();
      await page.getByLabel('Yes, the response, evidence and rating are complete').check();
      await page.getByRole('button', { name: 'Save and return to the standards' }).click();
      await page.getByRole('heading', { name: 'Self-assessment 2024-25', level: 1 }).waitFor();
      const task = page.locator('.govuk-task-list__item', { hasText: '1.4 How do you know that staff' });
      assert.match(await task.innerText(), /Completed/);

      await page.getByRole('link', { name: /^1\.4 How do you know that staff/ }).click();
      await page.getByLabel('Action', { exact: true }).fill('Recruit a Champion in Welfare Reform');
      await page.getByRole('button', { name: 'Raise the action' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter who leads the action').waitFor();
      await expectAccessible(page, checked);
      assert.equal(
        await page.getByLabel('Action', { exact: true }).inputValue(),
        'Recruit a Champion in Welfare Reform',
      );
      await page.getByLabel('Lead', { exact: true }).fill('Safeguarding Coordinator');
      await page.getByLabel('Day').fill('31');
      await page.getByLabel('Month').fill('3');
      await page.getByLabel('Year').fill('2099');
      await page.getByRole('button', { name: 'Raise the action' }).click();
      await page.getByRole('cell', { name: 'Recruit a Champion in Welfare Reform' }).waitFor();
      await page.getByRole('cell', { name: '31 March 2099' }).waitFor();
      await expectAccessible(page, checked);
      const planned = await haven.db
        .selectFrom('action_plan_actions')
        .innerJoin(
          'self_assessment_answers',
          'self_assessment_answers.id',
          'action_plan_actions.self_assessment_answer_id',
        )
        .innerJoin('self_assessment_standards', 'self_assessment_standards.id', 'self_assessment_answers.standard_id')
        .select(['action_plan_actions.lead_name', 'action_plan_actions.due_on', 'self_assessment_standards.number'])
        .where('action_plan_actions.action', '=', 'Recruit a Champion in Welfare Reform')
        .executeTakeFirstOrThrow();
      assert.deepEqual(planned, { lead_name: 'Safeguarding Coordinator', due_on: '2099-03-31', number: '1.4' });

      // The action is in the year's action plan, reached by following links, and links back.
      await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Action plan' }).click();
      await page.getByRole('heading', { name: 'Safeguarding action plan', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Safeguarding Action Plan 2024-25' }).click();
      await page.waitForURL(/\/action-plan\/[0-9a-f-]{36}$/);
      await page.getByRole('heading', { name: 'Safeguarding Action Plan 2024-25', level: 1 }).waitFor();
      const row = page.locator('#open-actions tbody tr', { hasText: 'Recruit a Champion in Welfare Reform' });
      assert.match(await row.innerText(), /Safeguarding Coordinator/);
      assert.match(await row.innerText(), /31 March 2099/);
      await expectAccessible(page, checked);
      await row.getByRole('link', { name: 'Standard 1.4' }).click();
      await page.getByRole('heading', { name: 'Standard 1.4' }).waitFor();
      assert.equal(
        await page.getByLabel('Response', { exact: true }).inputValue(),
        'Staff across every service area report concerns.',
      );

      await page.getByRole('link', { name: 'Back' }).click();
      await page.getByRole('button', { name: 'Submit the self-assessment' }).click();
      await page.locator('.govuk-inset-text', { hasText: 'Submitted on' }).waitFor();
      await page.getByLabel('Reviewer’s name').fill('Sam Reviewer');
      await page.getByLabel('Reviewer’s organisation').fill('Cherwell District Council');
      await page.getByRole('button', { name: 'Create a review link' }).click();
      await page.getByRole('heading', { name: 'Peer review link created' }).waitFor();
      await expectAccessible(page, checked);
      const link = new URL(await page.locator('#review-link').innerText()).pathname;

      // The reviewer: no account, only the link.
      const reviewer = await (await browser.newContext({ javaScriptEnabled })).newPage();
      reviewer.setDefaultTimeout(10_000);
      await reviewer.goto(`${haven.baseUrl}${link}`);
      await reviewer.getByRole('heading', { name: 'Peer review of the self-assessment 2024-25' }).waitFor();
      await expectAccessible(reviewer, checked);
      await reviewer.getByRole('link', { name: 'Challenge standard 1.4' }).click();
      await reviewer.getByRole('heading', { name: 'Challenge standard 1.4' }).waitFor();
      await expectAccessible(reviewer, checked);
      await reviewer.getByRole('button', { name: 'Record the challenge' }).click();
      await reviewer.locator('.govuk-error-summary').getByText('Enter your challenge').waitFor();
      await expectAccessible(reviewer, checked);
      await reviewer.getByLabel('Your challenge').fill('One service area has no Champion: is this Green?');
      await reviewer.getByRole('button', { name: 'Record the challenge' }).click();
      await reviewer.getByRole('heading', { name: 'Your challenges' }).waitFor();
      await expectAccessible(reviewer, checked);

      await page.getByRole('link', { name: 'Return to the self-assessment 2024-25' }).click();
      await page.getByRole('link', { name: 'Respond to the challenge on standard 1.4' }).click();
      await page.getByRole('heading', { name: 'Respond to the challenge on standard 1.4' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Your response').fill('Agreed: Amber until Welfare Reform has a Champion.');
      await page.getByLabel('Amber', { exact: true }).check();
      await page.getByRole('button', { name: 'Save the response' }).click();
      await page.getByText('Agreed: Amber until Welfare Reform has a Champion.').waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: /^1\.4 How do you know that staff/ }).click();
      await page.getByText(/Green → Amber, by/).waitFor();
      await expectAccessible(page, checked);

      // The submitted assessment as Word, in the return's layout: the standard's response is in it.
      await page.getByRole('link', { name: 'Back' }).click();
      await page.getByRole('heading', { name: 'Self-assessment 2024-25', level: 1 }).waitFor();
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name: 'Download this self-assessment as a Word document' }).click();
      const word = (await mammoth.extractRawText({ path: await (await download).path() })).value;
      assert.match(word, /How do you know that staff across the organisation understand/);
      assert.match(word, /Staff across every service area report concerns\./);
      assert.match(word, /Recruit a Champion in Welfare Reform/);

      for (const path of ['/self-assessment/commitments', '/self-assessment/templates']) {
        await page.goto(`${haven.baseUrl}${path}`);
        await page.locator('h1').waitFor();
        await expectAccessible(page, checked);
      }
      await page
        .getByRole('link', { name: /2024-25/ })
        .first()
        .click();
      await page.getByRole('link', { name: 'Change standard 1.1', exact: true }).click();
      await page.getByRole('heading', { name: 'Change a standard' }).waitFor();
      await expectAccessible(page, checked);
      if (javaScriptEnabled) assert.ok(checked.length >= 20, `pages checked: ${checked.join(', ')}`);
    });
  });
}
