import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { tamperWithAudit } from '../../test/support/audit-tamper.ts';
import { actorFor } from '../../test/support/builders.ts';
import { type JobsHarness, silentLog, startJobsHarness } from '../../test/support/jobs.ts';
import { recordAuditEvents } from '../concerns/audit.queries.ts';
import { jobKinds } from './job-kinds.ts';
import { runSchedules } from './job-worker.ts';

describe('the scheduled audit chain check', () => {
  let h: JobsHarness;
  before(async () => {
    h = await startJobsHarness();
  });
  after(() => h.close());

  const day = (n: number) => new Date(Date.UTC(2027, 0, n, 3, 0));
  const poll = async (now: Date) => {
    await runSchedules({ deps: h.deps(now), kinds: jobKinds, workerId: 'test-worker', log: silentLog });
    return h.runJobs(now);
  };
  const alerts = () => h.smtp.received.filter((mail) => mail.subject.includes('audit trail'));
  const outcomes = (results: Awaited<ReturnType<typeof poll>>, kind: string) =>
    results.filter((result) => result.kind === kind).map((result) => result.outcome);

  it('checks every organisation once a day, tells the DSLs of a break once, and again only for new breaks', async () => {
    const actor = await actorFor(h.db, 'dsl@city.example');
    for (let i = 0; i < 5; i++) await recordAuditEvents(h.db, actor, 'concern.viewed', [randomUUID()], null);

    const first = await poll(day(1));
    assert.deepEqual(outcomes(first, 'verify-audit-chain'), ['unbroken', 'unbroken'], 'both demo organisations');
    assert.deepEqual(outcomes(await poll(new Date(day(1).getTime() + 3_600_000)), 'verify-audit-chain'), []);
    assert.equal(alerts().length, 0);

    const events = await h.db
      .selectFrom('audit_events')
      .select(['id', 'chain_seq'])
      .where('organisation_id', '=', actor.organisationId)
      .orderBy('chain_seq')
      .execute();
    const changed = events[1]!;
    await tamperWithAudit(h.db, (trx) =>
      trx.updateTable('audit_events').set({ subject_id: randomUUID() }).where('id', '=', changed.id).execute(),
    );
    const second = await poll(day(2));
    assert.deepEqual(outcomes(second, 'verify-audit-chain').sort(), ['broken-alert-queued', 'unbroken']);
    assert.deepEqual(outcomes(second, 'alert-audit-chain-break'), ['sent']);
    const [alert, ...more] = alerts();
    assert.equal(more.length, 0);
    assert.deepEqual(alert?.recipients, ['dsl@city.example', 'hbi@city.example', 'head-of-service@city.example']);
    assert.equal(alert.subject, 'Haven’s audit trail failed its integrity check');
    assert.match(
      alert.text,
      new RegExp(`found 1 break\\.\\s+The first is at sequence 2, event ${changed.id} \\(changed\\)`),
    );
    // Names no one: not the DSLs, not the organisation, no one in the audit.
    const names = await h.db.selectFrom('users').select('display_name').execute();
    const organisations = await h.db.selectFrom('organisations').select('name').execute();
    for (const name of [...names.map((n) => n.display_name), ...organisations.map((o) => o.name)]) {
      assert.ok(!alert.raw.includes(name), name);
    }

    await poll(day(3));
    await poll(day(4));
    assert.equal(alerts().length, 1, 'the same break is not told twice');

    await tamperWithAudit(h.db, (trx) => trx.deleteFrom('audit_events').where('id', '=', events[3]!.id).execute());
    const fifth = await poll(day(5));
    assert.deepEqual(outcomes(fifth, 'alert-audit-chain-break'), ['sent']);
    assert.equal(alerts().length, 2);
    assert.match(alerts()[1]!.text, /found 2 breaks/);
  });
});
