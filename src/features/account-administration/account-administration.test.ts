import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { verifyPassword } from '../../accounts/password.ts';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern, buildUser } from '../../../test/support/builders.ts';
import { invitationLinkFor, mailEnvironment, runMailJobs, startSmtpServer } from '../../../test/support/mail-jobs.ts';
import type { TestSmtpServer } from '../../../test/support/smtp-server.ts';
import { WebClient } from '../../../test/support/web-client.ts';

/** Time that stands still until a test moves it on (recent authentication reads the app's clock). */
function stoppedClock() {
  let now = new Date();
  return { read: () => now, advance: (minutes: number) => (now = new Date(now.getTime() + minutes * 60_000)) };
}

const newPassword = 'correct horse battery staple';

describe('account administration', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  const clock = stoppedClock();
  let admin: WebClient;
  let cityAreas: Array<{ id: string; name: string }>;

  before(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp(mailEnvironment(smtp), undefined, clock.read);
    admin = new WebClient(t.app);
    await admin.signIn('admin@city.example');
    const city = await idOf('admin@city.example');
    cityAreas = await t.db
      .selectFrom('service_areas')
      .innerJoin('users', 'users.organisation_id', 'service_areas.organisation_id')
      .select(['service_areas.id', 'service_areas.name'])
      .where('users.id', '=', city)
      .execute();
  });
  after(async () => {
    await t.close();
    await smtp.close();
  });

  const idOf = async (email: string) =>
    (await t.db.selectFrom('users').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;
  const rolesOf = async (id: string) =>
    (await t.db.selectFrom('user_roles').select('role').where('user_id', '=', id).execute()).map((r) => r.role).sort();
  const changesOf = (id: string) =>
    t.db.selectFrom('administration_changes').selectAll().where('subject_id', '=', id).orderBy('at').execute();
  const count = async (table: 'users' | 'administration_changes' | 'account_invitations' | 'user_roles') =>
    (await t.db.selectFrom(table).selectAll().execute()).length;
  const pathOf = (link: string) => new URL(link).pathname;

  async function createAccount(form: Record<string, string | string[]>) {
    await admin.get('/accounts/new');
    return admin.post('/accounts/new', form);
  }

  it('creates an account with several roles, records it without names, and emails a one-time link', async () => {
    const created = await createAccount({
      name: 'Noor Halloran',
      email: 'Noor.Halloran@city.example',
      jobTitle: 'Housing officer',
      phone: '01632 960 001',
      serviceArea: cityAreas[0]!.id,
      lineManager: await idOf('manager@city.example'),
      roles: ['dso', 'champion'],
    });
    assert.equal(created.statusCode, 303, created.body);
    const id = await idOf('noor.halloran@city.example');
    assert.equal(created.headers.location, `/accounts/${id}?created=1`);
    assert.deepEqual(await rolesOf(id), ['champion', 'dso']);
    const user = await t.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(user.password_hash, '', 'no password until the invitation is used');

    const changes = await changesOf(id);
    assert.deepEqual(
      changes.map((c) => c.action),
      ['created', 'invited'],
    );
    assert.deepEqual(JSON.parse(changes[0]!.after!), {
      roles: ['champion', 'dso'],
      serviceAreaId: cityAreas[0]!.id,
      lineManagerId: await idOf('manager@city.example'),
      hasEmployeeNumber: false,
      active: true,
    });
    for (const change of changes) assert.doesNotMatch(JSON.stringify(change), /Noor|Halloran|01632|Housing officer/);

    const invitation = await t.db
      .selectFrom('account_invitations')
      .select(['created_at', 'expires_at'])
      .where('user_id', '=', id)
      .executeTakeFirstOrThrow();
    assert.equal(Date.parse(invitation.expires_at) - Date.parse(invitation.created_at), 7 * 24 * 3_600_000);
    const jobs = await t.db.selectFrom('jobs').select('payload').where('kind', '=', 'send-invitation').execute();
    await runMailJobs(t, clock.read());
    const link = invitationLinkFor(smtp, 'noor.halloran@city.example');
    const mail = smtp.received.at(-1)!;
    assert.doesNotMatch(mail.raw, /Noor|Halloran|Designated|Champion/, 'the email carries the link only');
    const token = link.split('/').at(-1)!;
    const stored = await t.db
      .selectFrom('account_invitations')
      .select('token_hash')
      .where('user_id', '=', id)
      .execute();
    assert.ok(!JSON.stringify(stored).includes(token) && !JSON.stringify(jobs).includes(token), 'only a hash is kept');

    const account = await admin.get(`/accounts/${id}`);
    assert.match(account.body, /Invited, no password set yet/);
  });

  it('lets an invited person set a password once, and never signs in an account without one', async () => {
    const email = 'noor.halloran@city.example';
    const id = await idOf(email);
    const nobody = new WebClient(t.app);
    await nobody.get('/sign-in');
    for (const password of ['', 'anything at all'])
      assert.equal((await nobody.post('/sign-in', { email, password })).statusCode, password ? 401 : 400);

    const link = pathOf(invitationLinkFor(smtp, email));
    const invitee = new WebClient(t.app);
    assert.equal((await invitee.get(link)).statusCode, 200);
    const short = await invitee.post(link, { password: 'too short', confirmPassword: 'too short' });
    assert.equal(short.statusCode, 400);
    assert.match(short.body, /at least 12 characters/);
    const set = await invitee.post(link, { password: newPassword, confirmPassword: newPassword });
    assert.equal(set.statusCode, 200);
    assert.match(set.body, /Your password is set/);
    assert.equal((await invitee.get('/')).statusCode, 302, 'setting a password signs nobody in');

    const hash = (await t.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow())
      .password_hash;
    assert.ok(await verifyPassword(newPassword, hash));

    const again = await new WebClient(t.app).get(link);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /already been used/);
    await invitee.get('/sign-in');
    const reuse = await invitee.post(link, {
      password: 'another long password',
      confirmPassword: 'another long password',
    });
    assert.equal(reuse.statusCode, 410);
    const after = (
      await t.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow()
    ).password_hash;
    assert.equal(after, hash, 'a second use changes nothing');

    const person = new WebClient(t.app);
    const signedIn = await person.signIn(email, newPassword);
    assert.equal(signedIn.statusCode, 303);
    assert.equal((await person.get('/triage')).statusCode, 200, 'a DSO');
  });

  it('refuses an expired link and a superseded one, changing nothing', async () => {
    await createAccount({ name: 'Pat Expiring', email: 'pat.expiring@city.example', roles: 'reporter' });
    const id = await idOf('pat.expiring@city.example');
    await runMailJobs(t, clock.read());
    const first = pathOf(invitationLinkFor(smtp, 'pat.expiring@city.example'));

    await admin.get(`/accounts/${id}`);
    assert.equal((await admin.post(`/accounts/${id}/invitation`)).statusCode, 303);
    await runMailJobs(t, clock.read());
    const second = pathOf(invitationLinkFor(smtp, 'pat.expiring@city.example'));
    assert.notEqual(first, second);
    const replaced = await new WebClient(t.app).get(first);
    assert.equal(replaced.statusCode, 409);
    assert.match(replaced.body, /A newer invitation has replaced this one/);

    await t.db
      .updateTable('account_invitations')
      .set({ expires_at: new Date(clock.read().getTime() - 1000).toISOString() })
      .where('user_id', '=', id)
      .execute();
    const visitor = new WebClient(t.app);
    const expired = await visitor.get(second);
    assert.equal(expired.statusCode, 410);
    assert.match(expired.body, /This invitation has expired/);
    await visitor.get('/sign-in');
    assert.equal((await visitor.post(second, { password: newPassword, confirmPassword: newPassword })).statusCode, 410);
    const user = await t.db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(user.password_hash, '');
    assert.equal((await new WebClient(t.app).get('/invitations/not-a-real-token')).statusCode, 404);
  });

  it('refuses a role that does not exist, or references never offered, with field errors and nothing written', async () => {
    const before = await Promise.all([count('users'), count('user_roles'), count('administration_changes')]);
    const district = await t.db
      .selectFrom('service_areas')
      .innerJoin('organisations', 'organisations.id', 'service_areas.organisation_id')
      .select('service_areas.id')
      .where('organisations.name', '!=', (await orgName('admin@city.example')) ?? '')
      .executeTakeFirstOrThrow();
    const tampered = await createAccount({
      name: 'Tam Pered',
      email: 'tam@city.example',
      roles: ['reporter', 'superuser'],
    });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /Choose roles from the list/);
    assert.match(tampered.body, /value="Tam Pered"/, 'what was typed is kept');
    const elsewhere = await createAccount({
      name: 'Tam Pered',
      email: 'tam@city.example',
      roles: 'reporter',
      serviceArea: district.id,
      lineManager: await idOf('dso@district.example'),
    });
    assert.equal(elsewhere.statusCode, 400);
    assert.match(elsewhere.body, /Choose a service area from the list/);
    assert.match(elsewhere.body, /Choose a line manager from the list/);
    const taken = await createAccount({ name: 'Tam', email: 'dso@city.example', roles: 'reporter' });
    assert.match(taken.body, /Another account already uses this email address/);
    const noRole = await createAccount({ name: 'Tam', email: 'tam@city.example' });
    assert.match(noRole.body, /Choose at least one role/);

    const reporter = await idOf('reporter@city.example');
    await admin.get(`/accounts/${reporter}/roles`);
    const tamperedChange = await admin.post(`/accounts/${reporter}/roles`, { roles: ['reporter', 'root'] });
    assert.equal(tamperedChange.statusCode, 400);
    assert.match(tamperedChange.body, /Choose roles from the list/);
    assert.deepEqual(await Promise.all([count('users'), count('user_roles'), count('administration_changes')]), before);
  });

  async function orgName(email: string) {
    const row = await t.db
      .selectFrom('users')
      .innerJoin('organisations', 'organisations.id', 'users.organisation_id')
      .select('organisations.name')
      .where('users.email', '=', email)
      .executeTakeFirst();
    return row?.name;
  }

  it('refuses a line manager who is the person or reports to them', async () => {
    const manager = await idOf('manager@city.example');
    const reporter = await idOf('reporter@city.example');
    await admin.get(`/accounts/${reporter}/details`);
    // The form as the page fills it: the demo reporter's job title and phone are kept.
    const kept = await t.db
      .selectFrom('users')
      .select(['job_title', 'phone'])
      .where('id', '=', reporter)
      .executeTakeFirstOrThrow();
    const base = {
      name: 'Robin Ashby',
      email: 'reporter@city.example',
      jobTitle: kept.job_title ?? '',
      phone: kept.phone ?? '',
    };
    assert.equal(
      (await admin.post(`/accounts/${reporter}/details`, { ...base, lineManager: manager })).statusCode,
      303,
    );
    await admin.get(`/accounts/${manager}/details`);
    const loop = await admin.post(`/accounts/${manager}/details`, {
      name: 'Morgan Blake',
      email: 'manager@city.example',
      lineManager: reporter,
    });
    assert.equal(loop.statusCode, 400);
    assert.match(loop.body, /does not report to this person/);
    const self = await admin.post(`/accounts/${manager}/details`, {
      name: 'Morgan Blake',
      email: 'manager@city.example',
      lineManager: manager,
    });
    assert.equal(self.statusCode, 400);
    const [change] = (await changesOf(reporter)).filter((c) => c.action === 'changed');
    assert.ok(JSON.parse(change!.before!).serviceAreaId, 'the form left the service area empty: it is cleared');
    assert.deepEqual(JSON.parse(change!.after!), {
      roles: ['reporter'],
      serviceAreaId: null,
      lineManagerId: manager,
      hasEmployeeNumber: false,
      nameChanged: false,
      emailChanged: false,
      jobTitleChanged: false,
      phoneChanged: false,
    });
  });

  it('asks for re-authentication before roles change, after 15 minutes', async () => {
    const reporter = await idOf('reporter@city.example');
    clock.advance(16);
    const stale = await admin.get(`/accounts/${reporter}/roles`);
    assert.equal(stale.statusCode, 303);
    assert.match(String(stale.headers.location), /^\/re-authenticate\?return-to=/);
    assert.equal((await admin.post(`/accounts/${reporter}/roles`, { roles: 'dsl' })).statusCode, 303);
    assert.deepEqual(await rolesOf(reporter), ['reporter'], 'nothing changed');
    assert.equal((await admin.get('/accounts/new')).headers.location?.startsWith('/re-authenticate'), true);
    await admin.get('/re-authenticate');
    assert.equal((await admin.post('/re-authenticate', { password: 'haven-demo-password' })).statusCode, 303);
    assert.equal((await admin.get(`/accounts/${reporter}/roles`)).statusCode, 200);
  });

  it('records an administrator changing their own roles, flagged as their own', async () => {
    const self = await idOf('admin@city.example');
    await admin.get(`/accounts/${self}/roles`);
    const changed = await admin.post(`/accounts/${self}/roles`, { roles: ['administrator', 'reporter'] });
    assert.equal(changed.statusCode, 303);
    const [change] = (await changesOf(self)).filter((c) => c.action === 'roles-changed');
    assert.equal(change!.own_account, 1);
    assert.deepEqual(JSON.parse(change!.before!).roles, ['administrator']);
    assert.deepEqual(JSON.parse(change!.after!).roles, ['administrator', 'reporter']);
  });

  it('refuses to leave no administrator, by deactivation or by roles, writing nothing', async () => {
    const self = await idOf('admin@city.example');
    const before = await Promise.all([count('administration_changes'), count('user_roles')]);
    await admin.get(`/accounts/${self}/deactivate`);
    const deactivate = await admin.post(`/accounts/${self}/deactivate`, { confirm: 'yes' });
    assert.equal(deactivate.statusCode, 409);
    assert.match(deactivate.body, /This would leave no administrator/);
    await admin.get(`/accounts/${self}/roles`);
    const demote = await admin.post(`/accounts/${self}/roles`, { roles: 'reporter' });
    assert.equal(demote.statusCode, 409);
    assert.match(demote.body, /This would leave no administrator/);
    assert.deepEqual(await Promise.all([count('administration_changes'), count('user_roles')]), before);
    const user = await t.db
      .selectFrom('users')
      .select('deactivated_at')
      .where('id', '=', self)
      .executeTakeFirstOrThrow();
    assert.equal(user.deactivated_at, null);
    assert.equal((await admin.get('/accounts')).statusCode, 200, 'still signed in');
  });

  it('deactivates a person: their session ends at once, they cannot sign in, their records stay theirs', async () => {
    const email = await buildUser(t.db, 'reporter@city.example', ['reporter']);
    const id = await idOf(email);
    const concern = await buildConcern(t.db, email);
    const person = new WebClient(t.app);
    await person.signIn(email);
    assert.equal((await person.get('/concerns/mine')).statusCode, 200);

    await admin.get(`/accounts/${id}/deactivate`);
    assert.equal((await admin.post(`/accounts/${id}/deactivate`, {})).statusCode, 400, 'asks for a yes or no');
    const done = await admin.post(`/accounts/${id}/deactivate`, { confirm: 'yes' });
    assert.equal(done.statusCode, 303);
    assert.equal((await t.db.selectFrom('sessions').select('id').where('user_id', '=', id).execute()).length, 0);
    const next = await person.get('/concerns/mine');
    assert.equal(next.statusCode, 302);
    assert.equal(next.headers.location, '/sign-in');
    assert.equal((await new WebClient(t.app).signIn(email)).statusCode, 401);
    const kept = await t.db
      .selectFrom('concerns')
      .select('reporter_id')
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal(kept.reporter_id, id);

    await admin.get(`/accounts/${id}`);
    assert.equal((await admin.post(`/accounts/${id}/reactivate`, { confirm: 'yes' })).statusCode, 303);
    assert.equal((await new WebClient(t.app).signIn(email)).statusCode, 303);
    assert.deepEqual(
      (await changesOf(id)).map((c) => c.action),
      ['deactivated', 'reactivated'],
    );
  });

  it('decides each request from the roles and account as they are now, for a session already open', async () => {
    const email = await buildUser(t.db, 'dso@city.example', ['dso']);
    const id = await idOf(email);
    const person = new WebClient(t.app);
    await person.signIn(email);
    assert.equal((await person.get('/triage')).statusCode, 200);
    await t.db.updateTable('user_roles').set({ role: 'reporter' }).where('user_id', '=', id).execute();
    assert.equal((await person.get('/triage')).statusCode, 403, 'a role taken away counts at the next request');
    // Switched off with the session row still there (a race with its deletion): refused all the same.
    await t.db.updateTable('users').set({ deactivated_at: new Date().toISOString() }).where('id', '=', id).execute();
    const next = await person.get('/concerns/mine');
    assert.equal(next.statusCode, 302);
    assert.equal(next.headers.location, '/sign-in');
  });

  it('keeps to the administrator’s own organisation, and lists and filters accounts', async () => {
    const elsewhere = await idOf('dso@district.example');
    for (const path of ['', '/details', '/roles', '/deactivate'])
      assert.equal((await admin.get(`/accounts/${elsewhere}${path}`)).statusCode, 404, path);
    await admin.get('/accounts');
    assert.equal((await admin.post(`/accounts/${elsewhere}/deactivate`, { confirm: 'yes' })).statusCode, 404);
    const list = await admin.get('/accounts');
    assert.match(list.body, /Devi Okafor/);
    assert.doesNotMatch(list.body, /Kit Marlowe-Evans/);
    const filtered = await admin.post('/accounts', { name: 'okafor', role: 'dso', status: 'active' });
    assert.equal(filtered.statusCode, 200);
    assert.match(filtered.body, /Devi Okafor/);
    assert.doesNotMatch(filtered.body, /Robin Ashby/);
    const tampered = await admin.post('/accounts', { role: 'superuser' });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /Choose a role from the list/);
  });

  it('lets an administrator deactivate themself while another remains, and never leaves none when two race', async () => {
    const secondEmail = await buildUser(t.db, 'admin@city.example', ['administrator']);
    const second = await idOf(secondEmail);
    const first = await idOf('admin@city.example');
    const other = new WebClient(t.app);
    await other.signIn(secondEmail);
    await other.get(`/accounts/${second}/deactivate`);
    const self = await other.post(`/accounts/${second}/deactivate`, { confirm: 'yes' });
    assert.equal(self.statusCode, 303);
    assert.equal(self.headers.location, '/sign-in?signed-out=1');
    assert.equal((await other.get('/accounts')).statusCode, 302, 'their own session ended');

    await admin.get(`/accounts/${second}`);
    await admin.post(`/accounts/${second}/reactivate`, { confirm: 'yes' });
    await other.signIn(secondEmail);
    await other.get(`/accounts/${first}/deactivate`);
    await admin.get(`/accounts/${second}/deactivate`);
    const outcomes = await Promise.all([
      admin.post(`/accounts/${second}/deactivate`, { confirm: 'yes' }),
      other.post(`/accounts/${first}/deactivate`, { confirm: 'yes' }),
    ]);
    const active = await t.db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', [first, second])
      .where('deactivated_at', 'is', null)
      .execute();
    assert.equal(active.length, 1, `one administrator remains (${outcomes.map((o) => o.statusCode).join(', ')})`);
  });
});
