import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// "Who to talk to" (policy 11.4; procedures 6.1–6.4): the person's own service area's Champions,
// then the DSLs, the DSOs and the coordinator, with work contact details; 999 first.
describe('who to talk to', () => {
  let t: TestApp;
  const page = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    const response = await client.get('/who-to-talk-to');
    assert.equal(response.statusCode, 200, email);
    return response.body;
  };
  /** The part of the page under one heading, up to the next h2. */
  const section = (body: string, heading: RegExp) => {
    const start = body.search(heading);
    assert.ok(start > 0, `section ${heading}`);
    const end = body.indexOf('<h2', start + 1);
    return body.slice(start, end === -1 ? undefined : end);
  };
  /** A new account in the city council, in a service area (or none), with a name and contact details. */
  const staff = async (roles: Parameters<typeof buildUser>[2], name: string, serviceArea: string | null) => {
    const email = await buildUser(t.db, 'reporter@city.example', roles);
    const area = serviceArea
      ? await t.db.selectFrom('service_areas').select('id').where('name', '=', serviceArea).executeTakeFirstOrThrow()
      : null;
    await t.db
      .updateTable('users')
      .set({
        display_name: name,
        job_title: 'Test Job Title',
        phone: '01632 960999',
        service_area_id: area?.id ?? null,
      })
      .where('email', '=', email)
      .execute();
    return email;
  };
  const deactivate = (email: string) =>
    t.db.updateTable('users').set({ deactivated_at: new Date().toISOString() }).where('email', '=', email).execute();

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('shows a reporter their own area’s Champion first, then the DSLs, DSOs and coordinator, with contact details', async () => {
    const body = await page('reporter@city.example');
    const order = [
      'call 999 now',
      'Your line manager',
      'Safeguarding Champions for Housing Services',
      'Designated Safeguarding Leads',
      'Designated Safeguarding Officers',
      'Safeguarding Coordinator</h2>',
      'Out of hours and emergencies',
    ].map((text) => body.indexOf(text));
    assert.ok(
      order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!)),
      `in order: ${order.join(', ')}`,
    );
    const champions = section(body, /Safeguarding Champions for Housing Services/);
    assert.match(champions, /Quinn Harrowby/);
    assert.match(champions, /Tenancy Management Team Manager/);
    assert.match(champions, /href="tel:01632960111">01632 960111</);
    assert.match(champions, /href="mailto:champion-manager@city.example"/);
    assert.doesNotMatch(champions, /Casey Dunmore/, 'another area’s Champion is not theirs');
    const leads = section(body, /<h2[^>]*>Designated Safeguarding Leads/);
    for (const name of ['Lee Hartwell', 'Rowan Feltham', 'Avery Lockwood']) assert.match(leads, new RegExp(name));
    assert.match(leads, /Head of Business Improvement/);
    assert.match(leads, /Handles allegations against council staff, volunteers and councillors/);
    assert.equal(leads.match(/Handles allegations/g)?.length, 1, 'only the Head of Business Improvement');
    const officers = section(body, /<h2[^>]*>Designated Safeguarding Officers/);
    for (const name of ['Devi Okafor', 'Jess Tamworth']) assert.match(officers, new RegExp(name));
    const coordinator = section(body, /<h2[^>]*>Safeguarding Coordinator/);
    for (const name of ['Sam Whitlow', 'Jess Tamworth']) assert.match(coordinator, new RegExp(name));
    assert.doesNotMatch(coordinator, /Devi Okafor/);
    assert.match(section(body, /<h2[^>]*>Your line manager/), /Quinn Harrowby/);
    const outOfHours = section(body, /Out of hours and emergencies/);
    assert.match(outOfHours, /999 \(emergency\) or 101/);
    assert.match(outOfHours, /0800 833408/);
  });

  it('shows each person the Champions of their own service area', async () => {
    const champions = section(await page('champion@city.example'), /Safeguarding Champions for Community Services/);
    assert.match(champions, /Casey Dunmore/);
    assert.doesNotMatch(champions, /Quinn Harrowby/);
  });

  it('says when the area has no Champion, or the person no area, and still shows the DSLs', async () => {
    const noChampion = await page('leader@city.example');
    assert.match(noChampion, /Financial Services has no Safeguarding Champion in Haven yet/);
    assert.match(section(noChampion, /<h2[^>]*>Designated Safeguarding Leads/), /Lee Hartwell/);
    const noArea = await page(await staff(['reporter'], 'Nomad Arealess', null));
    assert.match(noArea, /Your account has no service area/);
    assert.match(noArea, /Haven does not know your line manager/);
    assert.match(section(noArea, /<h2[^>]*>Designated Safeguarding Leads/), /Rowan Feltham/);
  });

  it('never lists a deactivated account, nor anyone from another council', async () => {
    const gone = await staff(['champion'], 'Gwen Departed', 'Housing Services');
    const goneLead = await staff(['dsl'], 'Lennox Leftearly', 'Business Improvement');
    const stays = await staff(['champion'], 'Stella Staying', 'Housing Services');
    await deactivate(gone);
    await deactivate(goneLead);
    const body = await page('reporter@city.example');
    assert.match(body, /Stella Staying/, 'an active Champion added later is listed');
    assert.doesNotMatch(body, /Gwen Departed|Lennox Leftearly/);
    assert.doesNotMatch(body, /Kit Marlowe-Evans|district\.example/, 'no one from the district council');
    const district = await page('reporter@district.example');
    assert.match(district, /Kit Marlowe-Evans/);
    assert.match(district, /Housing has no Safeguarding Champion/);
    for (const cityName of ['Quinn Harrowby', 'Lee Hartwell', 'Rowan Feltham', 'Stella Staying', 'city.example'])
      assert.ok(!district.includes(cityName), `district page must not show ${cityName}`);
    await deactivate(stays);
  });

  it('is linked from the navigation and home page for every role, an administrator’s included', async () => {
    for (const email of ['admin@city.example', 'reporter@city.example', 'dsl@city.example']) {
      const client = new WebClient(t.app);
      await client.signIn(email);
      const home = await client.get('/');
      assert.match(home.body, /class="govuk-service-navigation__link" href="\/who-to-talk-to"/, email);
      assert.match(home.body, /<a class="govuk-link" href="\/who-to-talk-to">/, email);
    }
    // An administrator records nothing, so is not offered "Record a concern" there.
    assert.doesNotMatch(await page('admin@city.example'), /href="\/concerns\/new"/);
    assert.match(await page('reporter@city.example'), /href="\/concerns\/new"/);
  });
});
