import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { demoPassword } from '../../src/db/demo-data.ts';
import { type RunningHaven, expectAccessible, launchChromium, startHavenForBrowser } from './browser-harness.ts';

// A reporter adds a passkey from "Your account" with Chromium's virtual authenticator (the
// DevTools protocol's WebAuthn domain: a CTAP2 platform authenticator that keeps discoverable
// passkeys and verifies its user), signs out, and signs in with the passkey alone. WebAuthn
// refuses an IP address as the relying party, so this Haven is reached at localhost, not
// 127.0.0.1 as the other browser tests do. Without JavaScript no passkey button shows and the
// password still works.

/** A free loopback port, so Haven's WebAuthn origin can be set before it starts. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('passkeys in the browser', () => {
  let haven: RunningHaven;
  let browser: Browser;
  let baseUrl: string;
  const checked: string[] = [];

  before(async () => {
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    haven = await startHavenForBrowser({ TWO_FACTOR_ENFORCED: 'true', HAVEN_BASE_URL: baseUrl }, port);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await haven?.close();
  });

  it('adds a passkey from Your account, then signs in with it alone, checking every page with axe', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const devTools = await context.newCDPSession(page);
    await devTools.send('WebAuthn.enable');
    const { authenticatorId } = await devTools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });

    await page.goto(`${baseUrl}/sign-in`);
    await page.getByRole('button', { name: 'Use a passkey' }).waitFor();
    await expectAccessible(page, checked);
    await page.getByLabel('Email address').fill('reporter@city.example');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);

    await page.goto(`${baseUrl}/account`);
    await expectAccessible(page, checked);
    await page.getByRole('link', { name: 'Add passkeys' }).click();
    await page.getByRole('heading', { name: 'Your passkeys' }).waitFor();
    await expectAccessible(page, checked);

    // The name first: the server asks for it before any device is troubled.
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.locator('.govuk-error-summary').waitFor();
    await expectAccessible(page, checked);

    await page.getByLabel('Name for this passkey').fill('This laptop');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByRole('cell', { name: 'This laptop', exact: true }).waitFor();
    await expectAccessible(page, checked);
    const { credentials } = await devTools.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0]?.isResidentCredential, true, 'a discoverable passkey');

    await page.getByRole('link', { name: 'Remove This laptop' }).click();
    await page.getByRole('heading', { name: /Remove the passkey/ }).waitFor();
    await expectAccessible(page, checked);
    await page.getByRole('link', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl}/sign-in?signed-out=1`);
    await page.getByRole('button', { name: 'Use a passkey' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expectAccessible(page, checked);
    assert.match(await page.locator('body').innerText(), /Sign out/);

    const [stored] = await haven.db.selectFrom('passkey_credentials').selectAll().execute();
    assert.equal(stored?.name, 'This laptop');
    assert.ok(stored?.last_used_at, 'the passkey was used to sign in');
    const used = await haven.db
      .selectFrom('audit_events')
      .select('action')
      .where('action', 'in', ['account.passkey-registered', 'account.passkey-used'])
      .execute();
    assert.deepEqual(used.map((row) => row.action).sort(), ['account.passkey-registered', 'account.passkey-used']);
    await context.close();
  });

  it('lets a DSL make a passkey instead of an app, then use it after the password and to confirm it is them', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const devTools = await context.newCDPSession(page);
    await devTools.send('WebAuthn.enable');
    await devTools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
      },
    });
    const enterPassword = async () => {
      await page.goto(`${baseUrl}/sign-in`);
      await page.getByLabel('Email address').fill('dsl@city.example');
      await page.getByLabel('Password').fill(demoPassword);
      await page.getByRole('button', { name: 'Sign in' }).click();
    };

    await enterPassword();
    await page.getByRole('heading', { name: 'Set up an authenticator app' }).waitFor();
    await page.getByRole('button', { name: 'Make a passkey instead' }).waitFor();
    await expectAccessible(page, checked);
    await page.getByRole('button', { name: 'Make a passkey instead' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expectAccessible(page, checked);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${baseUrl}/sign-in?signed-out=1`);
    await enterPassword();
    await page.getByRole('heading', { name: 'Use your passkey' }).waitFor();
    await page.getByRole('button', { name: 'Use your passkey' }).waitFor();
    await expectAccessible(page, checked);
    await page.getByRole('button', { name: 'Use your passkey' }).click();
    await page.waitForURL(`${baseUrl}/`);

    await page.goto(`${baseUrl}/re-authenticate?return-to=/account`);
    await page.getByRole('button', { name: 'Use a passkey instead' }).waitFor();
    await expectAccessible(page, checked);
    await page.getByRole('button', { name: 'Use a passkey instead' }).click();
    await page.waitForURL(`${baseUrl}/account`);
    await context.close();
  });

  it('shows no passkey button without JavaScript, and the password still signs in', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${baseUrl}/sign-in`);
    assert.equal(await page.getByRole('button', { name: 'Use a passkey' }).count(), 0);
    await page.getByLabel('Email address').fill('dso@city.example');
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${baseUrl}/`);
    await page.goto(`${baseUrl}/account/passkeys`);
    assert.equal(await page.getByRole('button', { name: 'Add a passkey' }).count(), 0);
    await page.getByText('To add a passkey, use a browser that supports passkeys').waitFor();
    await context.close();
  });

  after(() => {
    assert.ok(checked.length >= 11, `axe checked ${checked.join(', ')}`);
  });
});
