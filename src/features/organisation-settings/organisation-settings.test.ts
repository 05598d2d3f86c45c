import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern, buildDraft } from '../../../test/support/builders.ts';
import { buildWorkedConcern } from '../../../test/support/case-journey.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { isUniqueViolation } from '../../db/unique-violation.ts';

// The coordinator's organisation settings (issue 8): every list retired rather than deleted,
// every change kept with who, when, before and after, and nothing written for a refused form.
describe('organisation settings', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId = '';
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  const changes = async () =>
    t.db
      .selectFrom('administration_changes')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .orderBy('at', 'desc')
      .orderBy('id', 'desc')
      .execute();
  const idOf = async (table: 'service_areas' | 'categories' | 'agencies' | 'referral_outcomes', name: string) =>
    (
      await t.db
        .selectFrom(table as 'referral_outcomes')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('name', '=', name)
        .executeTakeFirstOrThrow()
    ).id;
  /** Posts a form from its page, as a browser would, with the page's CSRF token. */
  const submit = async (client: WebClient, page: string, action: string, form: Record<string, string>) => {
    assert.equal((await client.get(page)).statusCode, 200, page);
    return client.post(action, form);
  };

  before(async () => {
    t = await startTestApp();
    coordinator = await signedIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
  });
  after(() => t.close());

  it('adds a service area with a headcount, changes it, and keeps both in the history', async () => {
    const added = await submit(coordinator, '/settings/service-areas/new', '/settings/service-areas/new', {
      name: 'Leisure and Wellbeing',
      headcount: '40',
    });
    assert.equal(added.statusCode, 303);
    const id = await idOf('service_areas', 'Leisure and Wellbeing');
    const row = await t.db.selectFrom('service_areas').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.headcount, 40);
    const changed = await submit(coordinator, `/settings/service-areas/${id}`, `/settings/service-areas/${id}`, {
      name: 'Leisure and Wellbeing',
      headcount: '44',
    });
    assert.equal(changed.statusCode, 303);
    const [latest, first] = await changes();
    assert.equal(latest!.subject_id, id);
    assert.equal(latest!.action, 'changed');
    assert.deepEqual(JSON.parse(latest!.before!), { name: 'Leisure and Wellbeing', headcount: 40 });
    assert.deepEqual(JSON.parse(latest!.after!), { name: 'Leisure and Wellbeing', headcount: 44 });
    assert.equal(first!.action, 'added');
    assert.equal(first!.before, null);
    const coordinatorId = (await actorFor(t.db, 'coordinator@city.example')).userId;
    assert.equal(latest!.actor_id, coordinatorId);
    const history = await coordinator.get('/administration/history?subject=service-area');
    assert.equal(history.statusCode, 200);
    assert.match(history.body, /Headcount: 40 → 44/);
    assert.match(history.body, /Service area changed: <strong>Leisure and Wellbeing<\/strong>/);
    assert.match(history.body, /Sam Whitlow/);
  });

  it('refuses bad answers in Haven’s words, keeps what was typed and writes nothing', async () => {
    const before = {
      changes: (await changes()).length,
      areas: await t.db.selectFrom('service_areas').selectAll().execute(),
    };
    const cases: Array<[Record<string, string>, RegExp, string]> = [
      [{ name: '', headcount: '12' }, /Enter the name of the service area/, '12'],
      [{ name: 'Parks', headcount: 'forty' }, /Enter the headcount as a whole number of 0 or more, like 40/, 'forty'],
      [{ name: 'Parks', headcount: '-3' }, /Enter the headcount as a whole number of 0 or more, like 40/, 'Parks'],
      [{ name: 'Parks', headcount: '2000000' }, /Enter a headcount of 1,000,000 or fewer/, '2000000'],
      [
        { name: 'housing services', headcount: '' },
        /There is already a service area called Housing Services/,
        'housing services',
      ],
      [{ name: 'x'.repeat(101), headcount: '' }, /The name must be 100 characters or fewer/, 'x'.repeat(101)],
    ];
    for (const [form, message, kept] of cases) {
      const response = await submit(coordinator, '/settings/service-areas/new', '/settings/service-areas/new', form);
      assert.equal(response.statusCode, 400, JSON.stringify(form));
      assert.match(response.body, /govuk-error-summary/);
      assert.match(response.body, message);
      assert.ok(response.body.includes(`value="${kept}"`), `keeps ${kept}`);
    }
    const badDate = await submit(coordinator, '/settings/closure-days', '/settings/closure-days', {
      'date-day': '31',
      'date-month': '2',
      'date-year': '2031',
      reason: '',
    });
    assert.equal(badDate.statusCode, 400);
    assert.match(badDate.body, /The date must be a real date/);
    assert.match(badDate.body, /Enter why the council is closed, like Christmas Day/);
    const badCategory = await submit(coordinator, '/settings/categories/new', '/settings/categories/new', {
      name: 'Gambling harm',
      appliesTo: 'everyone',
      sacType: 'invented',
    });
    assert.equal(badCategory.statusCode, 400);
    assert.match(badCategory.body, /Select who the category applies to/);
    assert.match(badCategory.body, /Select a Safeguarding Adults Collection type from the list/);
    assert.ok(badCategory.body.includes('value="Gambling harm"'));
    assert.equal((await changes()).length, before.changes, 'no history written');
    assert.deepEqual(await t.db.selectFrom('service_areas').selectAll().execute(), before.areas);
  });

  it('retires a category: the recording journey no longer offers it, and a concern recorded under it still shows it', async () => {
    const hoarding = await idOf('categories', 'Hoarding');
    const concern = await buildConcern(t.db, 'reporter@city.example', { categoryIds: [hoarding] });
    const retired = await submit(
      coordinator,
      `/settings/categories/${hoarding}`,
      `/settings/categories/${hoarding}/retirement`,
      {
        retire: 'yes',
      },
    );
    assert.equal(retired.statusCode, 303);
    const list = await coordinator.get('/settings/categories');
    assert.match(list.body, /<h2 class="govuk-heading-m">Retired<\/h2>[\s\S]*Hoarding/);

    const draftId = await buildDraft(t.db, 'reporter@city.example');
    const reporter = await signedIn('reporter@city.example');
    const categoriesPage = await reporter.get(`/concerns/new/${draftId}/categories`);
    assert.equal(categoriesPage.statusCode, 200);
    assert.ok(!categoriesPage.body.includes(hoarding), 'the retired category is not offered');
    assert.ok(categoriesPage.body.includes(await idOf('categories', 'Self-neglect')), 'others still are');
    const chosen = await reporter.post(`/concerns/new/${draftId}/categories`, { categoryIds: hoarding });
    assert.equal(chosen.statusCode, 400, 'a retired category cannot be chosen');

    const dso = await signedIn('dso@city.example');
    const page = await dso.get(`/concerns/${concern.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Hoarding/, 'the concern reads as recorded');
    const mine = await reporter.get('/concerns/mine');
    assert.match(mine.body, /Hoarding/);

    const [change] = await changes();
    assert.equal(change!.action, 'retired');
    assert.equal(JSON.parse(change!.after!).retired, true);

    const back = await submit(coordinator, '/settings/categories', `/settings/categories/${hoarding}/retirement`, {
      retire: 'no',
    });
    assert.equal(back.statusCode, 303);
    assert.ok((await reporter.get(`/concerns/new/${draftId}/categories`)).body.includes(hoarding), 'brought back');
    assert.equal((await changes())[0]!.action, 'brought back');
  });

  it('splits a category: the new ones keep its code and remember it; it is retired and old concerns keep it', async () => {
    const suicidal = await idOf('categories', 'Suicidal thoughts, threats or attempts');
    const concern = await buildConcern(t.db, 'reporter@city.example', { categoryIds: [suicidal] });
    const refused = await submit(
      coordinator,
      `/settings/categories/${suicidal}/split`,
      `/settings/categories/${suicidal}/split`,
      {
        name1: 'Suicidal thoughts',
        name2: '',
      },
    );
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter the names of at least two new categories/);
    assert.ok(refused.body.includes('value="Suicidal thoughts"'));
    const clash = await coordinator.post(`/settings/categories/${suicidal}/split`, {
      name1: 'Suicidal thoughts',
      name2: 'Hoarding',
    });
    assert.equal(clash.statusCode, 400);
    assert.match(clash.body, /There is already a category called Hoarding/);
    const split = await coordinator.post(`/settings/categories/${suicidal}/split`, {
      name1: 'Suicidal thoughts',
      name2: 'Suicidal threats or attempts',
    });
    assert.equal(split.statusCode, 303);
    const rows = await t.db
      .selectFrom('categories')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where((eb) => eb.or([eb('id', '=', suicidal), eb('split_from_id', '=', suicidal)]))
      .execute();
    const old = rows.find((row) => row.id === suicidal)!;
    const made = rows.filter((row) => row.split_from_id === suicidal);
    assert.ok(old.retired_at, 'the old category is retired');
    assert.deepEqual(made.map((row) => row.name).sort(), ['Suicidal thoughts', 'Suicidal threats or attempts']);
    for (const row of made) {
      assert.equal(row.code, old.code, 'route advice still applies');
      assert.equal(row.applies_to, old.applies_to);
      assert.equal(row.retired_at, null);
    }
    assert.deepEqual(
      made.map((row) => row.sort_order).sort(),
      [old.sort_order + 1, old.sort_order + 2],
      'where the old one was in the list',
    );
    const dso = await signedIn('dso@city.example');
    assert.match((await dso.get(`/concerns/${concern.id}`)).body, /Suicidal thoughts, threats or attempts/);
    const history = await coordinator.get('/administration/history?subject=category');
    assert.match(history.body, /Category split: <strong>Suicidal thoughts, threats or attempts<\/strong>/);
    assert.match(history.body, /Split into: Suicidal thoughts, Suicidal threats or attempts/);
    assert.equal((await coordinator.get(`/settings/categories/${suicidal}/split`)).statusCode, 404, 'split once');
  });

  it('keeps route advice on the categories split from one it reads', async () => {
    const radicalisation = await idOf('categories', 'Radicalisation');
    const split = await submit(
      coordinator,
      `/settings/categories/${radicalisation}/split`,
      `/settings/categories/${radicalisation}/split`,
      { name1: 'Extremist views', name2: 'Online radicalisation' },
    );
    assert.equal(split.statusCode, 303);
    const online = await idOf('categories', 'Online radicalisation');
    const draftId = await buildDraft(t.db, 'reporter@city.example', { categoryIds: [online] });
    const advice = await (await signedIn('reporter@city.example')).get(`/concerns/new/${draftId}/advice`);
    assert.equal(advice.statusCode, 200);
    assert.match(advice.body, /Prevent/);
    const prevent = await idOf('agencies', 'Prevent');
    const agencyPage = await coordinator.get(`/settings/agencies/${prevent}`);
    assert.match(agencyPage.body, /Route advice in the recording journey suggests this agency/);
  });

  it('changes an agency’s number and retires it from referrals and disclosures, which still show it where recorded', async () => {
    const worked = await buildWorkedConcern(t.db, t.app);
    const referral = await t.db
      .selectFrom('referrals')
      .innerJoin('agencies', 'agencies.id', 'referrals.agency_id')
      .select(['agencies.id', 'agencies.name'])
      .where('referrals.id', '=', worked.referralId)
      .executeTakeFirstOrThrow();
    const changed = await submit(
      coordinator,
      `/settings/agencies/${referral.id}`,
      `/settings/agencies/${referral.id}`,
      {
        name: referral.name,
        phone: '01865 000000',
        hours: 'Office hours',
        notes: 'Changed',
      },
    );
    assert.equal(changed.statusCode, 303);
    const [change] = await changes();
    assert.equal(JSON.parse(change!.after!).phone, '01865 000000');
    await coordinator.post(`/settings/agencies/${referral.id}/retirement`, { retire: 'yes' });
    const dsl = await signedIn('dsl@city.example');
    const referralForm = await dsl.get(`/concerns/${worked.concernId}/referrals/new`);
    assert.ok(!referralForm.body.includes(`value="${referral.id}"`), 'not offered for a new referral');
    const disclosureForm = await dsl.get(`/concerns/${worked.concernId}/disclosures/new`);
    assert.ok(!disclosureForm.body.includes(`value="${referral.id}"`), 'not offered for a new disclosure');
    const record = await dsl.get(`/concerns/${worked.concernId}`);
    assert.ok(record.body.includes(referral.name.replace('&', '&amp;')), 'the referral still names it');
    await coordinator.post(`/settings/agencies/${referral.id}/retirement`, { retire: 'no' });
  });

  it('adds an agency and a referral outcome, and retires the outcome from the outcome form', async () => {
    const agency = await submit(coordinator, '/settings/agencies/new', '/settings/agencies/new', {
      name: 'Community Mental Health Team',
      phone: '01865 111111',
      hours: '',
      notes: '',
      homeOffice: 'yes',
    });
    assert.equal(agency.statusCode, 303);
    const added = await t.db
      .selectFrom('agencies')
      .selectAll()
      .where('name', '=', 'Community Mental Health Team')
      .executeTakeFirstOrThrow();
    assert.equal(added.home_office, 1);
    assert.match(added.code, /^local-/);
    const outcome = await submit(coordinator, '/settings/referral-outcomes/new', '/settings/referral-outcomes/new', {
      name: 'Waiting list',
    });
    assert.equal(outcome.statusCode, 303);
    const waiting = await idOf('referral_outcomes', 'Waiting list');
    const worked = await buildWorkedConcern(t.db, t.app);
    const dsl = await signedIn('dsl@city.example');
    const form = `/concerns/${worked.concernId}/referrals/${worked.referralId}/outcome`;
    assert.ok((await dsl.get(form)).body.includes(waiting));
    await coordinator.post(`/settings/referral-outcomes/${waiting}/retirement`, { retire: 'yes' });
    assert.ok(!(await dsl.get(form)).body.includes(waiting), 'a retired outcome is not offered');
  });

  it('adds and removes a closure day, warning that deadlines already set stay, and keeps both in the history', async () => {
    const page = await coordinator.get('/settings/closure-days');
    assert.match(page.body, /Triage deadlines already set do not change/);
    const form = { 'date-day': '24', 'date-month': '12', 'date-year': '2031', reason: 'Christmas closure' };
    assert.equal((await coordinator.post('/settings/closure-days', form)).statusCode, 303);
    const again = await submit(coordinator, '/settings/closure-days', '/settings/closure-days', form);
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /That date is already a closure day/);
    const past = await coordinator.post('/settings/closure-days', { ...form, 'date-year': '2020' });
    assert.match(past.body, /The date must be today or in the future/);
    const listed = await coordinator.get('/settings/closure-days');
    assert.match(listed.body, /24 December 2031/);
    assert.equal((await coordinator.post('/settings/closure-days/remove', { date: '2031-12-24' })).statusCode, 303);
    assert.equal((await coordinator.post('/settings/closure-days/remove', { date: '2031-12-24' })).statusCode, 404);
    assert.equal((await coordinator.post('/settings/closure-days/remove', { date: 'Christmas' })).statusCode, 400);
    const history = await coordinator.get('/administration/history?subject=closure-day');
    assert.match(history.body, /Closure day removed: <strong>24 December 2031<\/strong>/);
    assert.match(history.body, /Closure day added: <strong>24 December 2031<\/strong>/);
    assert.match(history.body, /Reason: Christmas closure/);
  });

  it('knows a name or date taken by a write at the same moment, in either database', async () => {
    const duplicate = (write: Promise<unknown>) =>
      write.then(
        () => assert.fail('the constraint let a duplicate in'),
        (error: unknown) => error,
      );
    const day = { organisation_id: organisationId, date: '2032-01-02', reason: 'Once' };
    await t.db.insertInto('closure_days').values(day).execute();
    assert.ok(isUniqueViolation(await duplicate(t.db.insertInto('closure_days').values(day).execute())));
    const area = { organisation_id: organisationId, name: 'Housing Services', sort_order: 99 };
    const again = await duplicate(
      t.db
        .insertInto('service_areas')
        .values({ ...area, id: randomUUID() })
        .execute(),
    );
    assert.ok(isUniqueViolation(again));
    assert.ok(!isUniqueViolation(new Error('something else')));
  });

  it('is the coordinator’s only: others are refused, and another organisation’s rows are not found', async () => {
    for (const email of ['dsl@city.example', 'admin@city.example', 'reporter@city.example']) {
      const client = await signedIn(email);
      assert.equal((await client.get('/settings/categories')).statusCode, 403, email);
    }
    const districtArea = await t.db
      .selectFrom('service_areas')
      .select('id')
      .where('name', '=', 'Leisure')
      .executeTakeFirstOrThrow();
    assert.equal((await coordinator.get(`/settings/service-areas/${districtArea.id}`)).statusCode, 404);
    const refused = await coordinator.post(`/settings/service-areas/${districtArea.id}/retirement`, { retire: 'yes' });
    assert.equal(refused.statusCode, 404);
  });
});
