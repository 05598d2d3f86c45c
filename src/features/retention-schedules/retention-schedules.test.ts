import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { concernAbout, namedPerson } from '../../../test/support/people.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// Retention schedules (issue 13): shipped with the IRMS periods and their source, changed by the
// coordinator, each change kept in the administration history, and a refused form writes nothing.
describe('retention schedules', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId = '';
  let now = new Date('2026-06-01T10:00:00Z');

  const changes = () =>
    t.db
      .selectFrom('administration_changes')
      .selectAll()
      .where('organisation_id', '=', organisationId)
      .where('subject_type', '=', 'retention-schedule')
      .orderBy('at')
      .execute();
  const overrides = () =>
    t.db.selectFrom('retention_schedules').selectAll().where('organisation_id', '=', organisationId).execute();
  const change = async (kind: string, form: Record<string, string>) => {
    assert.equal((await coordinator.get(`/settings/retention/${kind}`)).statusCode, 200);
    return coordinator.post(`/settings/retention/${kind}`, form);
  };

  before(async () => {
    t = await startTestApp({}, undefined, () => now);
    coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
  });
  after(() => t.close());

  it('shows the shipped schedules with their source and what each falls back to', async () => {
    const page = await coordinator.get('/settings/retention');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Child’s safeguarding record|Child&#39;s safeguarding record/);
    assert.match(page.body, /25 years[\s\S]*IRMS Information Management Toolkit for Schools/);
    assert.match(page.body, /Normal retirement age[\s\S]*67/);
    assert.match(page.body, /With no date of birth/);
    assert.match(
      page.body,
      /IRMS Retention Guidelines for Local Government: adult safeguarding records, closure \+ 6 years/,
    );
  });

  it('changes a period, keeps the change in the history, and the review queue follows it', async () => {
    const concern = await concernAbout(t.db, [
      namedPerson('Ash Schedule', { ageGroup: 'child', age: { kind: 'date_of_birth', dateOfBirth: '2005-01-01' } }),
    ]);
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    now = new Date('2031-01-02T10:00:00Z');
    assert.match((await dsl.get('/retention')).body, new RegExp(concern.reference));

    const saved = await change('child', { years: '30', source: 'Haven City Council retention policy 2026' });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(
      (await overrides()).map((row) => [row.record_kind, row.years, row.source]),
      [['child', 30, 'Haven City Council retention policy 2026']],
    );
    const [recorded] = await changes();
    assert.equal(recorded!.subject_id, 'child');
    assert.deepEqual(JSON.parse(recorded!.before!).years, 25);
    assert.deepEqual(JSON.parse(recorded!.after!).years, 30);
    assert.doesNotMatch((await dsl.get('/retention')).body, new RegExp(concern.reference), 'now due in 2035');
    assert.match(
      (await coordinator.get('/settings/retention')).body,
      /30 years[\s\S]*Haven City Council retention policy/,
    );

    // Saving it unchanged records nothing; going back to the shipped period drops the override.
    await change('child', { years: '30', source: 'Haven City Council retention policy 2026' });
    assert.equal((await changes()).length, 1);
    const shipped = await change('child', {
      years: '25',
      source: 'IRMS Information Management Toolkit for Schools: child protection records, date of birth + 25 years',
    });
    assert.equal(shipped.statusCode, 303);
    assert.equal((await overrides()).length, 0);
    assert.equal((await changes()).length, 2);
    assert.match((await coordinator.get('/administration/history')).body, /Retention schedule/);
  });

  it('changes the retirement age for allegations', async () => {
    const saved = await change('allegation', { years: '10', retirementAge: '68', source: 'Council policy' });
    assert.equal(saved.statusCode, 303);
    const row = (await overrides()).find((r) => r.record_kind === 'allegation')!;
    assert.deepEqual([row.years, row.retirement_age], [10, 68]);
  });

  it('refuses a period or source that is not right, says why beside the field, and writes nothing', async () => {
    const before = { rows: await overrides(), changes: (await changes()).length };
    const cases: Array<[string, Record<string, string>, RegExp]> = [
      ['adult', { years: 'six', source: 'x' }, /Enter the period as a whole number of years from 1 to 100/],
      ['adult', { years: '0', source: 'x' }, /Enter the period as a whole number of years from 1 to 100/],
      ['adult', { years: '101', source: 'x' }, /Enter the period as a whole number of years from 1 to 100/],
      ['adult', { years: '6', source: '  ' }, /Enter where the period comes from/],
      ['adult', { years: '6', source: 'x'.repeat(301) }, /300 characters or fewer/],
      [
        'allegation',
        { years: '10', retirementAge: '40', source: 'x' },
        /normal retirement age as a whole number from 55 to 75/,
      ],
      ['allegation', { years: '10', source: 'x' }, /normal retirement age as a whole number from 55 to 75/],
    ];
    for (const [kind, form, message] of cases) {
      const refused = await change(kind, form);
      assert.equal(refused.statusCode, 400, JSON.stringify(form));
      assert.match(refused.body, /govuk-error-summary/);
      assert.match(refused.body, message);
      if (form.years) assert.match(refused.body, new RegExp(`value="${form.years}"`));
    }
    assert.deepEqual({ rows: await overrides(), changes: (await changes()).length }, before);
    assert.equal((await coordinator.get('/settings/retention/unknown')).statusCode, 404);
  });

  it('is the coordinator’s alone', async () => {
    const dsl = new WebClient(t.app);
    await dsl.signIn('dsl@city.example');
    assert.equal((await dsl.get('/settings/retention')).statusCode, 403);
    assert.equal((await dsl.post('/settings/retention/child', { years: '1', source: 'x' })).statusCode, 403);
  });
});
