import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildConcern, buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// The recording journey names the people a reporter can talk to (policy 11.4; procedures 6.3–6.4):
// their own service area's Champions and the DSLs, with contact details, on the start page and
// on the confirmation page.
describe('who you can talk to, while recording a concern', () => {
  let t: TestApp;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  /** The "Who you can talk to" panel of a page. */
  const panel = (body: string) => {
    const start = body.indexOf('haven-network-panel');
    assert.ok(start > 0, 'the page has the panel');
    return body.slice(start, body.indexOf('</div>', start));
  };
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('shows the reporter’s own Champion and the DSLs after the 999 warning on the start page', async () => {
    const start = await (await signedIn('reporter@city.example')).get('/concerns/new');
    assert.equal(start.statusCode, 200);
    assert.ok(start.body.indexOf('call 999 now') < start.body.indexOf('haven-network-panel'), '999 comes first');
    const shown = panel(start.body);
    assert.match(shown, /Safeguarding Champion for Housing Services/);
    assert.match(shown, /Quinn Harrowby<\/strong>, Tenancy Management Team Manager/);
    assert.match(shown, /href="tel:01632960111"/);
    assert.match(shown, /champion-manager@city\.example/);
    for (const lead of ['Lee Hartwell', 'Rowan Feltham', 'Avery Lockwood']) assert.match(shown, new RegExp(lead));
    assert.match(shown, /Rowan Feltham<\/strong>, Head of Business Improvement \(allegations against staff\)/);
    assert.doesNotMatch(shown, /Casey Dunmore|Devi Okafor/, 'another area’s Champion; DSOs are on the full page');
    assert.match(shown, /href="\/who-to-talk-to"/);
  });

  it('says when the reporter’s area has no Champion, and leaves out deactivated accounts', async () => {
    const leaver = await buildUser(t.db, 'reporter@city.example', ['dsl']);
    await t.db
      .updateTable('users')
      .set({ display_name: 'Lindsay Leaver', deactivated_at: new Date().toISOString() })
      .where('email', '=', leaver)
      .execute();
    const shown = panel((await (await signedIn('leader@city.example')).get('/concerns/new')).body);
    assert.match(shown, /Financial Services has no Safeguarding Champion in Haven/);
    assert.match(shown, /Lee Hartwell/);
    assert.doesNotMatch(shown, /Lindsay Leaver/);
  });

  it('shows the same people on the confirmation page once the concern is sent', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const confirmation = await (await signedIn('reporter@city.example')).get(`/concerns/${concern.id}/confirmation`);
    assert.equal(confirmation.statusCode, 200);
    const shown = panel(confirmation.body);
    assert.match(shown, /Quinn Harrowby/);
    assert.match(shown, /Lee Hartwell/);
    const district = await buildConcern(t.db, 'reporter@district.example');
    const other = panel(
      (await (await signedIn('reporter@district.example')).get(`/concerns/${district.id}/confirmation`)).body,
    );
    assert.doesNotMatch(other, /Quinn Harrowby|Lee Hartwell|city\.example/, 'never another council’s staff');
  });

  it('tells the reporter their line manager was emailed, only when they were', async () => {
    const reporter = await signedIn('reporter@city.example');
    const told = await buildConcern(t.db, 'reporter@city.example');
    assert.match(
      (await reporter.get(`/concerns/${told.id}/confirmation`)).body,
      /We have emailed your line manager, Quinn Harrowby, to say that you sent a safeguarding concern/,
    );
    const allegation = await buildConcern(t.db, 'reporter@city.example', { positionOfTrust: 'council' });
    const naming = await buildConcern(t.db, 'reporter@city.example', {
      person: { name: 'Quinn Harrowby', ageGroup: 'adult' },
    });
    for (const untold of [allegation, naming]) {
      const page = await reporter.get(`/concerns/${untold.id}/confirmation`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /We have emailed your line manager/, untold.reference);
    }
    const district = await buildConcern(t.db, 'reporter@district.example');
    const page = await (await signedIn('reporter@district.example')).get(`/concerns/${district.id}/confirmation`);
    assert.doesNotMatch(page.body, /We have emailed your line manager/);
    const dso = await (await signedIn('dso@city.example')).get(`/concerns/${told.id}/confirmation`);
    assert.doesNotMatch(dso.body, /We have emailed your line manager/, 'said to the reporter only');
  });
});
