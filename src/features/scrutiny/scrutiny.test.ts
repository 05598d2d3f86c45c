import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type TestApp, startTestApp } from '../../../test/support/app.ts';
import { actorFor } from '../../../test/support/builders.ts';
import { WebClient } from '../../../test/support/web-client.ts';

// Scrutiny's recommendations (seed 003), Cabinet's responses with the version check, follow-up
// actions that land in the action plan through addPlanAction, and the policy's review dates.
describe('Scrutiny recommendations and the policy’s review dates', () => {
  let t: TestApp;
  let coordinator: WebClient;
  let organisationId = '';
  const nextYear = String(new Date().getFullYear() + 1);

  before(async () => {
    t = await startTestApp();
    coordinator = new WebClient(t.app);
    await coordinator.signIn('coordinator@city.example');
    organisationId = (await actorFor(t.db, 'coordinator@city.example')).organisationId;
  });
  after(() => t.close());

  it('ships seed 003’s two safeguarding recommendations with Cabinet’s responses', async () => {
    const page = await coordinator.get('/scrutiny');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /City of Sanctuary/);
    assert.match(page.body, /Partially agreed/);
    assert.match(page.body, /contextual data needed to judge the effectiveness/);
    const rows = await t.db
      .selectFrom('scrutiny_recommendations')
      .select(['number', 'response', 'made_on', 'responded_on'])
      .where('organisation_id', '=', organisationId)
      .orderBy('number')
      .execute();
    assert.deepEqual(rows, [
      { number: 1, response: 'partially_agreed', made_on: '2021-06-08', responded_on: '2021-06-16' },
      { number: 2, response: 'agreed', made_on: '2021-06-08', responded_on: '2021-06-16' },
    ]);
  });

  it('records a recommendation and Cabinet’s response, tells a second responder, and adds a follow-up to the plan', async () => {
    await coordinator.get('/scrutiny/new');
    const refused = await coordinator.post('/scrutiny/new', {
      number: 'one',
      recommendation: '',
      committee: 'Scrutiny Committee',
    });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /Enter the recommendation’s number/);
    assert.match(refused.body, /Enter the recommendation</);
    assert.match(refused.body, /Enter the date of the recommendation/);
    const added = await coordinator.post('/scrutiny/new', {
      number: '3',
      recommendation: 'That the Council publishes its safeguarding training figures',
      'made-day': '7',
      'made-month': '6',
      'made-year': '2023',
      committee: 'Scrutiny Committee',
      reportTitle: 'Safeguarding Report 2022/23',
    });
    assert.equal(added.statusCode, 303);
    const path = String(added.headers.location);
    assert.match((await coordinator.get(path)).body, /Awaiting Cabinet/);

    const response = {
      response: 'partially_agreed',
      comment: 'Figures by quarter in the annual report',
      responsibleMember: 'Cabinet Member for a Safer, Healthier Oxford',
      'responded-day': '14',
      'responded-month': '6',
      'responded-year': '2023',
      version: '1',
    };
    assert.equal((await coordinator.post(`${path}/response`, { ...response, response: 'maybe' })).statusCode, 400);
    assert.equal((await coordinator.post(`${path}/response`, response)).statusCode, 303);
    const second = await coordinator.post(`${path}/response`, { ...response, response: 'not_agreed' });
    assert.equal(second.statusCode, 409);
    assert.match(second.body, /Someone else changed this/);

    const noLead = await coordinator.post(`${path}/actions`, { action: 'Publish the figures', leadName: '' });
    assert.equal(noLead.statusCode, 400);
    assert.match(noLead.body, /Enter the lead/);
    assert.match(noLead.body, /Enter the due date/);
    const strangerLead = await coordinator.post(`${path}/actions`, {
      action: 'Publish the training figures each quarter',
      leadName: 'Safeguarding Coordinator',
      leadUserId: (await actorFor(t.db, 'reporter@district.example')).userId,
      'due-day': '30',
      'due-month': '6',
      'due-year': nextYear,
    });
    assert.equal(strangerLead.statusCode, 400, 'another organisation’s account cannot lead');
    assert.match(strangerLead.body, /Choose an account from the list/);
    assert.match(
      (await coordinator.get(path)).body,
      /Lead’s Haven account|Lead&#39;s Haven account|Lead's Haven account/,
    );
    const lead = await actorFor(t.db, 'dsl@city.example');
    const followUp = await coordinator.post(`${path}/actions`, {
      action: 'Publish the training figures each quarter',
      leadName: 'Safeguarding Coordinator',
      leadUserId: lead.userId,
      'due-day': '30',
      'due-month': '6',
      'due-year': nextYear,
    });
    assert.equal(followUp.statusCode, 303);
    const recommendationId = path.split('/').pop()!;
    const action = await t.db
      .selectFrom('action_plan_actions')
      .innerJoin('action_plans', 'action_plans.id', 'action_plan_actions.action_plan_id')
      .select([
        'action_plan_actions.id',
        'action_plan_actions.due_on',
        'action_plan_actions.lead_user_id',
        'action_plans.id as plan_id',
      ])
      .where('scrutiny_recommendation_id', '=', recommendationId)
      .executeTakeFirstOrThrow();
    assert.equal(action.due_on, `${nextYear}-06-30`);
    assert.equal(action.lead_user_id, lead.userId, 'the overdue reminder reaches the lead’s account');
    const plan = await coordinator.get(`/action-plan/${action.plan_id}`);
    assert.match(plan.body, /Publish the training figures each quarter/);
    assert.match(plan.body, new RegExp(`href="/scrutiny/${recommendationId}"`));
    assert.match((await coordinator.get(path)).body, /Publish the training figures each quarter/);
    const saved = await t.db
      .selectFrom('scrutiny_recommendations')
      .selectAll()
      .where('id', '=', recommendationId)
      .executeTakeFirstOrThrow();
    assert.deepEqual([saved.response, saved.version], ['partially_agreed', 2]);
    const history = await t.db
      .selectFrom('administration_changes')
      .select(['subject_type', 'action'])
      .where('subject_type', 'in', ['scrutiny-recommendation', 'plan-action'])
      .where('organisation_id', '=', organisationId)
      .orderBy('id')
      .execute();
    assert.deepEqual(
      history.map((change) => `${change.subject_type} ${change.action}`),
      [
        'scrutiny-recommendation recorded',
        'scrutiny-recommendation Cabinet response recorded',
        'plan-action raised from Scrutiny',
      ],
    );
  });

  it('records the policy’s review dates and shows when the next review and Cabinet approval fall due', async () => {
    const empty = await coordinator.get('/safeguarding-policy');
    assert.match(empty.body, /Not recorded/);
    const dates = {
      'reviewed-day': '20',
      'reviewed-month': '4',
      'reviewed-year': '2023',
      'approved-day': '14',
      'approved-month': '6',
      'approved-year': '2023',
      version: '1',
    };
    assert.equal(
      (await coordinator.post('/safeguarding-policy', { ...dates, 'approved-year': nextYear })).statusCode,
      400,
    );
    assert.equal((await coordinator.post('/safeguarding-policy', dates)).statusCode, 303);
    const page = await coordinator.get('/safeguarding-policy');
    assert.match(page.body, /20 April 2024/, 'annual review a year on');
    assert.match(page.body, /14 June 2026/, 'Cabinet approval three years on');
    assert.equal((await coordinator.post('/safeguarding-policy', dates)).statusCode, 409, 'a stale version');
  });
});
