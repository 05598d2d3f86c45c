import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern, buildTriage, buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

/** Time that stands still until a test moves it on, so a code stays in its 30-second step. */
function stoppedClock() {
  let now = new Date();
  return { read: () => now, advance: (seconds: number) => (now = new Date(now.getTime() + seconds * 1000)) };
}

const secretIn = (html: string) => /id="secret">([A-Z2-7 ]+)</.exec(html)?.[1]?.replace(/ /g, '') ?? 'missing';
const recoveryCodesIn = (html: string) =>
  [...html.matchAll(/>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</g)].map((m) => m[1]!);
/** The code an authenticator app shows for this secret at this time, computed as the app would. */
const codeAt = (secret: string, timestamp: number) => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp });
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';

describe('two-factor sign-in', () => {
  let t: TestApp;
  const clock = stoppedClock();
  const secrets = new Map<string, string>();
  const recoveryCodes = new Map<string, string[]>();
  const codeFor = (email: string, offsetSteps = 0) =>
    codeAt(secrets.get(email)!, clock.read().getTime() + offsetSteps * 30_000);

  before(async () => {
    t = await startTestApp({ TWO_FACTOR_ENFORCED: 'true' }, undefined, clock.read);
  });
  after(() => t.close());

  const audited = async (action: string) =>
    (await t.db.selectFrom('audit_events').select('id').where('action', '=', action).execute()).length;

  /** Signs in with the password and answers the second-factor page. */
  async function signInWithCode(email: string, code: string) {
    const client = new WebClient(t.app);
    const password = await client.signIn(email);
    assert.equal(password.headers.location, '/sign-in/second-factor');
    await client.get('/sign-in/second-factor');
    return { client, response: await client.post('/sign-in/second-factor', { code }) };
  }

  it('sends a DSL who has not enrolled to enrolment, where nothing else is open to them', async () => {
    const client = new WebClient(t.app);
    const password = await client.signIn('dsl@city.example');
    assert.equal(password.statusCode, 303);
    assert.equal(password.headers.location, '/sign-in/set-up-second-factor');
    for (const page of ['/', '/triage', '/account', '/account/sessions']) {
      const response = await client.get(page);
      assert.equal(response.statusCode, 302, `${page} is closed`);
      assert.equal(response.headers.location, '/sign-in');
    }
    assert.equal((await client.post('/sign-out')).statusCode, 403, 'a pending session cannot post');

    const setUp = await client.get('/sign-in/set-up-second-factor');
    assert.equal(setUp.statusCode, 200);
    assert.match(setUp.body, /<svg role="img" aria-label="QR code/);
    assert.doesNotMatch(setUp.body, /not enforced/, 'no development banner where it is enforced');
    const secret = secretIn(setUp.body);
    assert.match(secret, /^[A-Z2-7]{32}$/);

    const wrong = await client.post('/sign-in/set-up-second-factor', { code: '000000' });
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /govuk-error-summary/);
    assert.match(wrong.body, /value="000000"/, 'keeps what was typed');
    assert.equal(secretIn(wrong.body), secret, 'the same secret is offered again');
    assert.equal((await t.db.selectFrom('totp_credentials').selectAll().execute()).length, 0, 'nothing written');

    const code = codeAt(secret, clock.read().getTime());
    const enrolled = await client.post('/sign-in/set-up-second-factor', { code });
    assert.equal(enrolled.statusCode, 200);
    const codes = recoveryCodesIn(enrolled.body);
    assert.equal(codes.length, 10);
    assert.equal(new Set(codes).size, 10);
    assert.equal((await client.get('/')).statusCode, 200, 'signed in once enrolled');
    secrets.set('dsl@city.example', secret);
    recoveryCodes.set('dsl@city.example', codes);

    const stored = JSON.stringify(await t.db.selectFrom('totp_credentials').selectAll().execute());
    assert.ok(!stored.includes(secret), 'the secret is stored encrypted');
    const hashes = await t.db.selectFrom('recovery_codes').select('code_hash').execute();
    assert.equal(hashes.length, 10);
    assert.ok(hashes.every((row) => row.code_hash.startsWith('scrypt$')));
    assert.ok(!codes.some((recovery) => JSON.stringify(hashes).includes(recovery.replace(/-/g, ''))));
    assert.equal(await audited('account.second-factor-enrolled'), 1);
  });

  it('signs an enrolled DSL in with a code, and refuses the same code again', async () => {
    clock.advance(30);
    const code = codeFor('dsl@city.example');
    const first = await signInWithCode('dsl@city.example', code);
    assert.equal(first.response.statusCode, 303);
    assert.equal(first.response.headers.location, '/');
    assert.equal((await first.client.get('/')).statusCode, 200);

    const again = await signInWithCode('dsl@city.example', code);
    assert.equal(again.response.statusCode, 401, 'a code works once');
    assert.match(again.response.body, /Enter the code your authenticator app shows now/);
    assert.equal((await again.client.get('/')).statusCode, 302, 'still not signed in');
    const earlier = await signInWithCode('dsl@city.example', codeFor('dsl@city.example', -1));
    assert.equal(earlier.response.statusCode, 401, 'nor one from before a used step');

    clock.advance(30);
    const next = await signInWithCode('dsl@city.example', codeFor('dsl@city.example'));
    assert.equal(next.response.statusCode, 303, 'the next step’s code works');
  });

  it('accepts a code one step either side of the server’s clock, and no further', async () => {
    clock.advance(120);
    const ahead = await signInWithCode('dsl@city.example', codeFor('dsl@city.example', 1));
    assert.equal(ahead.response.statusCode, 303);
    clock.advance(120);
    const farAhead = await signInWithCode('dsl@city.example', codeFor('dsl@city.example', 2));
    assert.equal(farAhead.response.statusCode, 401);
  });

  it('asks for a code when the field is empty', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dsl@city.example');
    await client.get('/sign-in/second-factor');
    const empty = await client.post('/sign-in/second-factor', { code: ' ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /href="#code">Enter the 6-digit code from your authenticator app/);
  });

  it('lets a recovery code sign in once', async () => {
    const [recovery] = recoveryCodes.get('dsl@city.example')!;
    const used = await signInWithCode('dsl@city.example', recovery!.toUpperCase().replace(/-/g, ' '));
    assert.equal(used.response.statusCode, 303);
    assert.equal((await used.client.get('/')).statusCode, 200);
    const again = await signInWithCode('dsl@city.example', recovery!);
    assert.equal(again.response.statusCode, 401);
    assert.equal(await audited('account.recovery-code-used'), 1);
    const unused = await t.db.selectFrom('recovery_codes').select('id').where('used_at', 'is', null).execute();
    assert.equal(unused.length, 9);
    const account = await used.client.get('/account');
    assert.match(account.body, /Recovery codes left/);
    assert.match(account.body, />\s*9\s*</);
  });

  it('throttles wrong codes per account, and never for longer than 15 minutes', async () => {
    clock.advance(60);
    const fresh = await signInWithCode('dsl@city.example', codeFor('dsl@city.example'));
    assert.equal(fresh.response.statusCode, 303, 'a success starts the count again');
    const statuses: number[] = [];
    for (let n = 0; n < 7; n++) {
      statuses.push((await signInWithCode('dsl@city.example', String(100000 + n))).response.statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 429, 429]);
    const refused = await signInWithCode('dsl@city.example', codeFor('dsl@city.example'));
    assert.equal(refused.response.statusCode, 429, 'the right code is refused while throttled');
    assert.match(refused.response.body, /Wait \d+ seconds?, then try again/);
    assert.ok(Number(refused.response.headers['retry-after']) >= 1);
    assert.equal(await audited('account.second-factor-throttled'), 3);

    await t.db.updateTable('sign_in_throttles').set({ failures: 80 }).where('key', 'like', 'second-factor:%').execute();
    const waiting = await signInWithCode('dsl@city.example', codeFor('dsl@city.example'));
    assert.ok(Number(waiting.response.headers['retry-after']) <= 15 * 60, 'at most 15 minutes');
    clock.advance(15 * 60);
    const after = await signInWithCode('dsl@city.example', codeFor('dsl@city.example'));
    assert.equal(after.response.statusCode, 303, 'the real person gets in once the wait is over');
    const rows = JSON.stringify(await t.db.selectFrom('sign_in_throttles').selectAll().execute());
    assert.ok(!rows.includes('dsl@city.example'));
  });

  it('lets a reporter choose to enrol, after which they are asked for a code', async () => {
    const client = new WebClient(t.app);
    const password = await client.signIn('reporter@city.example');
    assert.equal(password.headers.location, '/', 'optional for a reporter');
    const account = await client.get('/account');
    assert.match(account.body, /Not set up/);
    const setUp = await client.get('/account/two-factor');
    assert.equal(setUp.statusCode, 200);
    const secret = secretIn(setUp.body);
    const enrolled = await client.post('/account/two-factor', {
      code: codeAt(secret, clock.read().getTime()),
    });
    assert.equal(enrolled.statusCode, 200);
    assert.equal(recoveryCodesIn(enrolled.body).length, 10);
    secrets.set('reporter@city.example', secret);
    clock.advance(30);
    const next = await signInWithCode('reporter@city.example', codeFor('reporter@city.example'));
    assert.equal(next.response.statusCode, 303);
  });

  it('asks for proof again before lifting a restriction, 15 minutes after the last one', async () => {
    clock.advance(30);
    const { client } = await signInWithCode('dsl@city.example', codeFor('dsl@city.example'));
    const concern = await buildConcern(t.db, 'reporter@city.example');
    await buildTriage(t.db, concern.id);
    const restrictPage = await client.get(`/concerns/${concern.id}/restrict`);
    const restricted = await client.post(`/concerns/${concern.id}/restrict`, {
      reason: 'Allegation against a member of staff',
      version: versionIn(restrictPage.body),
    });
    assert.equal(restricted.statusCode, 303);
    const liftUrl = `/concerns/${concern.id}/lift-restriction`;
    const form = await client.get(liftUrl);
    assert.equal(form.statusCode, 200, 'proved within 15 minutes: the form');

    clock.advance(16 * 60);
    const stale = await client.post(liftUrl, { reason: 'Investigated', version: versionIn(form.body) });
    assert.equal(stale.statusCode, 303);
    assert.equal(stale.headers.location, `/re-authenticate?return-to=${encodeURIComponent(liftUrl)}`);
    const row = await t.db.selectFrom('concerns').select('restricted').where('id', '=', concern.id).executeTakeFirst();
    assert.equal(Number(row?.restricted), 1, 'nothing was lifted');
    assert.equal((await client.get(liftUrl)).statusCode, 303, 'the form too asks for proof first');

    const page = await client.get(stale.headers.location);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Confirm it is you/);
    assert.match(page.body, /name="code"/, 'someone with an app proves it with a code');
    const wrong = await client.post('/re-authenticate', { code: '123456', 'return-to': liftUrl });
    assert.equal(wrong.statusCode, 401);
    const proved = await client.post('/re-authenticate', {
      code: codeFor('dsl@city.example'),
      'return-to': liftUrl,
    });
    assert.equal(proved.statusCode, 303);
    assert.equal(proved.headers.location, liftUrl);
    const again = await client.get(liftUrl);
    assert.equal(again.statusCode, 200);
    const lifted = await client.post(liftUrl, { reason: 'Investigated', version: versionIn(again.body) });
    assert.equal(lifted.statusCode, 303);
    assert.equal(lifted.headers.location, `/concerns/${concern.id}`);
  });

  it('asks someone without an app for their password again, and returns only to Haven’s own pages', async () => {
    const client = new WebClient(t.app);
    await client.signIn('dso@city.example');
    clock.advance(16 * 60);
    const stale = await client.get('/account/two-factor');
    assert.equal(stale.statusCode, 303);
    const page = await client.get(stale.headers.location!);
    assert.match(page.body, /name="password"/);
    const wrong = await client.post('/re-authenticate', { password: 'wrong', 'return-to': '/account/two-factor' });
    assert.equal(wrong.statusCode, 401);
    assert.match(wrong.body, /Enter your correct password/);
    const elsewhere = await client.post('/re-authenticate', {
      password: 'haven-demo-password',
      'return-to': '//evil.example/',
    });
    assert.equal(elsewhere.headers.location, '/');
    assert.equal((await client.get('/account/two-factor')).statusCode, 200);
  });

  it('judges the second factor on every role a person holds, not the first one', async () => {
    // Each of these holds a role that needs a second factor beside one that does not.
    for (const email of ['coordinator-dso@city.example', 'head-of-service@city.example', 'hbi@city.example']) {
      const password = await new WebClient(t.app).signIn(email);
      assert.equal(password.headers.location, '/sign-in/set-up-second-factor', email);
    }
    const hbiOnly = await buildUser(t.db, 'reporter@city.example', ['head_of_business_improvement']);
    assert.equal((await new WebClient(t.app).signIn(hbiOnly)).headers.location, '/sign-in/set-up-second-factor');
    const championManager = await new WebClient(t.app).signIn('champion-manager@city.example');
    assert.equal(championManager.headers.location, '/', 'a Champion who is a line manager may choose');
  });
});

describe('your sessions', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const handlesIn = (html: string) => [...html.matchAll(/name="session" value="([^"]+)"/g)].map((m) => m[1]!);
  const firefox = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0';

  it('says on every page when two-factor sign-in is not enforced, and lets a DSL in without it', async () => {
    const client = new WebClient(t.app);
    const password = await client.signIn('dsl@city.example');
    assert.equal(password.headers.location, '/');
    assert.match((await client.get('/')).body, /Two-factor sign-in is not enforced here/);
    assert.match((await client.get('/sign-in')).body, /Two-factor sign-in is not enforced here/);
  });

  it('shows a person where they are signed in, and ends another of their sessions', async () => {
    const laptop = new WebClient(t.app);
    await laptop.signIn('dso@city.example');
    const phone = new WebClient(t.app);
    await phone.get('/sign-in');
    await phone.post(
      '/sign-in',
      { email: 'dso@city.example', password: 'haven-demo-password' },
      { headers: { 'user-agent': firefox } },
    );
    assert.equal((await phone.get('/')).statusCode, 200);

    const page = await laptop.get('/account/sessions');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Firefox on Windows/);
    assert.match(page.body, /This session/);
    const handles = handlesIn(page.body);
    assert.equal(handles.length, 2);
    const ids = (await t.db.selectFrom('sessions').select('id').execute()).map((row) => row.id);
    assert.ok(!ids.some((id) => page.body.includes(id)), 'no session id in the page');
    assert.ok(!page.body.includes('127.0.0.1'), 'no address');

    const phoneRow = /Firefox on Windows[\s\S]*?name="session" value="([^"]+)"/.exec(page.body)![1]!;
    const ended = await laptop.post('/account/sessions/end', { session: phoneRow });
    assert.equal(ended.statusCode, 303);
    assert.equal(ended.headers.location, '/account/sessions?ended=1');
    assert.equal((await phone.get('/')).statusCode, 302, 'the phone is signed out');
    assert.equal((await laptop.get('/')).statusCode, 200, 'the laptop is not');
    const again = await laptop.post('/account/sessions/end', { session: phoneRow });
    assert.equal(again.statusCode, 404, 'already ended');
  });

  it('does not let a person end someone else’s session, but lets an administrator', async () => {
    const reporter = new WebClient(t.app);
    await reporter.signIn('reporter@city.example');
    const dso = new WebClient(t.app);
    await dso.signIn('dso@city.example');
    const admin = new WebClient(t.app);
    await admin.signIn('admin@city.example');

    const reporterHandle = handlesIn((await reporter.get('/account/sessions')).body)[0]!;
    await dso.get('/account/sessions');
    assert.equal((await dso.post('/account/sessions/end', { session: reporterHandle })).statusCode, 404);
    assert.equal((await dso.get('/sessions')).statusCode, 403);
    assert.equal((await reporter.get('/')).statusCode, 200);

    const everyone = await admin.get('/sessions');
    assert.equal(everyone.statusCode, 200);
    assert.match(everyone.body, /Sessions in your organisation/);
    assert.ok(everyone.body.includes(reporterHandle));
    const ended = await admin.post('/sessions/end', { session: reporterHandle });
    assert.equal(ended.statusCode, 303);
    assert.equal((await reporter.get('/')).statusCode, 302, 'the reporter is signed out');
    const audit = await t.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'account.session-ended')
      .execute();
    assert.equal(audit.length, 2);
    assert.equal(audit.at(-1)!.subject_type, 'account');
  });

  it('signs a person out when they end their own current session', async () => {
    const client = new WebClient(t.app);
    await client.signIn('champion@city.example');
    const page = await client.get('/account/sessions');
    const current = /This session[\s\S]*?name="session" value="([^"]+)"/.exec(page.body)![1]!;
    const ended = await client.post('/account/sessions/end', { session: current });
    assert.equal(ended.headers.location, '/sign-in?signed-out=1');
    assert.equal((await client.get('/')).statusCode, 302);
  });

  it('refuses a tampered form with a reason, never a 500', async () => {
    const client = new WebClient(t.app);
    await client.signIn('reporter@city.example');
    await client.get('/account/sessions');
    assert.equal((await client.post('/account/sessions/end', {})).statusCode, 400);
    assert.equal((await client.post('/account/sessions/end', { session: 'x'.repeat(500) })).statusCode, 400);
    assert.equal((await client.post('/account/sessions/end', { session: ['a', 'b'] })).statusCode, 400);
  });
});
