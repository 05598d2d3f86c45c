import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor, buildUser } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';
import { addPlanAction } from '../../assurance/action-plan.queries.ts';
import { todayInLondon } from '../../domain/calendar-date.ts';

// The action plan (appendix 2): the seed's rows, raising an action with its lead and due date,
// dated updates, completion into the year's completed list, document control, the version check,
// the link back to the self-assessment standard an action was raised in, and who may do what.
describe('action plan', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId = '';
  const nextYear = String(new Date().getFullYear() + 1);
  const signedIn = async (email: string) => {
    const client = new WebClient(t.app);
    await client.signIn(email);
    return client;
  };
  const planId = async (year: string) =>
    (
      await t.db
        .selectFrom('action_plans')
        .select('id')
        .where('organisation_id', '=', organisationId)
        .where('year_label', '=', year)
        .executeTakeFirstOrThrow()
    ).id;
  const count = async (table: 'action_plan_actions' | 'action_plan_updates' | 'action_plans') =>
    (await t.db.selectFrom(table).select('id').execute()).length;

  before(async () => {
    t = await startTestApp();
    coordinator = await signedIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
  });
  after(() => t.close());

  it('shows the seed’s 2023-24 plan: its document control, seven open actions, the overdue ones flagged', async () => {
    const page = await coordinator.get(`/action-plan/${await planId('2023-24')}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Head of Regulatory Services and Community Safety/);
    assert.match(page.body, /Promote Early Help pathways/);
    const open = page.body.split('id="open-actions"')[1]!.split('</table>')[0]!;
    assert.equal(open.match(/<tr class="govuk-table__row">/g)?.length, 8, 'a header row and seven actions');
    // Every seeded due date (2023 and 2024) has passed.
    assert.equal(open.match(/>\s*Overdue\s*</g)?.length, 7);
    assert.match(page.body, /7 actions are overdue/);
    const completed = await coordinator.get(`/action-plan/${await planId('2022-23')}`);
    assert.match(completed.body, /2022-23 completed actions/);
    assert.match(completed.body, /Safeguarding policy and procedures remain current/);
  });

  it('refuses an action without a lead or a due date, says why beside each field and writes nothing', async () => {
    await coordinator.get('/action-plan/actions/new');
    const before = await count('action_plan_actions');
    const refused = await coordinator.post('/action-plan/actions/new', {
      year: '2026-27',
      action: 'Run a champions’ forum',
      leadName: '   ',
      'due-day': '',
      'due-month': '',
      'due-year': '',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /govuk-error-summary/);
    assert.match(refused.body, /Enter the lead/);
    assert.match(refused.body, /Enter the due date/);
    assert.match(refused.body, /Run a champions’ forum/, 'what was typed is kept');
    const badYear = await coordinator.post('/action-plan/actions/new', {
      year: '2026-28',
      action: 'x',
      leadName: 'Safeguarding Coordinator',
      leadUserId: randomUUID(),
      'due-day': '31',
      'due-month': '2',
      'due-year': nextYear,
    });
    assert.equal(badYear.statusCode, 400);
    assert.match(badYear.body, /Choose the year of the plan/);
    assert.match(badYear.body, /must be a real date/);
    assert.equal(await count('action_plan_actions'), before);
  });

  it('raises an action, adds a dated update, and completing it moves it to the completed list', async () => {
    const lead = await actorFor(t.db, 'dsl@city.example');
    await coordinator.get('/action-plan/actions/new');
    const added = await coordinator.post('/action-plan/actions/new', {
      year: '2026-27',
      standardArea: 'Leadership, Strategy and Working Together',
      objective: 'Champions in every area',
      action: 'Recruit a champion for Leisure',
      leadName: 'Designated Safeguarding Lead',
      leadUserId: lead.userId,
      'due-day': '1',
      'due-month': '3',
      'due-year': nextYear,
      timescale: 'March',
    });
    assert.equal(added.statusCode, 303);
    const actionPath = String(added.headers.location);
    const id = actionPath.split('/').pop()!;
    const row = await t.db.selectFrom('action_plan_actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.lead_user_id, lead.userId);
    assert.equal(row.due_on, `${nextYear}-03-01`);
    assert.equal(row.status, 'not_started');
    assert.equal(row.action_plan_id, await planId('2026-27'));

    await coordinator.get(actionPath);
    const update = await coordinator.post(`${actionPath}/updates`, {
      'written-day': '15',
      'written-month': '1',
      'written-year': '2026',
      body: 'Two volunteers found',
    });
    assert.equal(update.statusCode, 303);
    const noBody = await coordinator.post(`${actionPath}/updates`, { 'written-day': '15' });
    assert.equal(noBody.statusCode, 400);
    assert.match(noBody.body, /Enter the update/);
    assert.match(noBody.body, /The date of the update must include a month/);
    const page = await coordinator.get(actionPath);
    assert.match(page.body, /15 January 2026/);
    assert.match(page.body, /Two volunteers found/);

    const done = await coordinator.post(`${actionPath}/status`, { status: 'completed', version: '1' });
    assert.equal(done.statusCode, 303);
    const plan = await coordinator.get(String(done.headers.location));
    const completed = plan.body.split('id="completed-actions"')[1]!;
    assert.match(completed, /Recruit a champion for Leisure/);
    assert.match(
      completed,
      new RegExp(
        new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric' }).format(
          new Date(`${todayInLondon()}T12:00:00Z`),
        ),
      ),
    );
    assert.doesNotMatch(plan.body.split('id="completed-actions"')[0]!, /Recruit a champion for Leisure/);
    // Each step kept in the administration history, in its own transaction.
    const history = await t.db
      .selectFrom('administration_changes')
      .select(['action', 'before', 'after'])
      .where('subject_type', '=', 'plan-action')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((change) => change.action),
      ['raised', 'update added', 'status changed'],
    );
    assert.deepEqual(JSON.parse(history[2]!.after!), { status: 'completed' });
  });

  it('tells the second of two people changing an action’s status at once, and keeps the first’s change', async () => {
    const id = await addPlanAction(
      t.db,
      {
        organisationId,
        yearLabel: '2026-27',
        action: 'Review the newsletter',
        leadName: 'Coordinator',
        dueOn: '2030-01-01',
        createdBy: null,
      },
      new Date(),
    );
    const other = await signedIn('coordinator-dso@city.example');
    await coordinator.get(`/action-plan/actions/${id}`);
    await other.get(`/action-plan/actions/${id}`);
    assert.equal(
      (await coordinator.post(`/action-plan/actions/${id}/status`, { status: 'in_progress', version: '1' })).statusCode,
      303,
    );
    const second = await other.post(`/action-plan/actions/${id}/status`, { status: 'completed', version: '1' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else changed this since you opened it/);
    const row = await t.db.selectFrom('action_plan_actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'in_progress');
    assert.equal(row.version, 2);
  });

  it('changes an action’s words, lead and due date; refuses a blank lead, a past date or a stale version', async () => {
    const lead = await actorFor(t.db, 'dsl@city.example');
    const id = await addPlanAction(
      t.db,
      {
        organisationId,
        yearLabel: '2026-27',
        action: 'Refresh the e-learning',
        leadName: 'Coordinator',
        dueOn: '2020-01-31',
        createdBy: null,
      },
      new Date(),
    );
    const path = `/action-plan/actions/${id}/change`;
    const shown = await coordinator.get(path);
    assert.equal(shown.statusCode, 200);
    assert.match(shown.body, /Refresh the e-learning/);
    assert.match(shown.body, /name="due-year"[^>]*value="2020"/);
    const form = {
      action: 'Refresh the e-learning and the workbook',
      objective: 'Training current',
      input: 'Learning and development',
      desiredOutcome: 'Every new starter trained',
      leadName: 'Designated Safeguarding Lead',
      leadUserId: lead.userId,
      'due-day': '30',
      'due-month': '6',
      'due-year': nextYear,
      timescale: 'June',
      version: '1',
    };
    const blank = await coordinator.post(path, { ...form, leadName: ' ', 'due-day': '1', 'due-year': '2021' });
    assert.equal(blank.statusCode, 400);
    assert.match(blank.body, /govuk-error-summary/);
    assert.match(blank.body, /Enter the lead/);
    assert.match(blank.body, /The due date must be today or in the future/);
    assert.match(blank.body, /Refresh the e-learning and the workbook/, 'what was typed is kept');
    const stranger = await coordinator.post(path, { ...form, leadUserId: randomUUID() });
    assert.equal(stranger.statusCode, 400);
    assert.match(stranger.body, /Choose an account from the list/);
    const unchanged = await t.db
      .selectFrom('action_plan_actions')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    assert.deepEqual([unchanged.action, unchanged.version], ['Refresh the e-learning', 1]);

    // Its own past due date may stay while the words are corrected.
    const keptDate = await coordinator.post(path, {
      ...form,
      'due-day': '31',
      'due-month': '1',
      'due-year': '2020',
      leadUserId: '',
    });
    assert.equal(keptDate.statusCode, 303);
    assert.equal((await coordinator.post(path, form)).statusCode, 409, 'the version it was opened at is stale');
    const changed = await coordinator.post(path, { ...form, version: '2' });
    assert.equal(changed.statusCode, 303);
    assert.equal(changed.headers.location, `/action-plan/actions/${id}`);
    const row = await t.db.selectFrom('action_plan_actions').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(
      [
        row.action,
        row.objective,
        row.input,
        row.desired_outcome,
        row.lead_name,
        row.lead_user_id,
        row.due_on,
        row.timescale,
        row.version,
      ],
      [
        form.action,
        form.objective,
        form.input,
        form.desiredOutcome,
        form.leadName,
        lead.userId,
        `${nextYear}-06-30`,
        'June',
        3,
      ],
    );
    const history = await t.db
      .selectFrom('administration_changes')
      .select(['action', 'before', 'after'])
      .where('subject_type', '=', 'plan-action')
      .where('subject_id', '=', id)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((change) => change.action),
      ['changed', 'changed'],
    );
    assert.equal(JSON.parse(history[1]!.before!).dueOn, '2020-01-31');
    assert.equal(JSON.parse(history[1]!.after!).dueOn, `${nextYear}-06-30`);
    assert.doesNotMatch(history[1]!.after!, /Designated Safeguarding Lead/, 'no lead’s name in the history');
    const readerChange = await (await signedIn('dsl@city.example')).post(path, { ...form, version: '3' });
    assert.equal(readerChange.statusCode, 403);
  });

  it('changes the document control, and refuses a stale version or a missing owner', async () => {
    const plan = await planId('2023-24');
    await coordinator.get(`/action-plan/${plan}/document-control`);
    const form = {
      owner: 'Head of Community Safety',
      author: 'Safeguarding Coordinator',
      'lastReviewed-day': '1',
      'lastReviewed-month': '5',
      'lastReviewed-year': '2025',
      'nextReview-day': '1',
      'nextReview-month': '5',
      'nextReview-year': nextYear,
      documentVersion: '2',
      version: '1',
    };
    assert.equal(
      (await coordinator.post(`/action-plan/${plan}/document-control`, { ...form, owner: '' })).statusCode,
      400,
    );
    assert.equal((await coordinator.post(`/action-plan/${plan}/document-control`, form)).statusCode, 303);
    const stale = await coordinator.post(`/action-plan/${plan}/document-control`, { ...form, documentVersion: '3' });
    assert.equal(stale.statusCode, 409);
    const row = await t.db.selectFrom('action_plans').selectAll().where('id', '=', plan).executeTakeFirstOrThrow();
    assert.deepEqual(
      [row.owner, row.document_version, row.next_review_on, row.version],
      ['Head of Community Safety', '2', `${nextYear}-05-01`, 2],
    );
  });

  it('links an action raised in the self-assessment to its standard there', async () => {
    const at = new Date().toISOString();
    const templateId = randomUUID();
    const sectionId = randomUUID();
    const standardId = randomUUID();
    const assessmentId = randomUUID();
    const answerId = randomUUID();
    await t.db
      .insertInto('self_assessment_templates')
      .values({
        id: templateId,
        organisation_id: organisationId,
        title: 'Return',
        year_label: '2025-26',
        based_on_id: null,
        created_at: at,
        created_by: null,
      })
      .execute();
    await t.db
      .insertInto('self_assessment_sections')
      .values({ id: sectionId, template_id: templateId, number: 5, title: "People's Experiences of Safeguarding" })
      .execute();
    await t.db
      .insertInto('self_assessment_standards')
      .values({
        id: standardId,
        template_id: templateId,
        section_id: sectionId,
        number: '5.2',
        position: 1,
        question: 'Complaints?',
        guidance: null,
      })
      .execute();
    await t.db
      .insertInto('self_assessments')
      .values({
        id: assessmentId,
        organisation_id: organisationId,
        template_id: templateId,
        year_label: '2025-26',
        status: 'in_progress',
        started_from_id: null,
        created_at: at,
        created_by: null,
        submitted_at: null,
        submitted_by: null,
      })
      .execute();
    await t.db
      .insertInto('self_assessment_answers')
      .values({
        id: answerId,
        assessment_id: assessmentId,
        standard_id: standardId,
        response: null,
        evidence: null,
        rating: 'amber',
        progress: 'in_progress',
        updated_at: at,
        updated_by: null,
      })
      .execute();
    const id = await addPlanAction(
      t.db,
      {
        organisationId,
        yearLabel: '2025-26',
        action: 'Map complaints to concerns',
        leadName: 'Coordinator',
        dueOn: '2030-01-01',
        selfAssessmentAnswerId: answerId,
        createdBy: null,
      },
      new Date(),
    );
    const link = `/self-assessment/${assessmentId}/standards/${standardId}`;
    assert.match((await coordinator.get(`/action-plan/actions/${id}`)).body, new RegExp(`href="${link}"`));
    assert.match((await coordinator.get(`/action-plan/${await planId('2025-26')}`)).body, new RegExp(`href="${link}"`));
    // The link leads to the standard's page, which lists the action raised against it.
    const standardPage = await coordinator.get(link);
    assert.equal(standardPage.statusCode, 200);
    assert.match(standardPage.body, /Map complaints to concerns/);
    assert.match(standardPage.body, new RegExp(`href="/action-plan/actions/${id}"`), 'and links back to the plan');
  });

  it('lets a DSL and a senior leader read the plan but change nothing; a reporter sees none of it', async () => {
    const plan = await planId('2023-24');
    for (const email of ['dsl@city.example', 'leader@city.example']) {
      const reader = await signedIn(email);
      const page = await reader.get(`/action-plan/${plan}`);
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /Add an action|Change the document control/);
      const actions = await count('action_plan_actions');
      assert.equal((await reader.post('/action-plan/actions/new', { action: 'x' })).statusCode, 403);
      assert.equal(await count('action_plan_actions'), actions);
    }
    const reporter = await signedIn('reporter@city.example');
    assert.equal((await reporter.get('/action-plan')).statusCode, 403);
    // Another organisation's coordinator: the plan is not found.
    const district = await signedIn(await buildUser(t.db, 'reporter@district.example', ['coordinator']));
    assert.equal((await district.get(`/action-plan/${plan}`)).statusCode, 404);
  });
});
