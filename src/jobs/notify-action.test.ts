import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { actorFor, buildConcern } from '../../test/support/builders.ts';
import { type JobsHarness, startJobsHarness } from '../../test/support/jobs.ts';
import { runSchedules } from './job-worker.ts';
import { jobKinds } from './job-kinds.ts';
import { silentLog } from '../../test/support/jobs.ts';
import { enqueueActionDirected } from './notify-action.ts';
import { encryptField } from '../field-encryption/field-encryption.ts';

describe('action notifications (procedures 14.2)', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  async function directAction(dueOn: string, description = 'Visit Zebedee Quartermaine at 12 Larkspur Road') {
    const concern = await buildConcern(h.db, 'reporter@city.example');
    const manager = await actorFor(h.db, 'manager@city.example');
    const actionId = randomUUID();
    await h.db
      .insertInto('concern_actions')
      .values({
        id: actionId,
        organisation_id: manager.organisationId,
        concern_id: concern.id,
        description: encryptField(description),
        assignee_id: manager.userId,
        due_on: dueOn,
        created_by: manager.userId,
        created_at: new Date().toISOString(),
      })
      .execute();
    await enqueueActionDirected(h.db, { organisationId: manager.organisationId, actionId });
    return { concern, actionId };
  }
  const mailAbout = (reference: string) =>
    h.smtp.received.filter((mail) => mail.subject.includes(reference) && mail.subject.includes('action'));
  /** A worker's poll: its schedules, then its due jobs. */
  const poll = async (now: Date) => {
    await runSchedules({ deps: h.deps(now), kinds: jobKinds, workerId: 'test-worker', log: silentLog });
    await h.runJobs(now);
  };

  it('tells the person an action is for, with the reference and due date but not the action’s words', async () => {
    const { concern } = await directAction('2027-03-01');
    await poll(new Date('2027-02-01T09:00:00Z'));
    const [mail, ...more] = mailAbout(concern.reference);
    assert.equal(more.length, 0);
    assert.deepEqual(mail?.recipients, ['manager@city.example']);
    assert.equal(
      mail.subject,
      `An action on safeguarding concern ${concern.reference} is for you, due Monday 1 March 2027`,
    );
    for (const personal of ['Zebedee', 'Larkspur', 'Visit']) assert.ok(!mail.raw.includes(personal), personal);
  });

  it('reminds once the working day before, and once when overdue, never after it is done', async () => {
    const { concern, actionId } = await directAction('2027-03-01');
    const friday = new Date('2027-02-26T09:00:00Z');
    await poll(friday);
    await poll(friday);
    const tuesday = new Date('2027-03-02T09:00:00Z');
    await poll(tuesday);
    await poll(tuesday);
    const subjects = mailAbout(concern.reference).map((mail) => mail.subject.split(':')[0]);
    assert.deepEqual(subjects, [
      `An action on safeguarding concern ${concern.reference} is for you, due Monday 1 March 2027`.split(':')[0],
      'Reminder',
      'Overdue',
    ]);

    const done = await directAction('2027-03-01');
    await h.db
      .updateTable('concern_actions')
      .set({ done_at: new Date().toISOString() })
      .where('id', '=', done.actionId)
      .execute();
    await poll(tuesday);
    assert.equal(mailAbout(done.concern.reference).length, 0);
    assert.ok(
      (await h.db.selectFrom('jobs').select('id').where('dedupe_key', '=', `action-overdue:${actionId}`).execute())
        .length === 1,
    );
  });
});
