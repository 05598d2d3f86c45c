import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

const reporter = 'reporter@city.example';

describe('record a concern', () => {
  let t: TestApp;
  let client: WebClient;
  let categoryId: string;
  let serviceAreaId: string;

  before(async () => {
    t = await startTestApp();
    const actor = await actorFor(t.db, reporter);
    categoryId = (
      await t.db
        .selectFrom('categories')
        .select('id')
        .where('organisation_id', '=', actor.organisationId)
        .where('name', '=', 'Self-neglect')
        .executeTakeFirstOrThrow()
    ).id;
    serviceAreaId = (
      await t.db
        .selectFrom('service_areas')
        .select('id')
        .where('organisation_id', '=', actor.organisationId)
        .where('name', '=', 'Housing Services')
        .executeTakeFirstOrThrow()
    ).id;
  });
  after(() => t.close());
  beforeEach(async () => {
    client = new WebClient(t.app);
    await client.signIn(reporter);
  });

  const countConcerns = async () =>
    Number(
      (
        await t.db
          .selectFrom('concerns')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  async function answerEveryQuestion(name: string) {
    const steps: Array<[string, Record<string, string | string[]>]> = [
      ['/concerns/new/person', { name, ageGroup: 'adult' }],
      [
        '/concerns/new/what-happened',
        {
          description: 'Flat full of rubbish; no food.',
          'happenedOn-day': '2',
          'happenedOn-month': '11',
          'happenedOn-year': '2026',
          location: 'Tenant’s flat',
        },
      ],
      ['/concerns/new/categories', { categoryIds: [categoryId] }],
      ['/concerns/new/service-area', { serviceAreaId }],
    ];
    for (const [url, form] of steps) {
      await client.get(url);
      const response = await client.post(url, form);
      assert.equal(response.statusCode, 303, `${url}: ${response.body.slice(0, 300)}`);
    }
  }

  it('shows emergency guidance before the first question', async () => {
    const response = await client.get('/concerns/new');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /call 999/);
  });

  it('records a concern through every page and gives a reference', async () => {
    await answerEveryQuestion('Pat Example');
    const check = await client.get('/concerns/new/check');
    assert.equal(check.statusCode, 200);
    for (const text of ['Pat Example', 'Self-neglect', 'Housing Services', '2 November 2026'])
      assert.ok(check.body.includes(text), text);

    const sent = await client.post('/concerns/new/check');
    assert.equal(sent.statusCode, 303);
    const confirmation = await client.get(sent.headers.location as string);
    const reference = /HC-\d{4}-\d{6}/.exec(confirmation.body)?.[0];
    assert.ok(reference, 'confirmation shows a reference');

    const concern = await t.db
      .selectFrom('concerns')
      .selectAll()
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.equal(concern.status, 'awaiting_triage');
    assert.equal(concern.happened_on, '2026-11-02');
    const person = await t.db
      .selectFrom('concern_people')
      .selectAll()
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      [person.name, person.age_group, person.role_in_concern],
      ['Pat Example', 'adult', 'person_at_risk'],
    );
    const audit = await t.db.selectFrom('audit_events').selectAll().where('subject_id', '=', concern.id).execute();
    assert.deepEqual(
      audit.map((event) => event.action),
      ['concern.created'],
    );
    const draft = await t.db
      .selectFrom('concern_drafts')
      .selectAll()
      .where('user_id', '=', concern.reporter_id)
      .executeTakeFirst();
    assert.equal(draft, undefined, 'the draft is gone once the concern is sent');
  });

  it('numbers references in sequence within the organisation', async () => {
    const references: string[] = [];
    for (const name of ['First', 'Second']) {
      await answerEveryQuestion(name);
      const sent = await client.post('/concerns/new/check');
      const confirmation = await client.get(sent.headers.location as string);
      references.push(/HC-\d{4}-(\d{6})/.exec(confirmation.body)?.[1] ?? '');
    }
    assert.equal(Number(references[1]) - Number(references[0]), 1);
  });

  it('records once when “Send concern” is pressed twice at the same moment', async () => {
    await answerEveryQuestion('Double Click');
    await client.get('/concerns/new/check');
    const before = await countConcerns();
    const [first, second] = await Promise.all([client.post('/concerns/new/check'), client.post('/concerns/new/check')]);
    const confirmations = [first, second].filter((r) => /\/confirmation$/.test(String(r.headers.location)));
    assert.equal(confirmations.length, 1);
    assert.equal(await countConcerns(), before + 1);
  });

  it('accepts a person whose name is not known', async () => {
    await client.get('/concerns/new/person');
    const response = await client.post('/concerns/new/person', { name: '', nameUnknown: 'yes', ageGroup: 'child' });
    assert.equal(response.statusCode, 303);
    const page = await client.get('/concerns/new/person');
    assert.match(page.body, /name="nameUnknown"[^>]*value="yes" checked/);
  });

  it('keeps answers as a draft, so leaving and coming back loses nothing', async () => {
    await client.get('/concerns/new/person');
    await client.post('/concerns/new/person', { name: 'Sam Draft', ageGroup: 'adult' });
    const again = new WebClient(t.app);
    await again.signIn(reporter);
    const start = await again.get('/concerns/new');
    assert.match(start.body, /Continue your concern/);
    assert.match((await again.get('/concerns/new/person')).body, /value="Sam Draft"/);
  });

  it('goes back to the first unanswered question when check answers is reached too early', async () => {
    await client.get('/concerns/new');
    await client.post('/concerns/new/start-again');
    const response = await client.get('/concerns/new/check');
    assert.equal(response.statusCode, 303);
    assert.equal(response.headers.location, '/concerns/new/person');
  });

  describe('bad input gets a message beside the field, keeps what was typed, and writes nothing', () => {
    const cases: Array<[string, string, Record<string, string | string[]>, string, string]> = [
      [
        'no name and not marked unknown',
        '/concerns/new/person',
        { name: '', ageGroup: 'adult' },
        '#name',
        'Enter their name',
      ],
      [
        'a tampered age group',
        '/concerns/new/person',
        { name: 'Kept Name', ageGroup: 'alien' },
        '#ageGroup',
        'Select whether the person is a child or an adult',
      ],
      [
        'an over-long name',
        '/concerns/new/person',
        { name: 'x'.repeat(201), ageGroup: 'adult' },
        '#name',
        '200 characters or fewer',
      ],
      [
        'an empty description',
        '/concerns/new/what-happened',
        {
          description: '  ',
          'happenedOn-day': '1',
          'happenedOn-month': '1',
          'happenedOn-year': '2026',
          location: 'Kept place',
        },
        '#description',
        'Describe what happened',
      ],
      [
        'a date in the future',
        '/concerns/new/what-happened',
        {
          description: 'Kept words',
          'happenedOn-day': '1',
          'happenedOn-month': '1',
          'happenedOn-year': '2999',
          location: 'Kept place',
        },
        '#happenedOn-day',
        'today or in the past',
      ],
      [
        'an impossible date',
        '/concerns/new/what-happened',
        {
          description: 'Kept words',
          'happenedOn-day': '31',
          'happenedOn-month': '2',
          'happenedOn-year': '2026',
          location: 'Kept place',
        },
        '#happenedOn-day',
        'must be a real date',
      ],
      [
        'a date without a month',
        '/concerns/new/what-happened',
        {
          description: 'Kept words',
          'happenedOn-day': '3',
          'happenedOn-month': '',
          'happenedOn-year': '2026',
          location: 'Kept place',
        },
        '#happenedOn-month',
        'must include a month',
      ],
      ['no category', '/concerns/new/categories', {}, '#categoryIds', 'Select at least one category'],
      [
        'an unknown category id',
        '/concerns/new/categories',
        { categoryIds: ['not-a-category'] },
        '#categoryIds',
        'Select categories from the list',
      ],
      [
        'an unknown service area',
        '/concerns/new/service-area',
        { serviceAreaId: 'elsewhere' },
        '#serviceAreaId',
        'Select your service area from the list',
      ],
    ];
    for (const [name, url, form, anchor, message] of cases) {
      it(name, async () => {
        const before = await countConcerns();
        await client.get(url);
        const response = await client.post(url, form);
        assert.equal(response.statusCode, 400);
        assert.match(response.body, /govuk-error-summary/);
        assert.ok(response.body.includes(`href="${anchor}"`), `summary links to ${anchor}`);
        assert.ok(response.body.includes(message), message);
        assert.match(response.body, /<title>Error: /);
        for (const value of Object.values(form).flat()) {
          if (
            value.length > 1 &&
            value.length < 100 &&
            value !== 'not-a-category' &&
            value !== 'elsewhere' &&
            value !== 'alien'
          ) {
            assert.ok(response.body.includes(value), `keeps “${value}”`);
          }
        }
        assert.equal(await countConcerns(), before);
      });
    }

    it('refuses a form without its CSRF token', async () => {
      await client.get('/concerns/new/person');
      const response = await client.post('/concerns/new/person', { _csrf: '', name: 'No Token', ageGroup: 'adult' });
      assert.equal(response.statusCode, 403);
      assert.match(response.body, /Your form has expired/);
      const draft = await t.db.selectFrom('concern_drafts').select('answers').execute();
      assert.ok(draft.every((row) => !row.answers.includes('No Token')));
    });
  });
});
