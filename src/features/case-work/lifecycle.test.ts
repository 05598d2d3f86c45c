import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern, buildTriage } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';

describe('the concern lifecycle through the case-work pages', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  const changesTo = async (concernId: string) => {
    const row = await t.db
      .selectFrom('concerns')
      .select(['status', 'version', 'restricted'])
      .where('id', '=', concernId)
      .executeTakeFirstOrThrow();
    // Case work's events: the line manager's notice is written when the concern is sent.
    const events = await t.db
      .selectFrom('concern_events')
      .select('id')
      .where('concern_id', '=', concernId)
      .where('kind', '!=', 'line_manager_told')
      .execute();
    return { ...row, events: events.length };
  };

  it('refuses a step the concern’s state does not allow, with the reason beside the form, and writes nothing', async () => {
    const awaiting = await buildConcern(t.db, 'reporter@city.example');
    const triaged = await buildConcern(t.db, 'reporter@city.example');
    await buildTriage(t.db, triaged.id);
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    const cases: Array<[string, string, Record<string, string>, string]> = [
      [awaiting.id, 'no-referral', { reason: 'Not needed' }, 'Only an open, triaged concern can record this decision.'],
      [awaiting.id, 'close', { note: 'Done' }, 'The concern has not been triaged yet.'],
      [awaiting.id, 'reopen', { reason: 'Again' }, 'The concern is not closed.'],
      [awaiting.id, 'lift-restriction', { reason: 'Not needed' }, 'This concern is not restricted.'],
      [
        triaged.id,
        'triage',
        { decision: 'Again', riskLevel: 'low', ownerId: 'x' },
        'This concern has already been triaged.',
      ],
      [triaged.id, 'reopen', { reason: 'Again' }, 'The concern is not closed.'],
    ];
    let checked = 0;
    for (const [concernId, path, form, reason] of cases) {
      const before = await changesTo(concernId);
      const url = `/concerns/${concernId}/${path}`;
      const page = await dsl.get(url);
      const owner = /<option value="([0-9a-f-]{36})"/.exec(page.body)?.[1];
      const response = await dsl.post(url, {
        version: versionIn(page.body),
        ...form,
        ...(form.ownerId && owner ? { ownerId: owner } : {}),
      });
      assert.equal(response.statusCode, 409, path);
      assert.match(response.body, /govuk-error-summary/, path);
      assert.ok(response.body.includes(reason), `${path}: ${reason}`);
      assert.deepEqual(await changesTo(concernId), before, `${path} writes nothing`);
      checked += 1;
    }
    assert.equal(checked, cases.length);
  });

  it('takes nothing more on a closed concern until it is reopened', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    await buildTriage(t.db, concern.id);
    const dso = new WebClient(t.app);
    await dso.signIn('dso@city.example');
    const submit = async (path: string, form: Record<string, string>) => {
      const url = `/concerns/${concern.id}/${path}`;
      return dso.post(url, { version: versionIn((await dso.get(url)).body), ...form });
    };
    assert.equal((await submit('no-referral', { reason: 'Handled by the housing team' })).statusCode, 303);
    assert.equal((await submit('close', { note: 'Done' })).statusCode, 303);
    const escalate = await submit('escalate', { reason: 'Worried' });
    assert.equal(escalate.statusCode, 409);
    assert.ok(escalate.body.includes('Reopen the concern before escalating it.'));
    assert.equal((await submit('reopen', { reason: 'New information' })).statusCode, 303);
    assert.equal((await submit('escalate', { reason: 'Worried' })).statusCode, 303);
    assert.equal((await changesTo(concern.id)).status, 'open');
  });

  it('builds a triaged concern only through triage, as Haven does', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    await buildTriage(t.db, concern.id);
    assert.deepEqual(await changesTo(concern.id), { status: 'open', version: 2, restricted: 0, events: 1 });
  });
});
