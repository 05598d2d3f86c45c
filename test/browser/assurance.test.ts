import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { assuranceYearOf } from '../../src/domain/assurance-dates.ts';
import { todayInLondon } from '../../src/domain/calendar-date.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// The assurance loop's plan, register and Scrutiny (issue 10): the coordinator adds a dated
// update to a seeded action and marks it complete (it moves to the completed list), reads the
// risk register's heat map beside its table and adds a risk after a refused score, and records
// Cabinet's response to a Scrutiny recommendation with a follow-up that appears in the plan.
// It also changes an action after it was raised, changes a risk, changes and removes a control,
// and closes the risk into the closed list.
// JavaScript on and off: every form posts; axe checks every page visited with JavaScript on.
for (const javaScriptEnabled of [true, false]) {
  describe(`action plan, risk register and Scrutiny (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let browser: Browser;
    let page: Page;
    const checked: string[] = [];
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;
    const nextYear = String(new Date().getFullYear() + 1);
    const fillDate = async (name: string, day: string, month: string, year: string) => {
      await page.locator(`#${name}-day`).fill(day);
      await page.locator(`#${name}-month`).fill(month);
      await page.locator(`#${name}-year`).fill(year);
    };

    before(async () => {
      haven = await startHavenForBrowser();
      browser = await launchChromium();
      const context = await browser.newContext({ javaScriptEnabled });
      page = await context.newPage();
      page.setDefaultTimeout(10_000);
      await signInAs(page, haven.baseUrl, 'coordinator@city.example');
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
    });

    it('adds an update to an action and completes it: it moves to the completed list', async () => {
      await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Action plan' }).click();
      await page.getByRole('heading', { name: 'Safeguarding action plan', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Safeguarding Action Plan 2023/2024' }).click();
      await page.getByRole('heading', { name: 'Safeguarding Action Plan 2023/2024', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      const action = 'Scope audit';
      await page.locator('#open-actions').getByRole('link', { name: action }).click();
      await page.getByRole('heading', { name: 'Action in the plan' }).waitFor();
      await expectAccessible(page, checked);

      // Changing the action: a blank lead refused beside the field; its own past due date may stay.
      await page.getByRole('link', { name: 'Change the action, its lead or its due date' }).click();
      await page.getByRole('heading', { name: 'Change the action', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Lead', { exact: true }).fill('');
      await page.getByLabel('Input (optional)').fill('Internal audit time');
      await page.getByRole('button', { name: 'Save the changes' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the lead').waitFor();
      await expectAccessible(page, checked);
      assert.equal(await page.getByLabel('Input (optional)').inputValue(), 'Internal audit time');
      await page.getByLabel('Lead', { exact: true }).fill('Community Safety Manager');
      await page.getByLabel("Lead's Haven account").selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Save the changes' }).click();
      await page.getByRole('heading', { name: 'Action in the plan' }).waitFor();
      await page.locator('.govuk-summary-list').getByText('Community Safety Manager').waitFor();
      await page.locator('.govuk-summary-list').getByText('Internal audit time').waitFor();

      // No text: the error beside the field, the date kept.
      await fillDate('written', '15', '1', '2024');
      await page.getByRole('button', { name: 'Add the update' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the update').waitFor();
      await expectAccessible(page, checked);
      assert.equal(await page.locator('#written-day').inputValue(), '15');
      await page.getByLabel('Update', { exact: true }).fill('Audit scoped with three service areas');
      await page.getByRole('button', { name: 'Add the update' }).click();
      await page.getByText('Audit scoped with three service areas').waitFor();
      await page.getByText('15 January 2024').waitFor();

      await page.getByLabel('Completed').check();
      await page.getByRole('button', { name: 'Save the status' }).click();
      await page.getByRole('heading', { name: '2023-24 completed actions' }).waitFor();
      await expectAccessible(page, checked);
      await page.locator('#completed-actions').getByRole('link', { name: action }).waitFor();
      assert.equal(await page.locator('#open-actions').getByRole('link', { name: action }).count(), 0);
    });

    it('shows the risk register with its heat map and table, and refuses a score outside 1 to 5', async () => {
      await page.locator('.govuk-service-navigation').getByRole('link', { name: 'Risks' }).click();
      await page.getByRole('heading', { name: 'Risk register', level: 1 }).waitFor();
      await page.getByRole('img', { name: /Heat map of current risk scores/ }).waitFor();
      await page.getByRole('table', { name: /the heat map's figures/ }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('button', { name: 'Add a risk' }).click();
      await page.getByRole('heading', { name: 'Add a risk' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Title').fill('Safeguarding Policy');
      await page.getByLabel('Risk description').fill('Champions leave without replacement');
      await page.getByLabel('Threat').check();
      await fillDate('raised', '1', '4', '2025');
      await page.getByLabel('Owner').fill('Head of Community Safety');
      for (const stage of ['Gross', 'Current', 'Residual']) {
        await page.getByLabel(`${stage} impact (1 to 5)`).selectOption('4');
        if (stage !== 'Current') await page.getByLabel(`${stage} probability (1 to 5)`).selectOption('3');
      }
      await fillDate('review', '1', '4', nextYear);
      await page.getByRole('button', { name: 'Add the risk' }).click();
      await page.locator('.govuk-error-summary').getByText('Choose the current probability from 1 to 5').waitFor();
      await expectAccessible(page, checked);
      assert.equal(await page.getByLabel('Risk description').inputValue(), 'Champions leave without replacement');
      await page.getByLabel('Current probability (1 to 5)').selectOption('4');
      await page.getByRole('button', { name: 'Add the risk' }).click();
      await page.getByRole('heading', { name: 'Safeguarding Policy', level: 1 }).waitFor();
      await page.getByText('Impact 4, probability 4: Red 16').waitFor();
      await expectAccessible(page, checked);

      // Change the risk, then a control: changed, then removed; then close the risk.
      await page.getByRole('link', { name: 'Change the risk, its owner or its gross and residual scores' }).click();
      await page.getByRole('heading', { name: 'Change the risk', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Owner').fill('');
      await page.getByRole('button', { name: 'Save the changes' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the owner').waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Owner').fill('Head of Regulatory Services');
      await page.getByLabel('Residual impact (1 to 5)').selectOption('2');
      await page.getByRole('button', { name: 'Save the changes' }).click();
      await page.getByRole('heading', { name: 'Safeguarding Policy', level: 1 }).waitFor();
      await page.locator('.govuk-summary-list').getByText('Head of Regulatory Services').waitFor();
      await page.getByText('Impact 2, probability 3: Amber 6').waitFor();

      await page.getByLabel('Control description').fill('Recruit two Champions');
      await fillDate('due', '1', '2', nextYear);
      await page.getByLabel('Status', { exact: true }).fill('On-going');
      await page.getByLabel('Action owner').fill('Safeguarding Coordinator');
      await page.getByRole('button', { name: 'Add the control' }).click();
      await page.getByRole('link', { name: 'Change or remove control 1' }).click();
      await page.getByRole('heading', { name: 'Change a control', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Progress % (optional)').fill('250');
      await page.getByRole('button', { name: 'Save the control' }).click();
      await page
        .locator('.govuk-error-summary')
        .getByText(/whole number from 0 to 100/)
        .waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Progress % (optional)').fill('50');
      await page.getByRole('button', { name: 'Save the control' }).click();
      await page.getByRole('cell', { name: '50', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Change or remove control 1' }).click();
      await page.getByRole('button', { name: 'Remove the control' }).click();
      await page.getByText('No controls recorded.').waitFor();

      await page.getByRole('button', { name: 'Close the risk' }).click();
      await page.getByRole('heading', { name: 'Closed risks' }).waitFor();
      await page
        .getByRole('table', { name: 'Closed risks' })
        .getByRole('link', { name: /Champions leave without replacement/ })
        .waitFor();
      assert.equal(
        await page
          .getByRole('table', { name: /the heat map's figures/ })
          .getByText(/Champions leave/)
          .count(),
        0,
        'a closed risk leaves the heat map',
      );
      await expectAccessible(page, checked);
    });

    it('records Cabinet’s response to a recommendation, and its follow-up appears in the plan', async () => {
      await page.goto(`${haven.baseUrl}/action-plan`);
      await page.getByRole('link', { name: 'Scrutiny recommendations' }).click();
      await page.getByRole('heading', { name: 'Scrutiny recommendations', level: 1 }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('button', { name: 'Add a recommendation' }).click();
      await page.getByRole('heading', { name: 'Add a Scrutiny recommendation' }).waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Number').fill('3');
      await page.getByLabel('Recommendation').fill('That the Council publishes its training figures each quarter');
      await fillDate('made', '7', '6', '2023');
      await page.getByLabel('Committee').fill('Scrutiny Committee');
      await page.getByLabel('Report').fill('Safeguarding Report 2022/23');
      await page.getByRole('button', { name: 'Add the recommendation' }).click();
      await page.getByRole('heading', { name: 'Scrutiny recommendation 3' }).waitFor();
      await expectAccessible(page, checked);

      await page.getByLabel('Partially agreed').check();
      await page.getByLabel('Comment').fill('Figures each quarter in the annual report');
      await page.getByLabel('Responsible Cabinet member').fill('Cabinet Member for a Healthier, Safer Oxford');
      await fillDate('responded', '14', '6', '2023');
      await page.getByRole('button', { name: "Save Cabinet's response" }).click();
      await page.locator('.govuk-summary-list').getByText('Partially agreed').waitFor();

      // A follow-up with no lead is refused beside the field.
      await page.getByLabel('Follow-up action').fill('Publish the training figures each quarter');
      await fillDate('due', '30', '6', nextYear);
      await page.getByRole('button', { name: 'Add the follow-up action' }).click();
      await page.locator('.govuk-error-summary').getByText('Enter the lead').waitFor();
      await expectAccessible(page, checked);
      await page.getByLabel('Lead', { exact: true }).fill('Safeguarding Coordinator');
      await page.getByLabel("Lead's Haven account").selectOption({ index: 1 });
      await page.getByRole('button', { name: 'Add the follow-up action' }).click();
      await page
        .locator('#follow-up-actions')
        .getByRole('link', { name: 'Publish the training figures each quarter' })
        .click();
      await page.getByRole('heading', { name: 'Action in the plan' }).waitFor();
      await page.getByRole('link', { name: /Scrutiny recommendation 3/ }).waitFor();
      await expectAccessible(page, checked);
      await page.getByRole('link', { name: 'Back' }).click();
      await page
        .getByRole('heading', { name: `Safeguarding Action Plan ${assuranceYearOf(todayInLondon())}` })
        .waitFor();
      await page
        .locator('#open-actions')
        .getByRole('link', { name: 'Publish the training figures each quarter' })
        .waitFor();
      await expectAccessible(page, checked);

      await page.goto(`${haven.baseUrl}/safeguarding-policy`);
      await page.getByRole('heading', { name: 'Safeguarding policy review dates' }).waitFor();
      await expectAccessible(page, checked);
      if (javaScriptEnabled) assert.ok(checked.length >= 14, `pages checked: ${checked.join(', ')}`);
    });
  });
}
