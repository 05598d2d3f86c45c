import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildConcern, buildTriage } from '../../test/support/builders.ts';
import { type JobsHarness, startJobsHarness } from '../../test/support/jobs.ts';
import { formatDeadline } from '../mail/concern-messages.ts';
import { scheduleTriageBreachWarnings } from './schedule-triage-breach-warnings.ts';

const hour = 3_600_000;

describe('triage breach warnings', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  const plus = (at: Date, ms: number) => new Date(at.getTime() + ms);
  const schedule = (now: Date, db = h.db) => scheduleTriageBreachWarnings(h.deps(now, db));
  const warnings = (concernId: string) =>
    h.smtp.received.filter((mail) => mail.text.includes(concernId) && !mail.subject.startsWith('New'));
  const jobsFor = (concernId: string) =>
    h.db
      .selectFrom('jobs')
      .select('dedupe_key')
      .where('dedupe_key', 'in', [`triage-warning:${concernId}`, `triage-breach:${concernId}`])
      .orderBy('created_at')
      .execute();

  /** A concern awaiting triage whose deadline is `deadline`; its new-concern email already sent. */
  async function concernDueAt(deadline: Date, reporter = 'reporter@city.example') {
    const concern = await buildConcern(h.db, reporter);
    await h.db
      .updateTable('concerns')
      .set({ triage_deadline_at: deadline.toISOString() })
      .where('id', '=', concern.id)
      .execute();
    await h.runJobs(new Date());
    return concern;
  }

  it('warns the DSOs once in the window and once at the breach, however often and wherever it runs', async () => {
    const deadline = plus(new Date(), 24 * hour);
    const concern = await concernDueAt(deadline);
    await schedule(plus(deadline, -3 * hour));
    assert.deepEqual(await jobsFor(concern.id), [], 'outside the two-hour window');

    const secondInstance = h.connectAgain();
    await Promise.all([schedule(plus(deadline, -hour)), schedule(plus(deadline, -hour), secondInstance)]);
    await schedule(plus(deadline, -hour + 60_000));
    assert.deepEqual(await jobsFor(concern.id), [{ dedupe_key: `triage-warning:${concern.id}` }]);
    await h.runJobs(plus(deadline, -hour));
    const [warning] = warnings(concern.id);
    assert.deepEqual(warning?.recipients, ['coordinator-dso@city.example', 'dso@city.example']);
    assert.equal(
      warning.subject,
      `Safeguarding concern ${concern.reference} still needs triage by ${formatDeadline(deadline)}`,
    );

    await schedule(plus(deadline, 60_000));
    await schedule(plus(deadline, 120_000));
    await h.runJobs(plus(deadline, 120_000));
    await schedule(plus(deadline, 48 * hour));
    await h.runJobs(plus(deadline, 48 * hour));
    assert.equal((await jobsFor(concern.id)).length, 2);
    const sent = warnings(concern.id);
    assert.equal(sent.length, 2);
    assert.equal(
      sent[1]?.subject,
      `Safeguarding concern ${concern.reference} missed its triage deadline of ${formatDeadline(deadline)}`,
    );
    assert.ok(sent[1].text.includes(`https://haven.council.example/concerns/${concern.id}`));
  });

  it('sends only the breach when the warning window went by unseen', async () => {
    const deadline = plus(new Date(), hour);
    const concern = await concernDueAt(deadline, 'reporter@district.example');
    await schedule(plus(deadline, 5 * hour));
    await h.runJobs(plus(deadline, 5 * hour));
    assert.deepEqual(await jobsFor(concern.id), [{ dedupe_key: `triage-breach:${concern.id}` }]);
    assert.deepEqual(
      warnings(concern.id).map((mail) => mail.recipients),
      [['dso@district.example']],
    );
  });

  it('says nothing about a concern once it is triaged, even if a warning was already due', async () => {
    const deadline = plus(new Date(), 24 * hour);
    const triaged = await concernDueAt(deadline);
    await buildTriage(h.db, triaged.id);
    await schedule(plus(deadline, hour));
    assert.deepEqual(await jobsFor(triaged.id), []);

    const triagedLate = await concernDueAt(deadline);
    await schedule(plus(deadline, -hour));
    await buildTriage(h.db, triagedLate.id);
    const results = await h.runJobs(plus(deadline, -hour));
    assert.ok(results.some((result) => result.outcome === 'already-triaged'));
    assert.equal(warnings(triagedLate.id).length, 0);
  });
});
