import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import {
  type TestOidcProvider,
  pathOf,
  signInAtProvider,
  startOidcProvider,
} from '../../../test/support/oidc-provider.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const redirectUri = 'http://localhost:3000/sign-in/single-sign-on/callback';

describe('single sign-on through the council identity provider', () => {
  let provider: TestOidcProvider;
  let otherProvider: TestOidcProvider;
  let t: TestApp;
  // Haven's clock, moved on by tests rather than waited for.
  let clockAheadMs = 0;
  const logs: string[] = [];
  before(async () => {
    provider = await startOidcProvider({ redirectUri, idTokenTtlSeconds: 60 });
    otherProvider = await startOidcProvider({ redirectUri });
    for (const directory of [provider, otherProvider]) {
      directory.addPerson({ sub: 'staff-0001', email: 'DSO@city.example', email_verified: true, name: 'Devi Okafor' });
    }
    provider.addPerson({ sub: 'staff-0002', email: 'new.starter@city.example', name: 'Nia Starter' });
    provider.addPerson({ sub: 'staff-0003', email: 'manager@city.example', email_verified: true });
    provider.addPerson({ sub: 'staff-0004', email: 'stranger@city.example' });
    // Someone else who now holds the DSO's address at the provider (a reissued address).
    provider.addPerson({ sub: 'staff-0005', email: 'dso@city.example', email_verified: true });
    const logStream = new PassThrough();
    logStream.on('data', (chunk: Buffer) => logs.push(chunk.toString()));
    t = await startTestApp(
      { ...provider.environment, LOG_LEVEL: 'info' },
      logStream,
      () => new Date(Date.now() + clockAheadMs),
    );
  });
  after(async () => {
    await t?.close();
    await provider?.close();
    await otherProvider?.close();
  });

  /** Starts at Haven, signs in at the provider, and returns the redirect back to Haven unvisited. */
  async function throughProvider(client: WebClient, accountId: string, tamper = (url: URL) => url) {
    const start = await client.get('/sign-in/single-sign-on');
    assert.equal(start.statusCode, 303);
    const authorization = new URL(String(start.headers.location));
    return signInAtProvider(tamper(authorization).href, accountId);
  }

  // Audit rows carry Haven's clock, which tests move: the new row is the one not seen before.
  const seenEvents = new Set<string>();
  async function lastEvent() {
    const events = await t.db.selectFrom('single_sign_on_events').selectAll().execute();
    const fresh = events.filter((event) => !seenEvents.has(event.id));
    for (const event of fresh) seenEvents.add(event.id);
    assert.equal(fresh.length, 1, 'one audit row for the attempt');
    return fresh[0]!;
  }

  async function assertRefused(
    client: WebClient,
    callback: URL,
    expected: { status: number; title: RegExp; outcome: string },
  ) {
    const response = await client.get(pathOf(callback));
    assert.equal(response.statusCode, expected.status);
    assert.match(response.body, expected.title);
    assert.equal((await client.get('/')).statusCode, 302, 'still signed out');
    const event = await lastEvent();
    assert.equal(event.outcome, expected.outcome);
    assert.equal(event.user_id, null);
    return response;
  }

  const failed = /Signing in with your council account did not work/;

  it('offers the provider on the sign-in page beside the password form', async () => {
    const page = await new WebClient(t.app).get('/sign-in');
    assert.match(page.body, /href="\/sign-in\/single-sign-on"[^>]*>\s*Sign in with Test Council account/);
    assert.match(page.body, /name="password"/);
  });

  it('sends the person to the provider with PKCE, state and nonce kept out of Haven URLs', async () => {
    const start = await new WebClient(t.app).get('/sign-in/single-sign-on');
    const authorization = new URL(String(start.headers.location));
    assert.equal(authorization.origin, provider.issuer);
    assert.equal(authorization.searchParams.get('code_challenge_method'), 'S256');
    assert.equal(authorization.searchParams.get('redirect_uri'), redirectUri);
    for (const parameter of ['state', 'nonce', 'code_challenge']) assert.ok(authorization.searchParams.get(parameter));
    assert.equal(authorization.searchParams.get('code_verifier'), null);
  });

  it('signs in a person matched by email, with a new session id, and audits it', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0001');
    const beforeCookie = (await client.get('/sign-in')).cookies.find((c) => c.name === 'haven_session');
    const response = await client.get(pathOf(callback));
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/');
    const cookie = response.cookies.find((c) => c.name === 'haven_session');
    assert.ok(cookie && cookie.value !== beforeCookie?.value, 'session id changes at sign-in');
    const home = await client.get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /Devi Okafor/);
    const event = await lastEvent();
    const dso = await t.db
      .selectFrom('users')
      .select(['id', 'sso_subject'])
      .where('email', '=', 'dso@city.example')
      .executeTakeFirstOrThrow();
    assert.equal(event.outcome, 'signed-in');
    assert.equal(event.user_id, dso.id);
    assert.equal(dso.sso_subject, 'staff-0001', 'the provider id is remembered');

    // The same callback again (a replayed URL, or a code used twice) finds no flow to finish.
    await assertRefused(new WebClient(t.app), callback, { status: 400, title: failed, outcome: 'not-started' });
    const again = await client.get(pathOf(callback));
    assert.equal(again.statusCode, 400);
    assert.equal((await lastEvent()).outcome, 'not-started');
  });

  it('starts the session as a completed local sign-in does: its device named, just authenticated', async () => {
    const client = new WebClient(t.app);
    await client.get(pathOf(await throughProvider(client, 'staff-0001')));
    assert.equal((await lastEvent()).outcome, 'signed-in');
    // No second-factor step: the council's provider owns that for the accounts it vouches for.
    assert.equal((await client.get('/')).statusCode, 200);
    const sessions = await client.get('/account/sessions');
    assert.match(sessions.body, /Unknown browser <strong class="govuk-tag">This session<\/strong>/);
    assert.equal((await client.get('/account/two-factor')).statusCode, 200, 'no re-authentication asked yet');
  });

  it('refuses a different provider id for an address already linked to someone', async () => {
    const client = new WebClient(t.app);
    const response = await client.get(pathOf(await throughProvider(client, 'staff-0005')));
    assert.equal(response.statusCode, 400);
    assert.equal((await client.get('/')).statusCode, 302);
    const event = await lastEvent();
    assert.equal(event.outcome, 'subject-changed');
    const dso = await t.db
      .selectFrom('users')
      .select(['id', 'sso_subject'])
      .where('email', '=', 'dso@city.example')
      .executeTakeFirstOrThrow();
    assert.deepEqual([event.user_id, dso.sso_subject], [dso.id, 'staff-0001']);
  });

  it('refuses an unknown person when accounts are not provisioned', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0004');
    const response = await client.get(pathOf(callback));
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /You do not have a Haven account/);
    assert.equal((await lastEvent()).outcome, 'no-account');
    const made = await t.db.selectFrom('users').select('id').where('email', '=', 'stranger@city.example').execute();
    assert.equal(made.length, 0);
  });

  it('refuses a person switched off in Haven although the provider vouches for them', async () => {
    await t.db
      .updateTable('users')
      .set({ deactivated_at: new Date().toISOString() })
      .where('email', '=', 'manager@city.example')
      .execute();
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0003');
    const response = await client.get(pathOf(callback));
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /Your Haven account has been switched off/);
    assert.equal((await client.get('/')).statusCode, 302);
    assert.equal((await lastEvent()).outcome, 'deactivated');
    // Nor can they use a Haven password instead.
    assert.equal((await new WebClient(t.app).signIn('manager@city.example')).statusCode, 401);
  });

  it('ends the session of a person switched off after signing in, at their next request', async () => {
    const client = new WebClient(t.app);
    await client.get(pathOf(await throughProvider(client, 'staff-0001')));
    assert.equal((await lastEvent()).outcome, 'signed-in');
    assert.equal((await client.get('/')).statusCode, 200);
    const switchOff = (at: string | null) =>
      t.db.updateTable('users').set({ deactivated_at: at }).where('email', '=', 'dso@city.example').execute();
    await switchOff(new Date().toISOString());
    try {
      assert.equal((await client.get('/')).statusCode, 302);
    } finally {
      await switchOff(null);
    }
  });

  it('refuses a callback whose state was tampered with', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0001');
    callback.searchParams.set('state', `${callback.searchParams.get('state')}x`);
    await assertRefused(client, callback, { status: 400, title: failed, outcome: 'state-mismatch' });
  });

  it('refuses an ID token whose nonce is not the one this session asked for', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0001', (url) => {
      url.searchParams.set('nonce', 'a-nonce-from-another-session');
      return url;
    });
    await assertRefused(client, callback, { status: 400, title: failed, outcome: 'nonce-mismatch' });
  });

  it('refuses an answer from another issuer', async () => {
    const client = new WebClient(t.app);
    // The request this session started, sent to a different provider that knows the same client.
    const callback = await throughProvider(
      client,
      'staff-0001',
      (url) => new URL(`${url.pathname}${url.search}`, otherProvider.issuer),
    );
    assert.equal(callback.searchParams.get('iss'), otherProvider.issuer);
    await assertRefused(client, callback, { status: 400, title: failed, outcome: 'issuer-mismatch' });
  });

  it('refuses ID tokens made out to another client or issuer, although signed by the provider', async () => {
    try {
      provider.forgeIdTokens((claims) => ({ ...claims, aud: 'another-service' }));
      const client = new WebClient(t.app);
      const callback = await throughProvider(client, 'staff-0001');
      await assertRefused(client, callback, { status: 400, title: failed, outcome: 'audience-mismatch' });

      provider.forgeIdTokens((claims) => ({ ...claims, iss: otherProvider.issuer }));
      const second = new WebClient(t.app);
      await assertRefused(second, await throughProvider(second, 'staff-0001'), {
        status: 400,
        title: failed,
        outcome: 'issuer-mismatch',
      });
    } finally {
      provider.forgeIdTokens(null);
    }
  });

  it('refuses an expired ID token, judged by Haven clock', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0001');
    // The provider's ID tokens last 60 seconds; by Haven's clock five minutes have passed.
    clockAheadMs = 5 * 60_000;
    try {
      await assertRefused(client, callback, { status: 400, title: failed, outcome: 'id-token-expired' });
    } finally {
      clockAheadMs = 0;
    }
  });

  it('refuses a flow left unfinished for more than ten minutes', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0001');
    clockAheadMs = 11 * 60_000;
    try {
      await assertRefused(client, callback, { status: 400, title: failed, outcome: 'flow-expired' });
    } finally {
      clockAheadMs = 0;
    }
  });

  it('refuses a code the provider has already redeemed', async () => {
    const client = new WebClient(t.app);
    const callback = await throughProvider(client, 'staff-0001');
    await provider.consumeCode(callback.searchParams.get('code') ?? '');
    await assertRefused(client, callback, { status: 400, title: failed, outcome: 'code-rejected' });
  });

  it('says so when the person turns the provider down', async () => {
    const client = new WebClient(t.app);
    const start = await client.get('/sign-in/single-sign-on');
    const state = new URL(String(start.headers.location)).searchParams.get('state') ?? '';
    const callback = new URL(redirectUri);
    callback.search = new URLSearchParams({ error: 'access_denied', state, iss: provider.issuer }).toString();
    await assertRefused(client, callback, { status: 400, title: failed, outcome: 'provider-refused' });
  });

  it('keeps claim values, codes and states out of the audit trail and the logs', async () => {
    const events = await t.db.selectFrom('single_sign_on_events').selectAll().execute();
    assert.ok(events.length >= 11);
    assert.ok(logs.some((line) => line.includes('single-sign-on.refused')));
    for (const [where, text] of [
      ['audit trail', JSON.stringify(events)],
      ['logs', logs.join('')],
    ] as const) {
      for (const secret of ['staff-000', '@city.example', 'Devi', 'stranger', 'code=', 'state=', 'nonce=']) {
        assert.ok(!text.includes(secret), `${secret} in the ${where}`);
      }
    }
  });
});

describe('single sign-on with accounts provisioned on first sign-in', () => {
  let provider: TestOidcProvider;
  let t: TestApp;
  before(async () => {
    provider = await startOidcProvider({ redirectUri });
    provider.addPerson({
      sub: 'staff-0100',
      email: 'New.Starter@city.example',
      email_verified: true,
      name: 'Nia Starter',
    });
    provider.addPerson({ sub: 'staff-0101', email: 'unconfirmed@city.example', email_verified: false });
    t = await startTestApp({
      ...provider.environment,
      OIDC_PROVISION: 'true',
      OIDC_ORGANISATION: 'Haven City Council',
    });
  });
  after(async () => {
    await t?.close();
    await provider?.close();
  });

  it('makes a reporter account in the configured organisation, once', async () => {
    for (const visit of [1, 2]) {
      const client = new WebClient(t.app);
      await client.get('/sign-in/single-sign-on').then(async (start) => {
        const callback = await signInAtProvider(String(start.headers.location), 'staff-0100');
        assert.equal((await client.get(pathOf(callback))).statusCode, 303, `visit ${visit}`);
        // A reporter may start recording a concern: the account holds the role, not just a name.
        assert.equal((await client.get('/concerns/new')).statusCode, 200, `visit ${visit}: record a concern`);
      });
      assert.match((await client.get('/')).body, /Nia Starter/);
    }
    const made = await t.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select(['users.id', 'users.role', 'users.sso_subject', 'organisations.name'])
      .where('users.email', '=', 'new.starter@city.example')
      .execute();
    assert.equal(made.length, 1);
    assert.deepEqual(
      { role: made[0]?.role, subject: made[0]?.sso_subject, organisation: made[0]?.name },
      { role: 'reporter', subject: 'staff-0100', organisation: 'Haven City Council' },
    );
    const outcomes = await t.db
      .selectFrom('single_sign_on_events')
      .select('outcome')
      .where('user_id', '=', made[0]?.id ?? '')
      .orderBy('at')
      .execute();
    assert.deepEqual(outcomes.map((e) => e.outcome).sort(), ['provisioned', 'signed-in']);
    // A provisioned account has no Haven password to sign in with.
    assert.equal((await new WebClient(t.app).signIn('new.starter@city.example', '!')).statusCode, 401);
  });

  it('refuses an email address the provider has not confirmed', async () => {
    const client = new WebClient(t.app);
    const start = await client.get('/sign-in/single-sign-on');
    const callback = await signInAtProvider(String(start.headers.location), 'staff-0101');
    const response = await client.get(pathOf(callback));
    assert.equal(response.statusCode, 400);
    const made = await t.db.selectFrom('users').select('id').where('email', '=', 'unconfirmed@city.example').execute();
    assert.equal(made.length, 0);
  });
});

describe('single sign-on matched on the provider subject', () => {
  let provider: TestOidcProvider;
  let t: TestApp;
  before(async () => {
    provider = await startOidcProvider({ redirectUri });
    provider.addPerson({ sub: 'staff-0200', email: 'someone.else@city.example', email_verified: true });
    provider.addPerson({ sub: 'staff-0201', email: 'dsl@city.example', email_verified: true });
    t = await startTestApp({ ...provider.environment, OIDC_MATCH_CLAIM: 'sub' });
    await t.db
      .updateTable('users')
      .set({ sso_subject: 'staff-0200' })
      .where('email', '=', 'dso@city.example')
      .execute();
  });
  after(async () => {
    await t?.close();
    await provider?.close();
  });

  async function signIn(accountId: string) {
    const client = new WebClient(t.app);
    const start = await client.get('/sign-in/single-sign-on');
    const callback = await signInAtProvider(String(start.headers.location), accountId);
    return { client, response: await client.get(pathOf(callback)) };
  }

  it('finds the account by sub whatever email the provider gives', async () => {
    const { client, response } = await signIn('staff-0200');
    assert.equal(response.statusCode, 303);
    assert.match((await client.get('/')).body, /Devi Okafor/);
  });

  it('does not fall back to email when no account has the subject', async () => {
    const { client, response } = await signIn('staff-0201');
    assert.equal(response.statusCode, 403);
    assert.match(response.body, /You do not have a Haven account/);
    assert.equal((await client.get('/')).statusCode, 302);
  });
});

describe('single sign-on when the provider cannot be reached', () => {
  let t: TestApp;
  before(async () => {
    // A provider that has stopped: its port no longer answers.
    const stopped = await startOidcProvider({ redirectUri });
    await stopped.close();
    t = await startTestApp(stopped.environment);
  });
  after(() => t?.close());

  it('says the sign-in service is unavailable and offers the password form meanwhile', async () => {
    const client = new WebClient(t.app);
    const response = await client.get('/sign-in/single-sign-on');
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /your council sign-in service is unavailable/);
    const event = await t.db.selectFrom('single_sign_on_events').selectAll().executeTakeFirstOrThrow();
    assert.equal(event.outcome, 'provider-unavailable');
    assert.equal((await client.signIn('dso@city.example')).statusCode, 303);
  });
});

describe('single sign-on not configured', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('offers only the password form, and its routes do not exist', async () => {
    const client = new WebClient(t.app);
    assert.doesNotMatch((await client.get('/sign-in')).body, /single-sign-on/);
    assert.equal((await client.get('/sign-in/single-sign-on')).statusCode, 404);
    assert.equal((await client.get('/sign-in/single-sign-on/callback?code=x&state=y')).statusCode, 404);
  });
});
