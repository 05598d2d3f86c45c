import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { maxImportBytes } from './import-file.ts';

const csv = (text: string, bom = true) => ({
  name: 'hr-export.csv',
  type: 'text/csv',
  bytes: Buffer.concat([Buffer.from(bom ? [0xef, 0xbb, 0xbf] : []), Buffer.from(text, 'utf8')]),
});
const header = 'Employee No,Name,Email,Job title,Department,Manager,Status';
const mapping = {
  employeeNumber: '0',
  name: '1',
  email: '2',
  jobTitle: '3',
  serviceArea: '4',
  lineManager: '5',
  leaver: '6',
};

describe('importing accounts from an HR export', () => {
  let t: TestApp;
  let admin: WebClient;
  let leaverEmail: string;
  before(async () => {
    t = await startTestApp();
    admin = new WebClient(t.app);
    await admin.signIn('admin@city.example');
    leaverEmail = await buildUser(t.db, 'reporter@city.example', ['champion']);
  });
  after(() => t.close());

  const count = async (table: 'users' | 'administration_changes' | 'user_roles' | 'account_invitations' | 'jobs') =>
    (await t.db.selectFrom(table).selectAll().execute()).length;
  const user = (email: string) => t.db.selectFrom('users').selectAll().where('email', '=', email).executeTakeFirst();

  async function upload(file: ReturnType<typeof csv>) {
    await admin.get('/accounts/import');
    return admin.postFile('/accounts/import', {}, file);
  }

  const file = () =>
    csv(
      [
        header,
        'E100,Ada Ng,ada@city.example,Housing officer,Housing Services,,Active',
        'E101,Ben Ode,ben@city.example,,housing services,E100,',
        'E102,"=HYPERLINK(""http://evil.example"")",c@city.example,,,,',
        'E103,Dee Missing,,,,,',
        'E104,Eve Twice,ADA@city.example,,,,',
        'E105,Fay Far,fay@city.example,,Nowhere Department,,',
        `E200,Robin Ashby,reporter@city.example,Caseworker,Housing Services,,Current`,
        `E300,Leaving Person,${leaverEmail},,,,Leaver`,
        'E106,Gus Later,gus@city.example,,,,2099-01-31',
        'E107,Hal Loop,hal@city.example,,,E108,',
        'E108,Ivy Loop,ivy@city.example,,,E107,',
      ].join('\r\n'),
    );

  it('previews every row, problems by line number, and writes nothing until confirmed', async () => {
    const leaver = new WebClient(t.app);
    await leaver.signIn(leaverEmail);
    const before = await Promise.all([count('users'), count('administration_changes'), count('user_roles')]);
    const uploaded = await upload(file());
    assert.equal(uploaded.statusCode, 303, uploaded.body);
    assert.equal(uploaded.headers.location, '/accounts/import/columns');
    const columns = await admin.get('/accounts/import/columns');
    assert.equal(columns.statusCode, 200);
    assert.match(columns.body, /<option value="0" selected>Employee No<\/option>/, 'the guess is offered');
    assert.equal((await admin.post('/accounts/import/columns', mapping)).statusCode, 303);

    const preview = await admin.get('/accounts/import/preview');
    assert.equal(preview.statusCode, 200);
    const body = preview.body;
    const problemRow = (line: number, text: RegExp) =>
      assert.match(
        body,
        new RegExp(`<td class="govuk-table__cell">${line}</td><td class="govuk-table__cell">${text.source}`),
      );
    problemRow(4, /Full name starts with = \+ - or @/);
    problemRow(5, /The email address is missing/);
    problemRow(6, /The same person as line 2/);
    problemRow(7, /There is no service area called “Nowhere Department”/);
    problemRow(11, /The line manager reports to this person/);
    problemRow(12, /The line manager reports to this person/);
    assert.doesNotMatch(body, /HYPERLINK/, 'a formula cell is never shown or kept');
    assert.match(body, /3 to create, 1 to update, 1 to deactivate, 0 unchanged, 6 with problems/);
    assert.deepEqual(await Promise.all([count('users'), count('administration_changes'), count('user_roles')]), before);
    assert.equal((await leaver.get('/concerns/mine')).statusCode, 200, 'the leaver is still signed in');

    await admin.get('/accounts/import/preview');
    const confirmed = await admin.post('/accounts/import/confirm', {});
    assert.equal(confirmed.statusCode, 303);
    assert.equal(confirmed.headers.location, '/accounts?imported=1');
    assert.match((await admin.get('/accounts?imported=1')).body, /3 created, 1 updated, 1 deactivated/);

    const ada = (await user('ada@city.example'))!;
    const ben = (await user('ben@city.example'))!;
    assert.equal(ben.line_manager_id, ada.id, 'a new account managed by another new one');
    assert.equal(ada.employee_number, 'E100');
    assert.equal(ada.password_hash, '');
    const roles = await t.db.selectFrom('user_roles').select('role').where('user_id', '=', ada.id).execute();
    assert.deepEqual(roles, [{ role: 'reporter' }]);
    assert.equal((await user('gus@city.example'))?.deactivated_at, null, 'a future end date is not a leaver yet');
    const robin = (await user('reporter@city.example'))!;
    assert.equal(robin.job_title, 'Caseworker');
    assert.equal(robin.employee_number, 'E200');
    assert.ok((await user(leaverEmail))!.deactivated_at, 'the leaver is deactivated');
    assert.equal((await leaver.get('/concerns/mine')).statusCode, 302, 'and their session has ended');
    for (const email of ['c@city.example', 'fay@city.example', 'hal@city.example', 'ivy@city.example'])
      assert.equal(await user(email), undefined, `${email} had a problem`);
    assert.equal(await count('account_invitations'), 0, 'no invitations unless asked');
    const imported = await t.db
      .selectFrom('administration_changes')
      .select(['action', 'before', 'after'])
      .where('action', 'in', ['imported', 'left (HR import)'])
      .execute();
    assert.equal(imported.length, 5);
    assert.doesNotMatch(JSON.stringify(imported), /Ada|Ashby|Caseworker|city\.example/);
  });

  it('updates rather than duplicates on a second import, matching by employee number', async () => {
    const users = await count('users');
    await upload(
      csv(
        [
          header,
          'E100,Ada Ng-Smith,ada.ngsmith@city.example,Housing officer,Housing Services,,Active',
          'E101,Ben Ode,ben@city.example,,Housing Services,E100,',
          'E109,Jo New,jo@city.example,,,,',
        ].join('\n'),
        false,
      ),
    );
    await admin.get('/accounts/import/columns');
    await admin.post('/accounts/import/columns', mapping);
    const preview = await admin.get('/accounts/import/preview');
    assert.match(preview.body, /1 to create, 1 to update, 0 to deactivate, 1 unchanged, 0 with problems/);
    assert.match(preview.body, /name, email/);
    assert.equal((await admin.post('/accounts/import/confirm', { sendInvitations: 'yes' })).statusCode, 303);
    assert.equal(await count('users'), users + 1);
    assert.equal((await user('ada.ngsmith@city.example'))?.employee_number, 'E100');
    assert.equal(await user('ada@city.example'), undefined);
    const invited = await t.db
      .selectFrom('account_invitations')
      .innerJoin('users', 'users.id', 'account_invitations.user_id')
      .select('users.email')
      .execute();
    assert.deepEqual(invited, [{ email: 'jo@city.example' }], 'only the new account, as asked');
    assert.equal((await admin.get('/accounts/import/preview')).headers.location, '/accounts/import', 'used up');
  });

  it('refuses a file that is not UTF-8, not CSV or too large, with a clear page and nothing kept', async () => {
    const windows1252 = {
      name: 'hr.csv',
      type: 'text/csv',
      bytes: Buffer.from('Name,Email\nJos\xe9 Pe\xf1a,jose@city.example\n', 'latin1'),
    };
    const wrong = await upload(windows1252);
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /The file is not UTF-8 text/);
    const utf16 = await upload({
      name: 'hr.csv',
      type: 'text/csv',
      bytes: Buffer.from('\ufeffName,Email\n', 'utf16le'),
    });
    assert.match(utf16.body, /saved as UTF-16/);
    const unclosed = await upload(csv('Name,Email\n"Unclosed,a@city.example\n'));
    assert.equal(unclosed.statusCode, 400);
    assert.match(unclosed.body, /could not be read as CSV/);
    const headerOnly = await upload(csv('Name,Email\n'));
    assert.match(headerOnly.body, /no people in it/);

    const large = await upload(csv(`${header}\n${'E1,A,a@city.example,,,,\n'.repeat(120_000)}`));
    assert.equal(large.statusCode, 413);
    assert.match(large.body, /The file is too large/);
    const justOver = await upload(csv(`${header}\n${'x'.repeat(maxImportBytes + 1000)}`));
    assert.equal(justOver.statusCode, 413, 'cut off at the cap as it is read');
    assert.equal((await t.db.selectFrom('account_imports').selectAll().execute()).length, 0);
  });

  it('refuses a column that is not in the file', async () => {
    await upload(csv('Name,Email\nKim Lee,kim@city.example\n'));
    await admin.get('/accounts/import/columns');
    const tampered = await admin.post('/accounts/import/columns', { name: '0', email: '7' });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /Choose a column from the list/);
    const missing = await admin.post('/accounts/import/columns', { name: '0' });
    assert.match(missing.body, /Choose the column that holds the work email address/);
    const twoDaysAgo = new Date(Date.now() - 48 * 3_600_000).toISOString();
    await t.db.updateTable('account_imports').set({ created_at: twoDaysAgo }).execute();
    const stale = await admin.get('/accounts/import/columns');
    assert.equal(stale.headers.location, '/accounts/import', 'an unfinished import is forgotten after a day');
  });

  it('refuses the whole import when its leavers include the last administrator, writing nothing', async () => {
    await upload(
      csv('Name,Email,Status\nAsh Kirtley,admin@city.example,Leaver\nNew Person,new.person@city.example,\n'),
    );
    await admin.get('/accounts/import/columns');
    await admin.post('/accounts/import/columns', { name: '0', email: '1', leaver: '2' });
    await admin.get('/accounts/import/preview');
    const before = await Promise.all([count('users'), count('administration_changes')]);
    const refused = await admin.post('/accounts/import/confirm', {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /This would leave no administrator/);
    assert.deepEqual(await Promise.all([count('users'), count('administration_changes')]), before);
    assert.equal((await user('admin@city.example'))?.deactivated_at, null);
    assert.equal((await admin.get('/accounts')).statusCode, 200, 'still signed in');
  });
});
