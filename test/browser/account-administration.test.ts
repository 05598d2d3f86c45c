import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { buildUser } from '../support/builders.ts';
import { invitationLinkFor, mailEnvironment, runMailJobs } from '../support/mail-jobs.ts';
import { type TestSmtpServer, startSmtpServer } from '../support/smtp-server.ts';
import {
  type RunningHaven,
  expectAccessible as checkAccessibility,
  launchChromium,
  signInAs,
  startHavenForBrowser,
} from './browser-harness.ts';

// An administrator invites a person as a DSO and a Champion; the person follows the link in the
// real email (a test SMTP server on loopback), sets a password, signs in and sees both roles'
// pages. Then the administrator deactivates someone whose session, in another browser, ends on
// its next request. With JavaScript on and off: every step is a form.
for (const javaScriptEnabled of [true, false]) {
  describe(`account administration (JavaScript ${javaScriptEnabled ? 'on' : 'off'})`, () => {
    let haven: RunningHaven;
    let smtp: TestSmtpServer;
    let browser: Browser;
    const checked: string[] = [];
    // axe runs inside the page, so only the JavaScript-on run can check each page.
    const expectAccessible = javaScriptEnabled ? checkAccessibility : async () => undefined;
    const newPage = async () => {
      const page = await (await browser.newContext({ javaScriptEnabled })).newPage();
      page.setDefaultTimeout(10_000);
      return page;
    };

    before(async () => {
      smtp = await startSmtpServer();
      // The email's links must lead to this Haven, so its port is chosen before it starts.
      const port = await freePort();
      haven = await startHavenForBrowser(mailEnvironment(smtp, `http://127.0.0.1:${port}`), port);
      browser = await launchChromium();
    });
    after(async () => {
      await browser?.close();
      await haven?.close();
      await smtp?.close();
    });

    it('invites a person as a DSO and a Champion, who sets a password and sees both roles’ pages', async () => {
      const admin = await newPage();
      await signInAs(admin, haven.baseUrl, 'admin@city.example');
      await admin.getByRole('link', { name: 'Create, invite, change and deactivate accounts' }).click();
      await admin.getByRole('heading', { name: 'Accounts' }).waitFor();
      await expectAccessible(admin, checked);
      await admin.getByRole('button', { name: 'Create an account' }).click();
      await admin.getByRole('heading', { name: 'Create an account' }).waitFor();
      await expectAccessible(admin, checked);

      await admin.getByLabel('Full name').fill('Wren Abernethy');
      await admin.getByLabel('Work email address').fill('wren.abernethy@city.example');
      await admin.getByRole('button', { name: 'Create account and send invitation' }).click();
      await admin.locator('.govuk-error-summary').waitFor();
      assert.ok(await admin.getByText('Choose at least one role').first().isVisible());
      await expectAccessible(admin, checked);
      await admin.getByLabel('Designated Safeguarding Officer', { exact: true }).check();
      await admin.getByLabel('Safeguarding Champion', { exact: true }).check();
      await admin.getByLabel('Service area').selectOption({ label: 'Community Services' });
      await admin.getByRole('button', { name: 'Create account and send invitation' }).click();
      await admin.getByText('An invitation to set a password has been emailed').waitFor();
      await expectAccessible(admin, checked);

      await runMailJobs(haven);
      const link = invitationLinkFor(smtp, 'wren.abernethy@city.example');
      assert.ok(link.startsWith(haven.baseUrl), link);
      const invitee = await newPage();
      await invitee.goto(link);
      await invitee.getByRole('heading', { name: 'Set your password' }).waitFor();
      await expectAccessible(invitee, checked);
      await invitee.getByLabel('New password').fill('wren chooses a long password');
      await invitee.getByLabel('Type the password again').fill('wren chose another');
      await invitee.getByRole('button', { name: 'Set password' }).click();
      await invitee.locator('.govuk-error-summary').waitFor();
      await expectAccessible(invitee, checked);
      await invitee.getByLabel('New password').fill('wren chooses a long password');
      await invitee.getByLabel('Type the password again').fill('wren chooses a long password');
      await invitee.getByRole('button', { name: 'Set password' }).click();
      await invitee.getByText('Your password is set').first().waitFor();
      await expectAccessible(invitee, checked);

      await invitee.getByRole('link', { name: 'Sign in to Haven' }).click();
      await invitee.getByLabel('Email address').fill('wren.abernethy@city.example');
      await invitee.getByLabel('Password').fill('wren chooses a long password');
      await invitee.getByRole('button', { name: 'Sign in' }).click();
      await invitee.waitForURL(`${haven.baseUrl}/`);
      await invitee.getByRole('heading', { name: 'Hello, Wren Abernethy' }).waitFor();
      await invitee.getByRole('link', { name: 'Triage queue' }).first().click();
      await invitee.getByRole('heading', { name: 'Triage queue' }).waitFor();
      await expectAccessible(invitee, checked);
      await invitee.getByRole('link', { name: 'Your concerns' }).first().click();
      await invitee.getByRole('heading', { name: 'Your concerns' }).waitFor();
      await expectAccessible(invitee, checked);

      await invitee.goto(link);
      await invitee.getByRole('heading', { name: 'This invitation has already been used' }).waitFor();
      await expectAccessible(invitee, checked);
      await admin.context().close();
      await invitee.context().close();
    });

    it('deactivates someone, whose open session ends on their next request', async () => {
      const email = await buildUser(haven.db, 'reporter@city.example', ['reporter']);
      const person = await newPage();
      await signInAs(person, haven.baseUrl, email);
      const admin = await newPage();
      await signInAs(admin, haven.baseUrl, 'admin@city.example');
      await admin.getByRole('link', { name: 'Accounts' }).first().click();
      await admin.getByLabel('Name or email').fill(email);
      await admin.getByRole('button', { name: 'Filter' }).click();
      await admin.getByRole('link', { name: 'Test reporter' }).click();
      await admin.getByRole('heading', { name: 'Test reporter' }).waitFor();
      await expectAccessible(admin, checked);
      await admin.getByRole('link', { name: 'Deactivate this account' }).click();
      await admin.getByRole('button', { name: 'Continue' }).click();
      await admin.locator('.govuk-error-summary').waitFor();
      await expectAccessible(admin, checked);
      await admin.getByLabel('Yes, deactivate it').check();
      await admin.getByRole('button', { name: 'Continue' }).click();
      await admin.getByText('Every session of theirs has ended').waitFor();
      await expectAccessible(admin, checked);

      await person.goto(`${haven.baseUrl}/concerns/mine`);
      await person.waitForURL(`${haven.baseUrl}/sign-in`);
      await person.getByRole('heading', { name: 'Sign in to Haven' }).waitFor();
      await admin.context().close();
      await person.context().close();
    });

    it('changes roles, and imports accounts from an HR export after a preview', async () => {
      const admin = await newPage();
      await signInAs(admin, haven.baseUrl, 'admin@city.example');
      await admin.getByRole('link', { name: 'Accounts' }).first().click();
      await admin.getByRole('link', { name: 'Devi Okafor' }).click();
      await admin.getByRole('link', { name: 'Change roles' }).click();
      await admin.getByRole('heading', { name: 'Change Devi Okafor’s roles' }).waitFor();
      await expectAccessible(admin, checked);
      await admin.getByLabel('Safeguarding Champion', { exact: true }).check();
      await admin.getByRole('button', { name: 'Save roles' }).click();
      await admin.getByText('Changes saved').waitFor();

      await admin.getByRole('link', { name: 'Accounts' }).first().click();
      await admin.getByRole('button', { name: 'Import from an HR export' }).click();
      await admin.getByRole('heading', { name: 'Import accounts from an HR export' }).waitFor();
      await expectAccessible(admin, checked);
      const csv = [
        'Employee number,Name,Email,Department',
        'E500,Sol Imported,sol.imported@city.example,Housing Services',
        'E501,"=1+1",formula@city.example,Housing Services',
      ].join('\n');
      await admin
        .getByLabel('CSV file')
        .setInputFiles({ name: 'hr.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
      await admin.getByRole('button', { name: 'Upload' }).click();
      await admin.getByRole('heading', { name: 'Which column holds what' }).waitFor();
      await expectAccessible(admin, checked);
      await admin.getByRole('button', { name: 'Continue' }).click();
      await admin.getByRole('heading', { name: 'Check the import' }).waitFor();
      await admin.getByText('1 to create, 0 to update, 0 to deactivate, 0 unchanged, 1 with problems').waitFor();
      await expectAccessible(admin, checked);
      await admin.getByRole('button', { name: 'Import' }).click();
      await admin.getByText('Import finished: 1 created, 0 updated, 0 deactivated.').waitFor();
      await expectAccessible(admin, checked);
      await admin.context().close();
      if (javaScriptEnabled) assert.equal(checked.length, 18, `axe ran on ${checked.length} pages`);
    });
  });
}

/** A loopback port free now, so Haven's base URL (for links in emails) is known before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no free port');
  return address.port;
}
