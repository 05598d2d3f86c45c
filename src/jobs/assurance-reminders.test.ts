import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actorFor } from '../../test/support/builders.ts';
import { type JobsHarness, startJobsHarness } from '../../test/support/jobs.ts';
import { addPlanAction } from '../assurance/action-plan.queries.ts';
import { scheduleOverduePlanActionReminders } from './remind-overdue-plan-action.ts';
import { schedulePolicyReviewReminders } from './remind-policy-review.ts';

const day = 86_400_000;

// Overdue plan actions remind their lead, the policy's due review reminds the coordinator: each
// once for its due date, however often and on however many instances the schedule runs.
describe('assurance reminders', () => {
  let h: JobsHarness;
  let organisationId = '';
  let leadId = '';
  before(async () => {
    h = await startJobsHarness();
    const lead = await actorFor(h.db, 'dsl@city.example');
    organisationId = lead.organisationId;
    leadId = lead.userId;
  });
  after(() => h.close());

  const at = (date: string) => new Date(`${date}T09:00:00Z`);
  const about = (actionId: string) => h.smtp.received.filter((mail) => mail.text.includes(actionId));

  it('reminds an overdue action’s lead once for its due date, with no words of the plan in the email', async () => {
    const actionId = await addPlanAction(
      h.db,
      {
        organisationId,
        yearLabel: '2030-31',
        action: 'Audit the whistleblowing records of Jo Bloggs',
        leadName: 'Designated Safeguarding Lead',
        leadUserId: leadId,
        dueOn: '2030-06-30',
        createdBy: null,
      },
      at('2030-04-01'),
    );
    const schedule = (now: Date, db = h.db) => scheduleOverduePlanActionReminders(h.deps(now, db));
    await schedule(at('2030-06-30'));
    await h.runJobs(at('2030-06-30'));
    assert.equal(about(actionId).length, 0, 'not overdue on its due date');

    const second = h.connectAgain();
    await Promise.all([schedule(at('2030-07-01')), schedule(at('2030-07-01'), second)]);
    await schedule(new Date(at('2030-07-01').getTime() + day));
    await h.runJobs(at('2030-07-02'));
    await schedule(at('2030-08-01'));
    await h.runJobs(at('2030-08-01'));
    const sent = about(actionId);
    assert.equal(sent.length, 1, 'one email however often it runs');
    assert.deepEqual(sent[0]!.recipients, ['dsl@city.example']);
    assert.equal(sent[0]!.subject, 'Overdue: an action you lead in the safeguarding action plan was due 30 June 2030');
    assert.match(sent[0]!.text, new RegExp(`https://haven.council.example/action-plan/actions/${actionId}`));
    assert.doesNotMatch(sent[0]!.text + sent[0]!.subject, /whistleblowing|Jo Bloggs|Designated Safeguarding Lead/);
    const jobs = await h.db
      .selectFrom('jobs')
      .select(['dedupe_key', 'payload'])
      .where('dedupe_key', 'like', `plan-action-overdue:${actionId}%`)
      .execute();
    assert.deepEqual(
      jobs.map((job) => job.dedupe_key),
      [`plan-action-overdue:${actionId}:2030-06-30`],
    );
    assert.doesNotMatch(jobs[0]!.payload, /whistleblowing|Bloggs/);

    // A new due date that passes earns one more reminder; completing the action stops them.
    await h.db.updateTable('action_plan_actions').set({ due_on: '2030-09-30' }).where('id', '=', actionId).execute();
    await schedule(at('2030-10-01'));
    await h.runJobs(at('2030-10-01'));
    assert.equal(about(actionId).length, 2);
    await h.db.updateTable('action_plan_actions').set({ due_on: '2030-12-31' }).where('id', '=', actionId).execute();
    await schedule(at('2031-01-01'));
    await h.db.updateTable('action_plan_actions').set({ status: 'completed' }).where('id', '=', actionId).execute();
    const results = await h.runJobs(at('2031-01-01'));
    assert.ok(results.some((result) => result.outcome === 'no-longer-overdue'));
    assert.equal(about(actionId).length, 2);
  });

  it('reminds the coordinator once when the policy’s annual review or Cabinet approval falls due', async () => {
    await h.db
      .insertInto('safeguarding_policy_reviews')
      .values({
        organisation_id: organisationId,
        last_reviewed_on: '2029-04-20',
        last_approved_on: '2027-06-14',
        updated_at: new Date().toISOString(),
        updated_by: null,
      })
      .execute();
    const policyMail = () => h.smtp.received.filter((mail) => mail.text.includes('/safeguarding-policy'));
    const schedule = (now: Date) => schedulePolicyReviewReminders(h.deps(now));
    await schedule(at('2030-04-19'));
    await h.runJobs(at('2030-04-19'));
    assert.equal(policyMail().length, 0, 'nothing before a review is due');
    await schedule(at('2030-04-20'));
    await schedule(at('2030-04-21'));
    await h.runJobs(at('2030-04-21'));
    await schedule(at('2030-05-01'));
    await h.runJobs(at('2030-05-01'));
    assert.deepEqual(
      policyMail().map((mail) => [mail.subject, mail.recipients]),
      [
        [
          'The safeguarding policy’s annual review was due 20 April 2030',
          ['coordinator-dso@city.example', 'coordinator@city.example'],
        ],
      ],
    );
    await schedule(at('2030-06-14'));
    await h.runJobs(at('2030-06-14'));
    assert.equal(policyMail().length, 2);
    assert.equal(policyMail()[1]!.subject, 'Cabinet approval of the safeguarding policy was due 14 June 2030');
    // Recorded as reviewed before the worker got to it: no email.
    await h.db.updateTable('safeguarding_policy_reviews').set({ last_reviewed_on: '2030-04-25' }).execute();
    await schedule(at('2031-04-25'));
    await h.db.updateTable('safeguarding_policy_reviews').set({ last_reviewed_on: '2031-04-25' }).execute();
    const results = await h.runJobs(at('2031-04-25'));
    assert.ok(results.some((result) => result.outcome === 'already-reviewed'));
    assert.equal(policyMail().length, 2);
  });
});
