import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildConcern } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { decryptField } from '../../field-encryption/field-encryption.ts';

const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)?.[1] ?? 'missing';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const [year, month, day] = today.split('-') as [string, string, string];
const todayFields = (name: string) => ({ [`${name}-day`]: day, [`${name}-month`]: month, [`${name}-year`]: year });

describe('case work: triage, actions, referrals, escalation, closing and reopening', () => {
  let t: TestApp;
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  /** Opens a case form and posts it with the version it was drawn from. */
  const submit = async (client: WebClient, url: string, form: Record<string, string>) => {
    const page = await client.get(url);
    assert.equal(page.statusCode, 200, `${url} opens`);
    return client.post(url, { version: versionIn(page.body), ...form });
  };
  const idOf = async (table: 'agencies' | 'referral_outcomes', name: string, organisationId: string) =>
    (
      await t.db
        .selectFrom(table)
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('name', 'like', `${name}%`)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  it('takes a concern from triage to closed, and reopens it with its history kept', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const manager = await actorFor(t.db, 'manager@city.example');
    const dso = await signedIn('dso@city.example');
    const base = `/concerns/${concern.id}`;

    const triaged = await submit(dso, `${base}/triage`, {
      decision: 'Refer to adult social care today.',
      riskLevel: 'high',
      ownerId: manager.userId,
    });
    assert.equal(triaged.statusCode, 303);
    const action = await submit(dso, `${base}/actions/new`, {
      description: 'Visit the tenant',
      assigneeId: manager.userId,
      ...todayFields('dueOn'),
    });
    assert.equal(action.statusCode, 303);

    const mash = await idOf('agencies', 'Adult Social and Health Care', manager.organisationId);
    const withoutReason = await submit(dso, `${base}/referrals/new`, {
      agencyId: mash,
      ...todayFields('referredOn'),
      professional: 'Duty social worker',
      consent: 'no',
    });
    assert.equal(withoutReason.statusCode, 400);
    assert.match(withoutReason.body, /Explain why you referred without the person’s consent/);
    assert.ok(withoutReason.body.includes('Duty social worker'), 'keeps what was typed');
    const referred = await submit(dso, `${base}/referrals/new`, {
      agencyId: mash,
      ...todayFields('referredOn'),
      externalReference: 'ASC-991',
      professional: 'Duty social worker',
      consent: 'no',
      noConsentReason: 'Risk to life',
      lawfulBasis: 'vital-interests',
    });
    assert.equal(referred.statusCode, 303);

    const blocked = await dso.get(`${base}/close`);
    assert.match(blocked.body, /You cannot close this concern yet/);
    assert.match(blocked.body, /Every referral needs an outcome/);
    assert.match(blocked.body, /Every action must be done/);

    const manageClient = await signedIn('manager@city.example');
    const home = await manageClient.get('/');
    assert.match(home.body, /Visit the tenant/);
    assert.equal((await manageClient.get(base)).statusCode, 200, 'the case owner can open the concern');
    const actionRow = await t.db
      .selectFrom('concern_actions')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal(
      (await manageClient.post(`${base}/actions/${actionRow.id}/done`, { returnTo: 'home' })).headers.location,
      '/',
    );

    const referral = await t.db
      .selectFrom('referrals')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    const accepted = await idOf('referral_outcomes', 'Accepted', manager.organisationId);
    assert.equal(
      (
        await submit(dso, `${base}/referrals/${referral.id}/outcome`, {
          outcomeId: accepted,
          ...todayFields('outcomeOn'),
        })
      ).statusCode,
      303,
    );
    assert.equal((await submit(dso, `${base}/close`, { note: 'All done' })).statusCode, 303);
    assert.equal(
      (await t.db.selectFrom('concerns').select('status').where('id', '=', concern.id).executeTakeFirstOrThrow())
        .status,
      'closed',
    );

    assert.equal((await submit(dso, `${base}/reopen`, { reason: 'New information from the tenant' })).statusCode, 303);
    const events = await t.db
      .selectFrom('concern_events')
      .select('kind')
      .where('concern_id', '=', concern.id)
      .orderBy('at')
      .execute();
    assert.deepEqual(
      events.map((e) => e.kind),
      // The first entry is written when the concern is sent: the reporter's line manager was told.
      [
        'line_manager_told',
        'triaged',
        'action_added',
        'referral_made',
        'action_done',
        'referral_outcome',
        'closed',
        'reopened',
      ],
    );
    const page = await dso.get(base);
    for (const text of ['ASC-991', 'Risk to life', 'Visit the tenant', 'Reopened', 'New information from the tenant'])
      assert.ok(page.body.includes(text), text);
    const audits = await t.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_id', '=', concern.id)
      .where('action', '=', 'concern.updated')
      .execute();
    assert.equal(audits.length, 7);
  });

  it('tells the second of two DSOs triaging at once that the concern changed, and keeps the first triage', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const owner = await actorFor(t.db, 'dso@city.example');
    const [first, second] = [await signedIn('dso@city.example'), await signedIn('dsl@city.example')];
    const url = `/concerns/${concern.id}/triage`;
    const [pageA, pageB] = [await first.get(url), await second.get(url)];
    const form = { riskLevel: 'low', ownerId: owner.userId };
    assert.equal(
      (await first.post(url, { version: versionIn(pageA.body), decision: 'First decision', ...form })).statusCode,
      303,
    );
    const late = await second.post(url, { version: versionIn(pageB.body), decision: 'Second decision', ...form });
    assert.equal(late.statusCode, 409);
    assert.match(late.body, /govuk-error-summary/);
    assert.ok(late.body.includes('Second decision'), 'keeps what the second DSO typed');
    const saved = await t.db
      .selectFrom('concerns')
      .select(['triage_notes', 'version'])
      .where('id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...saved, triage_notes: decryptField(saved.triage_notes) },
      { triage_notes: 'First decision', version: 2 },
    );
  });

  it('refuses bad case-work input with messages beside the fields, and writes nothing', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await signedIn('dso@city.example');
    const cases: Array<[string, Record<string, string>, string]> = [
      ['triage', { decision: '', riskLevel: 'extreme', ownerId: 'nobody' }, 'Select the level of risk'],
      [
        'actions/new',
        { description: 'x', assigneeId: 'nobody', 'dueOn-day': '1', 'dueOn-month': '1', 'dueOn-year': '2020' },
        'The due date must be today or in the future',
      ],
      [
        'referrals/new',
        {
          agencyId: 'elsewhere',
          'referredOn-day': '1',
          'referredOn-month': '1',
          'referredOn-year': '2999',
          professional: '',
          consent: 'yes',
        },
        'The referral date must be today or in the past',
      ],
      ['escalate', { reason: ' ' }, 'Explain why you are escalating this concern'],
    ];
    for (const [path, form, message] of cases) {
      const response = await submit(dso, `/concerns/${concern.id}/${path}`, form);
      assert.equal(response.statusCode, 400, path);
      assert.ok(response.body.includes(message), `${path}: ${message}`);
    }
    const written = await Promise.all(
      (['concern_actions', 'referrals', 'escalations', 'concern_events'] as const).map((table) =>
        t.db.selectFrom(table).select('id').where('concern_id', '=', concern.id).execute(),
      ),
    );

    // The one event is the line manager's notice, on the timeline since the concern was sent.
    assert.deepEqual(
      written.map((rows) => rows.length),
      [0, 0, 0, 1],
    );
  });

  it('lets only a DSL resolve an escalation, and keeps the case open until then', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await signedIn('dso@city.example');
    const base = `/concerns/${concern.id}`;
    const self = await actorFor(t.db, 'dso@city.example');
    await submit(dso, `${base}/triage`, {
      decision: 'Managed by the tenancy team',
      riskLevel: 'low',
      ownerId: self.userId,
    });
    await submit(dso, `${base}/no-referral`, { reason: 'Already managed by the tenancy team' });
    await submit(dso, `${base}/escalate`, { reason: 'MASH declined; we disagree' });
    const escalation = await t.db
      .selectFrom('escalations')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    assert.equal((await dso.get(`${base}/escalations/${escalation.id}/resolve`)).statusCode, 403);
    assert.match((await dso.get(`${base}/close`)).body, /A DSL must resolve the open escalation/);
    const dsl = await signedIn('dsl@city.example');
    assert.equal(
      (
        await submit(dsl, `${base}/escalations/${escalation.id}/resolve`, {
          resolution: 'Spoke to MASH manager; accepted',
        })
      ).statusCode,
      303,
    );
    assert.equal((await submit(dso, `${base}/close`, {})).statusCode, 303);
  });

  it('does not let someone without the action complete it, nor reach another organisation’s case', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await signedIn('dso@city.example');
    const manager = await actorFor(t.db, 'manager@city.example');
    await submit(dso, `/concerns/${concern.id}/triage`, { decision: 'd', riskLevel: 'low', ownerId: manager.userId });
    await submit(dso, `/concerns/${concern.id}/actions/new`, {
      description: 'Call back',
      assigneeId: manager.userId,
      ...todayFields('dueOn'),
    });
    const action = await t.db
      .selectFrom('concern_actions')
      .select('id')
      .where('concern_id', '=', concern.id)
      .executeTakeFirstOrThrow();
    const champion = await signedIn('champion@city.example');
    assert.equal((await champion.post(`/concerns/${concern.id}/actions/${action.id}/done`)).statusCode, 404);
    const otherDso = await signedIn('dso@district.example');
    assert.equal((await otherDso.get(`/concerns/${concern.id}/triage`)).statusCode, 404);
  });

  it('does not let anyone complete an action on a concern they may not see', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    const dso = await signedIn('dso@city.example');
    const dsoActor = await actorFor(t.db, 'dso@city.example');
    await submit(dso, `/concerns/${concern.id}/triage`, { decision: 'd', riskLevel: 'low', ownerId: dsoActor.userId });
    for (const description of ['Call back', 'Visit']) {
      await submit(dso, `/concerns/${concern.id}/actions/new`, {
        description,
        assigneeId: dsoActor.userId,
        ...todayFields('dueOn'),
      });
    }
    // Sorted by what they ask, read as the app reads it: the stored description is ciphertext.
    const actions = (
      await t.db
        .selectFrom('concern_actions')
        .select(['id', 'description'])
        .where('concern_id', '=', concern.id)
        .execute()
    ).sort((a, b) => decryptField(a.description).localeCompare(decryptField(b.description)));
    const hbi = await signedIn('hbi@city.example');
    const done = (client: WebClient, actionId: string) =>
      client.post(`/concerns/${concern.id}/actions/${actionId}/done`);
    // A Champion who is a line manager holds no action here and works no case: it does not exist for them.
    const championManager = await signedIn('champion-manager@city.example');
    assert.equal((await done(championManager, actions[0]!.id)).statusCode, 404);
    const dsl = await signedIn('dsl@city.example');
    assert.equal((await submit(dsl, `/concerns/${concern.id}/restrict`, { reason: 'Allegation' })).statusCode, 303);
    // Restricted after the actions were directed: the DSO, even as assignee, no longer sees it.
    assert.equal((await done(dso, actions[1]!.id)).statusCode, 404);
    const rows = await t.db
      .selectFrom('concern_actions')
      .select('done_at')
      .where('concern_id', '=', concern.id)
      .execute();
    assert.deepEqual(
      rows.map((row) => row.done_at),
      [null, null],
      'neither action was completed',
    );
    assert.equal(
      (await done(hbi, actions[0]!.id)).statusCode,
      303,
      'restricted, the Head of Business Improvement (a DSL) still works it',
    );
  });

  it('flags overdue concerns in the triage queue', async () => {
    const concern = await buildConcern(t.db, 'reporter@city.example');
    await t.db
      .updateTable('concerns')
      .set({ created_at: '2026-01-05T10:00:00.000Z', triage_deadline_at: '2026-01-06T17:00:00.000Z' })
      .where('id', '=', concern.id)
      .execute();
    const dso = await signedIn('dso@city.example');
    const queue = await dso.get('/triage');
    assert.match(queue.body, new RegExp(`${concern.reference}[\\s\\S]*?Overdue[\\s\\S]*?5:00pm on 6 January 2026`));
  });
});
