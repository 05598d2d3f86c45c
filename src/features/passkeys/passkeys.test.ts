import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { SoftwareAuthenticator } from '../../../test/support/software-authenticator.ts';
import { WebClient } from '../../../test/support/web-client.ts';

/** Time that stands still until a test moves it on. */
function stoppedClock() {
  let now = new Date();
  return { read: () => now, advance: (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000)) };
}

describe('passkeys', () => {
  let t: TestApp;
  const clock = stoppedClock();
  // One device per person; Haven's origin (HAVEN_BASE_URL's default) is http://localhost:3000.
  const reporterDevice = new SoftwareAuthenticator();
  const dslDevice = new SoftwareAuthenticator();

  before(async () => {
    t = await startTestApp({ TWO_FACTOR_ENFORCED: 'true' }, undefined, clock.read);
  });
  after(() => t.close());

  const userId = async (email: string) =>
    (await t.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const audited = async (action: string, email: string) =>
    (
      await t.db
        .selectFrom('audit_events')
        .select('id')
        .where('action', '=', action)
        .where('subject_id', '=', await userId(email))
        .execute()
    ).length;
  const passkeysOf = async (email: string) =>
    t.db
      .selectFrom('passkey_credentials')
      .selectAll()
      .where('user_id', '=', await userId(email))
      .execute();

  /** The options the page's script would ask for (the challenge is then kept in the session). */
  async function optionsFrom(client: WebClient, url: string) {
    const response = await client.get(url);
    assert.equal(response.statusCode, 200, `${url} gives options`);
    assert.match(String(response.headers['content-type']), /application\/json/);
    assert.equal(response.headers['cache-control'], 'no-store');
    return response.json();
  }

  /** Starts "Sign in with a passkey" on a fresh client, as someone on the sign-in page. */
  async function passkeySignInOptions() {
    const client = new WebClient(t.app);
    const page = await client.get('/sign-in');
    assert.match(page.body, /data-passkey="get"/, 'the sign-in page offers a passkey');
    const options = await optionsFrom(client, '/sign-in/passkey');
    assert.deepEqual(options.allowCredentials ?? [], [], 'no account is named before the passkey answers');
    assert.equal(options.userVerification, 'required');
    return { client, options };
  }

  it('lets a reporter add a named passkey from their account, and lists it', async () => {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    const account = await client.get('/account');
    assert.match(account.body, /href="\/account\/passkeys"/);
    const page = await client.get('/account/passkeys');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You have no passkeys/);
    assert.match(page.body, /<form[^>]*data-passkey="create"[^>]*hidden/, 'hidden until the script shows it');

    const unnamed = await client.post('/account/passkeys', { name: '  ', credential: '' });
    assert.equal(unnamed.statusCode, 400);
    assert.match(unnamed.body, /govuk-error-summary/);
    assert.match(unnamed.body, /Enter a name for your passkey/);

    const options = await optionsFrom(client, '/account/passkeys/options');
    assert.equal(options.authenticatorSelection.residentKey, 'required');
    assert.equal(options.authenticatorSelection.userVerification, 'required');
    assert.equal(options.rp.id, 'localhost');
    const attestation = reporterDevice.create(options);
    const added = await client.post('/account/passkeys', {
      name: 'Work laptop',
      credential: JSON.stringify(attestation),
    });
    assert.equal(added.statusCode, 303);
    assert.equal(added.headers.location, '/account/passkeys');
    const listed = await client.get('/account/passkeys');
    assert.match(listed.body, /Work laptop/);
    const [stored] = await passkeysOf('reporter@city.example');
    assert.equal(stored?.id, attestation.id);
    assert.equal(stored?.counter, 0);
    assert.equal(await audited('account.passkey-registered', 'reporter@city.example'), 1);
    assert.doesNotMatch(listed.body, new RegExp(attestation.id), 'the credential id stays out of the page');

    const again = await optionsFrom(client, '/account/passkeys/options');
    assert.deepEqual(
      again.excludeCredentials.map((c: { id: string }) => c.id),
      [attestation.id],
      'the same device is not offered twice',
    );
  });

  it('refuses a registration for another site or another challenge, keeping nothing', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    await client.get('/account/passkeys');
    const device = new SoftwareAuthenticator();
    const before = await audited('account.passkey-registration-failed', 'dso@city.example');

    const foreign = device.create(await optionsFrom(client, '/account/passkeys/options'), {
      origin: 'https://evil.example',
    });
    const wrongOrigin = await client.post('/account/passkeys', { name: 'Phone', credential: JSON.stringify(foreign) });
    assert.equal(wrongOrigin.statusCode, 401);

    const forged = device.create(await optionsFrom(client, '/account/passkeys/options'), {
      challenge: Buffer.from('not the challenge').toString('base64url'),
    });
    const wrongChallenge = await client.post('/account/passkeys', {
      name: 'Phone',
      credential: JSON.stringify(forged),
    });
    assert.equal(wrongChallenge.statusCode, 401);

    assert.equal((await passkeysOf('dso@city.example')).length, 0, 'nothing kept');
    assert.equal(await audited('account.passkey-registration-failed', 'dso@city.example'), before + 2);
  });

  it('signs a reporter in with their passkey alone, and audits it', async () => {
    const { client, options } = await passkeySignInOptions();
    const assertion = reporterDevice.get(options);
    const signedIn = await client.post('/sign-in/passkey', { credential: JSON.stringify(assertion) });
    assert.equal(signedIn.statusCode, 303);
    assert.equal(signedIn.headers.location, '/');
    assert.equal((await client.get('/')).statusCode, 200);
    assert.equal(await audited('account.passkey-used', 'reporter@city.example'), 1);
    const [stored] = await passkeysOf('reporter@city.example');
    assert.equal(stored?.counter, 1, 'the counter moved on');
    assert.ok(stored?.last_used_at);

    // The same answer again, in a new session or the same one: its challenge was used.
    const replay = await passkeySignInOptions();
    const replayed = await replay.client.post('/sign-in/passkey', { credential: JSON.stringify(assertion) });
    assert.equal(replayed.statusCode, 401);
    assert.equal((await replay.client.get('/')).statusCode, 302, 'not signed in');
  });

  it('refuses an answer to another challenge or from another site, and audits each', async () => {
    const before = await audited('account.passkey-failed', 'reporter@city.example');
    const forgedChallenge = await passkeySignInOptions();
    const wrongChallenge = reporterDevice.get(forgedChallenge.options, undefined, {
      challenge: Buffer.from('a challenge Haven never gave').toString('base64url'),
    });
    const refused = await forgedChallenge.client.post('/sign-in/passkey', {
      credential: JSON.stringify(wrongChallenge),
    });
    assert.equal(refused.statusCode, 401);
    assert.match(refused.body, /Your passkey was not accepted/);
    assert.equal((await forgedChallenge.client.get('/')).statusCode, 302);

    const foreign = await passkeySignInOptions();
    const wrongOrigin = reporterDevice.get(foreign.options, undefined, { origin: 'https://evil.example' });
    assert.equal(
      (await foreign.client.post('/sign-in/passkey', { credential: JSON.stringify(wrongOrigin) })).statusCode,
      401,
    );

    // No challenge asked for in this session at all.
    const unasked = new WebClient(t.app);
    await unasked.get('/sign-in');
    const stale = reporterDevice.get(foreign.options);
    assert.equal((await unasked.post('/sign-in/passkey', { credential: JSON.stringify(stale) })).statusCode, 401);

    // Without user verification a passkey is one factor only.
    const unverified = await passkeySignInOptions();
    const noPin = reporterDevice.get(unverified.options, undefined, { userVerified: false });
    assert.equal(
      (await unverified.client.post('/sign-in/passkey', { credential: JSON.stringify(noPin) })).statusCode,
      401,
    );

    assert.equal(await audited('account.passkey-failed', 'reporter@city.example'), before + 4);
  });

  it('refuses a signature counter that did not move on (a cloned or replayed authenticator)', async () => {
    const [stored] = await passkeysOf('reporter@city.example');
    const before = await audited('account.passkey-failed', 'reporter@city.example');
    const { client, options } = await passkeySignInOptions();
    const cloned = reporterDevice.get(options, undefined, { counter: Number(stored!.counter) });
    assert.equal((await client.post('/sign-in/passkey', { credential: JSON.stringify(cloned) })).statusCode, 401);
    assert.equal(await audited('account.passkey-failed', 'reporter@city.example'), before + 1);
    assert.equal(Number((await passkeysOf('reporter@city.example'))[0]!.counter), Number(stored!.counter));
  });

  it('lets only one of two requests carrying the same answer at once through', async () => {
    const { client, options } = await passkeySignInOptions();
    const credential = JSON.stringify(reporterDevice.get(options));
    // When both read the session (and its challenge) before either writes, the counter decides
    // (401); when one finishes first, it has replaced the session the other carries (403). Either
    // way exactly one gets through.
    const answers = await Promise.all([
      client.post('/sign-in/passkey', { credential }),
      client.post('/sign-in/passkey', { credential }),
    ]);
    const [through, refused] = answers.map((answer) => answer.statusCode).sort();
    assert.equal(through, 303);
    assert.ok(refused === 401 || refused === 403, `the other is refused, not ${refused}`);
  });

  it('refuses a passkey Haven does not know, and a malformed answer, without a server error', async () => {
    const { client, options } = await passkeySignInOptions();
    const stranger = new SoftwareAuthenticator();
    stranger.create({ challenge: 'x', rp: {}, user: { id: 'someone' } });
    assert.equal(
      (await client.post('/sign-in/passkey', { credential: JSON.stringify(stranger.get(options)) })).statusCode,
      401,
    );
    for (const credential of [
      '',
      '{',
      '[]',
      '{"id":"x"}',
      JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: {} }),
    ]) {
      const response = await client.post('/sign-in/passkey', { credential });
      assert.equal(response.statusCode, 400, `malformed: ${credential}`);
    }
    const half = JSON.stringify({ id: 'x', rawId: 'x', type: 'public-key', response: { clientDataJSON: 'e30' } });
    await client.get('/sign-in/passkey');
    assert.equal((await client.post('/sign-in/passkey', { credential: half })).statusCode, 401);
  });

  it('lets a DSL make a passkey instead of an authenticator app, then use it after their password', async () => {
    const client = new WebClient(t.app);
    const password = await client.signIn('dsl@city.example');
    assert.equal(password.headers.location, '/sign-in/set-up-second-factor');
    const setUp = await client.get('/sign-in/set-up-second-factor');
    assert.match(setUp.body, /action="\/sign-in\/set-up-second-factor\/passkey"/);
    const options = await optionsFrom(client, '/sign-in/set-up-second-factor/passkey');
    const made = await client.post('/sign-in/set-up-second-factor/passkey', {
      credential: JSON.stringify(dslDevice.create(options)),
    });
    assert.equal(made.statusCode, 303);
    assert.equal(made.headers.location, '/');
    assert.equal((await client.get('/triage')).statusCode, 200, 'signed in with the passkey as their second factor');
    assert.equal((await passkeysOf('dsl@city.example')).length, 1);
    assert.equal((await t.db.selectFrom('totp_credentials').selectAll().execute()).length, 0);

    // Next time: password, then the passkey instead of a code.
    const next = new WebClient(t.app);
    assert.equal((await next.signIn('dsl@city.example')).headers.location, '/sign-in/second-factor');
    const page = await next.get('/sign-in/second-factor');
    assert.match(page.body, /Use your passkey/);
    assert.doesNotMatch(page.body, /name="code"/, 'no code box for someone with no app');
    const challenge = await optionsFrom(next, '/sign-in/second-factor/passkey');
    assert.deepEqual(
      challenge.allowCredentials.map((c: { id: string }) => c.id),
      [...dslDevice.passkeys.keys()],
    );

    // Another person's passkey does not stand for the DSL's.
    const before = await audited('account.passkey-failed', 'dsl@city.example');
    const someoneElses = reporterDevice.get(challenge);
    const refused = await next.post('/sign-in/second-factor/passkey', { credential: JSON.stringify(someoneElses) });
    assert.equal(refused.statusCode, 401);
    assert.equal(await audited('account.passkey-failed', 'dsl@city.example'), before + 1);
    assert.equal((await next.get('/triage')).statusCode, 302);

    const own = dslDevice.get(await optionsFrom(next, '/sign-in/second-factor/passkey'));
    const accepted = await next.post('/sign-in/second-factor/passkey', { credential: JSON.stringify(own) });
    assert.equal(accepted.statusCode, 303);
    assert.equal((await next.get('/triage')).statusCode, 200);
  });

  it('lets a passkey prove it is you again before removing a passkey, which is audited', async () => {
    const client = new WebClient(t.app);
    const { options } = await (async () => {
      await client.get('/sign-in');
      return { options: await optionsFrom(client, '/sign-in/passkey') };
    })();
    await client.post('/sign-in/passkey', { credential: JSON.stringify(reporterDevice.get(options)) });
    clock.advance(16);
    const stale = await client.get('/account/passkeys');
    assert.equal(stale.statusCode, 303);
    assert.equal(stale.headers.location, '/re-authenticate?return-to=%2Faccount%2Fpasskeys');
    assert.equal(
      (await client.get('/account/passkeys/options')).statusCode,
      403,
      'no registration without a recent proof',
    );
    const reference = /\/account\/passkeys\/([A-Za-z0-9_-]+)\/remove/;
    const reAuthenticate = await client.get('/re-authenticate?return-to=/account/passkeys');
    assert.match(reAuthenticate.body, /action="\/re-authenticate\/passkey"/);
    const proof = reporterDevice.get(await optionsFrom(client, '/re-authenticate/passkey'));
    const proved = await client.post('/re-authenticate/passkey', {
      credential: JSON.stringify(proof),
      'return-to': '/account/passkeys',
    });
    assert.equal(proved.statusCode, 303);
    assert.equal(proved.headers.location, '/account/passkeys');

    const page = await client.get('/account/passkeys');
    const passkeyRef = reference.exec(page.body)?.[1];
    assert.ok(passkeyRef, 'each passkey has a remove link');
    assert.equal((await client.get(`/account/passkeys/${passkeyRef}/remove`)).statusCode, 200);
    const removed = await client.post(`/account/passkeys/${passkeyRef}/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal((await passkeysOf('reporter@city.example')).length, 0);
    assert.equal(await audited('account.passkey-removed', 'reporter@city.example'), 1);

    // A DSL's passkey cannot be removed by naming it from the reporter's session.
    const dslPasskey = (await passkeysOf('dsl@city.example'))[0]!;
    const { passkeyReference } = await import('./passkeys.queries.ts');
    assert.equal((await client.post(`/account/passkeys/${passkeyReference(dslPasskey.id)}/remove`)).statusCode, 404);
    assert.equal((await passkeysOf('dsl@city.example')).length, 1);
  });

  it('refuses a switched-off account its passkey, and audits the attempt', async () => {
    const device = new SoftwareAuthenticator();
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    await client.get('/account/passkeys');
    await client.post('/account/passkeys', {
      name: 'Phone',
      credential: JSON.stringify(device.create(await optionsFrom(client, '/account/passkeys/options'))),
    });
    await t.db
      .updateTable('users')
      .set({ deactivated_at: clock.read().toISOString() })
      .where('id', '=', await userId('dso@city.example'))
      .execute();
    const { client: visitor, options } = await passkeySignInOptions();
    const refused = await visitor.post('/sign-in/passkey', { credential: JSON.stringify(device.get(options)) });
    assert.equal(refused.statusCode, 403);
    assert.match(refused.body, /switched off/);
    assert.equal((await visitor.get('/')).statusCode, 302);
    assert.equal(await audited('account.passkey-refused-deactivated', 'dso@city.example'), 1);
  });

  it('keeps no passkey for an account switched off between its password and making the passkey', async () => {
    const client = new WebClient(t.app);
    assert.equal((await client.signIn('coordinator@city.example')).headers.location, '/sign-in/set-up-second-factor');
    await client.get('/sign-in/set-up-second-factor');
    const options = await optionsFrom(client, '/sign-in/set-up-second-factor/passkey');
    await t.db
      .updateTable('users')
      .set({ deactivated_at: clock.read().toISOString() })
      .where('id', '=', await userId('coordinator@city.example'))
      .execute();
    const credential = JSON.stringify(new SoftwareAuthenticator().create(options));
    const refused = await client.post('/sign-in/set-up-second-factor/passkey', { credential });
    assert.equal(refused.statusCode, 403);
    assert.equal((await passkeysOf('coordinator@city.example')).length, 0);
    assert.equal(await audited('account.passkey-refused-deactivated', 'coordinator@city.example'), 1);
  });

  it('keeps credential ids and keys out of the audit trail', async () => {
    const rows = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', 'like', 'account.passkey%')
      .execute();
    assert.ok(rows.length > 5);
    const ids = (await t.db.selectFrom('passkey_credentials').select(['id', 'public_key']).execute()).flatMap((r) => [
      r.id,
      r.public_key,
    ]);
    const trail = JSON.stringify(rows);
    for (const id of ids) assert.ok(!trail.includes(id));
  });
});

describe('passkeys where Haven has an IP address', () => {
  it('are not offered, because WebAuthn refuses an IP address as the relying party', async () => {
    const t = await startTestApp({ HAVEN_BASE_URL: 'http://127.0.0.1:3000' });
    try {
      const client = new WebClient(t.app);
      const page = await client.get('/sign-in');
      assert.doesNotMatch(page.body, /data-passkey/);
      assert.equal((await client.get('/sign-in/passkey')).statusCode, 404);
    } finally {
      await t.close();
    }
  });
});
